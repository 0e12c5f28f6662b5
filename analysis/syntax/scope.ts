import type { TSESTree } from '@typescript-eslint/types';
import { forEachChild, type FunctionNode, type Identifier, type Node, type Program } from './ast';

/*
 * A small scope resolver over the neutral tree. ESLint has one (eslint-scope) but jscodeshift has none
 * that matches, and the analysis must read both dialects alike; this one resolves names well enough to
 * tell a local `process` from the global one, to follow `const f = async () => …` to its definition, and
 * to list every reference of a promise handle. One pass declares and collects references, then each
 * reference is resolved once: linear in the size of the file.
 */

export type BindingKind = 'var' | 'let' | 'const' | 'using' | 'function' | 'class' | 'param' | 'import' | 'catch' | 'enum';

export interface Binding {
  readonly name: string;
  readonly kind: BindingKind;
  /** The identifier that declares the name. */
  readonly id: Identifier;
  /** The declaring node: VariableDeclarator, FunctionDeclaration, ImportSpecifier, ClassDeclaration, param pattern… */
  readonly definition: Node;
  /** For imports: the module specifier (`'node:fs/promises'`). */
  readonly importSource: string | null;
  /** For imports: the imported name (`default`, `*` for namespaces, or the exported name). */
  readonly importedName: string | null;
  readonly scope: Scope;
  readonly references: Identifier[];
  /** Assignments after the declaration (`x = …`, `x++`, destructuring targets). */
  writes: number;
}

export interface Scope {
  readonly node: Node;
  readonly parent: Scope | null;
  /** The function (or the program) whose body this scope belongs to. */
  readonly owner: FunctionNode | Program;
  readonly bindings: Map<string, Binding>;
}

type PatternRole = { kind: BindingKind; definition: Node; importSource?: string; importedName?: string } | 'write' | null;

export class ScopeInfo {
  private readonly bindingByIdentifier = new Map<Identifier, Binding>();
  private readonly scopeByNode = new Map<Node, Scope>();
  /** Identifiers that are references, with the scope they appear in. */
  private readonly pending: Array<[Identifier, Scope, boolean]> = [];
  readonly moduleScope: Scope;
  /** Every declared name in the file: new names must avoid all of them. */
  readonly declaredNames = new Set<string>();
  /** References that resolve to no declaration: globals (`process`, `fetch`, `it`, `self`). */
  readonly globalReferences = new Map<string, Identifier[]>();

  constructor(program: Program) {
    this.moduleScope = this.createScope(program, null, program);
    this.hoist(program.body, this.moduleScope);
    this.declareLexical(program.body, this.moduleScope, true);
    for (const statement of program.body) this.visit(statement, this.moduleScope);
    for (const [id, scope, isWrite] of this.pending) {
      const binding = lookup(scope, id.name);
      if (binding) {
        binding.references.push(id);
        if (isWrite) binding.writes++;
        this.bindingByIdentifier.set(id, binding);
      } else {
        const list = this.globalReferences.get(id.name);
        if (list) list.push(id);
        else this.globalReferences.set(id.name, [id]);
      }
    }
    this.pending.length = 0;
  }

  /** The binding an identifier declares or refers to; null for globals and property names. */
  bindingOf(id: Identifier): Binding | null {
    return this.bindingByIdentifier.get(id) ?? null;
  }

  /** True when `id` is a reference to a global that no declaration in the file shadows. */
  isGlobalReference(id: Node, name?: string): id is Identifier {
    if (id.type !== 'Identifier' || (name !== undefined && id.name !== name)) return false;
    return !this.bindingByIdentifier.has(id) && (this.globalReferences.get(id.name)?.includes(id) ?? false);
  }

  /** The scope created by a function, block or program node, if any. */
  scopeOf(node: Node): Scope | undefined {
    return this.scopeByNode.get(node);
  }

  private createScope(node: Node, parent: Scope | null, owner: FunctionNode | Program): Scope {
    const scope: Scope = { node, parent, owner, bindings: new Map() };
    this.scopeByNode.set(node, scope);
    return scope;
  }

  private declare(id: Identifier, scope: Scope, role: Exclude<PatternRole, 'write' | null>): void {
    const existing = scope.bindings.get(id.name);
    this.declaredNames.add(id.name);
    if (existing) {
      // `var x; var x;` or a function redeclared: one binding, the later definition counts as a write.
      existing.writes++;
      this.bindingByIdentifier.set(id, existing);
      return;
    }
    const binding: Binding = {
      name: id.name,
      kind: role.kind,
      id,
      definition: role.definition,
      importSource: role.importSource ?? null,
      importedName: role.importedName ?? null,
      scope,
      references: [],
      writes: 0,
    };
    scope.bindings.set(id.name, binding);
    this.bindingByIdentifier.set(id, binding);
  }

  /** Declares `var` names and function declarations of a body in its function scope before visiting it. */
  private hoist(statements: readonly Node[], scope: Scope): void {
    const visitVar = (node: Node): void => {
      switch (node.type) {
        case 'VariableDeclaration':
          if (node.kind === 'var') {
            for (const declarator of node.declarations) this.declarePattern(declarator.id, scope, { kind: 'var', definition: declarator });
          }
          return;
        case 'FunctionDeclaration':
        case 'FunctionExpression':
        case 'ArrowFunctionExpression':
        case 'ClassDeclaration':
        case 'ClassExpression':
          return;
        default:
          forEachChild(node, visitVar);
      }
    };
    for (const statement of statements) {
      visitVar(statement);
      const declaration = unwrapExport(statement);
      if (declaration?.type === 'FunctionDeclaration' && declaration.id) {
        this.declare(declaration.id, scope, { kind: 'function', definition: declaration });
      }
    }
  }

  /** Declares the lexical names of a block (let/const/class/functions) before its statements run. */
  private declareLexical(statements: readonly Node[], scope: Scope, isFunctionBody: boolean): void {
    for (const statement of statements) {
      const declaration = unwrapExport(statement) ?? statement;
      if (declaration.type === 'VariableDeclaration' && declaration.kind !== 'var') {
        const kind: BindingKind = declaration.kind === 'let' ? 'let' : declaration.kind === 'const' ? 'const' : 'using';
        for (const declarator of declaration.declarations) this.declarePattern(declarator.id, scope, { kind, definition: declarator });
      } else if (declaration.type === 'ClassDeclaration' && declaration.id) {
        this.declare(declaration.id, scope, { kind: 'class', definition: declaration });
      } else if (declaration.type === 'FunctionDeclaration' && declaration.id && !isFunctionBody) {
        this.declare(declaration.id, scope, { kind: 'function', definition: declaration });
      } else if (
        declaration.type === 'TSImportEqualsDeclaration' &&
        declaration.importKind !== 'type' &&
        declaration.moduleReference.type === 'TSExternalModuleReference'
      ) {
        // `import cp = require('node:child_process')`
        const source = declaration.moduleReference.expression.type === 'Literal' ? String(declaration.moduleReference.expression.value) : '';
        this.declare(declaration.id, scope, { kind: 'import', definition: declaration, importSource: source, importedName: '*' });
      } else if (declaration.type === 'TSDeclareFunction' && declaration.id && !scope.bindings.has(declaration.id.name)) {
        // `declare function blockFor(ms: number): void;` names a value too.
        this.declare(declaration.id, scope, { kind: 'function', definition: declaration });
      } else if (declaration.type === 'TSEnumDeclaration') {
        this.declare(declaration.id, scope, { kind: 'enum', definition: declaration });
      } else if (declaration.type === 'ImportDeclaration' && declaration.importKind !== 'type') {
        const source = String(declaration.source.value);
        for (const specifier of declaration.specifiers) {
          if (specifier.type === 'ImportSpecifier' && specifier.importKind === 'type') continue;
          const importedName =
            specifier.type === 'ImportDefaultSpecifier'
              ? 'default'
              : specifier.type === 'ImportNamespaceSpecifier'
                ? '*'
                : specifier.imported.type === 'Identifier'
                  ? specifier.imported.name
                  : String(specifier.imported.value);
          this.declare(specifier.local, scope, { kind: 'import', definition: specifier, importSource: source, importedName });
        }
      }
    }
  }

  private declarePattern(pattern: Node, scope: Scope, role: Exclude<PatternRole, 'write' | null>): void {
    this.visitPattern(pattern, scope, role);
  }

  /** Walks a binding or assignment target: names are declared (or written), defaults and computed keys are read. */
  private visitPattern(pattern: Node, scope: Scope, role: PatternRole): void {
    switch (pattern.type) {
      case 'Identifier':
        if (role === 'write') this.pending.push([pattern, scope, true]);
        else if (role) this.declare(pattern, scope, role);
        return;
      case 'ObjectPattern':
        for (const property of pattern.properties) {
          if (property.type === 'RestElement') this.visitPattern(property.argument, scope, role);
          else {
            if (property.computed) this.visit(property.key, scope);
            this.visitPattern(property.value, scope, role);
          }
        }
        return;
      case 'ArrayPattern':
        for (const element of pattern.elements) if (element) this.visitPattern(element, scope, role);
        return;
      case 'RestElement':
        this.visitPattern(pattern.argument, scope, role);
        return;
      case 'AssignmentPattern':
        this.visitPattern(pattern.left, scope, role);
        this.visit(pattern.right, scope);
        return;
      case 'TSParameterProperty':
        this.visitPattern(pattern.parameter, scope, role);
        return;
      default:
        // A member expression target (`a.b = …`) or anything else: its parts are reads.
        if (role === 'write' || role === null) this.visit(pattern, scope);
    }
  }

  private visitFunction(node: FunctionNode, scope: Scope): void {
    const inner = this.createScope(node, scope, node);
    if (node.type === 'FunctionExpression' && node.id) this.declare(node.id, inner, { kind: 'function', definition: node });
    for (const param of node.params) this.visitPattern(param, inner, { kind: 'param', definition: param });
    if (node.body.type === 'BlockStatement') {
      this.scopeByNode.set(node.body, inner);
      this.hoist(node.body.body, inner);
      this.declareLexical(node.body.body, inner, true);
      for (const statement of node.body.body) this.visit(statement, inner);
    } else {
      this.visit(node.body, inner);
    }
  }

  private visit(node: Node, scope: Scope): void {
    switch (node.type) {
      case 'Identifier':
        this.pending.push([node, scope, false]);
        return;
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        this.visitFunction(node, scope);
        return;
      case 'Program':
        return;
      case 'BlockStatement':
      case 'StaticBlock': {
        const inner = this.createScope(node, scope, scope.owner);
        this.declareLexical(node.body, inner, false);
        for (const statement of node.body) this.visit(statement, inner);
        return;
      }
      case 'SwitchStatement': {
        this.visit(node.discriminant, scope);
        const inner = this.createScope(node, scope, scope.owner);
        for (const switchCase of node.cases) this.declareLexical(switchCase.consequent, inner, false);
        for (const switchCase of node.cases) {
          if (switchCase.test) this.visit(switchCase.test, inner);
          for (const statement of switchCase.consequent) this.visit(statement, inner);
        }
        return;
      }
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement': {
        const inner = this.createScope(node, scope, scope.owner);
        const head = node.type === 'ForStatement' ? node.init : node.left;
        if (head?.type === 'VariableDeclaration') {
          if (head.kind !== 'var') this.declareLexical([head], inner, false);
          this.visitDeclaration(head, inner);
        } else if (head) {
          if (node.type === 'ForStatement') this.visit(head, inner);
          else this.visitPattern(head, inner, 'write');
        }
        if (node.type === 'ForStatement') {
          if (node.test) this.visit(node.test, inner);
          if (node.update) this.visit(node.update, inner);
        } else {
          this.visit(node.right, inner);
        }
        this.visit(node.body, inner);
        return;
      }
      case 'CatchClause': {
        const inner = this.createScope(node, scope, scope.owner);
        if (node.param) this.visitPattern(node.param, inner, { kind: 'catch', definition: node.param });
        this.scopeByNode.set(node.body, inner);
        this.declareLexical(node.body.body, inner, false);
        for (const statement of node.body.body) this.visit(statement, inner);
        return;
      }
      case 'VariableDeclaration':
        this.visitDeclaration(node, scope);
        return;
      case 'ClassDeclaration':
      case 'ClassExpression':
        if (node.superClass) this.visit(node.superClass, scope);
        for (const member of node.body.body) this.visit(member, scope);
        return;
      case 'MethodDefinition':
      case 'PropertyDefinition':
      case 'AccessorProperty':
        if (node.computed) this.visit(node.key, scope);
        if (node.value) this.visit(node.value, scope);
        return;
      case 'Property':
        if (node.computed) this.visit(node.key, scope);
        this.visit(node.value, scope);
        return;
      case 'MemberExpression':
        this.visit(node.object, scope);
        if (node.computed) this.visit(node.property, scope);
        return;
      case 'AssignmentExpression':
        this.visitPattern(node.left, scope, 'write');
        if (node.operator !== '=' && node.left.type === 'Identifier') this.pending.push([node.left, scope, false]);
        this.visit(node.right, scope);
        return;
      case 'UpdateExpression':
        if (node.argument.type === 'Identifier') this.pending.push([node.argument, scope, true]);
        else this.visit(node.argument, scope);
        return;
      case 'LabeledStatement':
        this.visit(node.body, scope);
        return;
      case 'BreakStatement':
      case 'ContinueStatement':
      case 'MetaProperty':
      case 'ImportDeclaration':
        return;
      case 'ExportNamedDeclaration':
        if (node.declaration) this.visit(node.declaration, scope);
        else if (!node.source) for (const specifier of node.specifiers) this.visit(specifier.local, scope);
        return;
      case 'ExportAllDeclaration':
        return;
      case 'TSEnumDeclaration':
        return;
      default:
        forEachChild(node, (child) => this.visit(child, scope));
    }
  }

  private visitDeclaration(node: TSESTree.VariableDeclaration, scope: Scope): void {
    for (const declarator of node.declarations) {
      // Names were declared by hoist/declareLexical; here the patterns' defaults and the initializer are read.
      this.visitPatternReads(declarator.id, scope);
      if (declarator.init) this.visit(declarator.init, scope);
    }
  }

  private visitPatternReads(pattern: Node, scope: Scope): void {
    switch (pattern.type) {
      case 'ObjectPattern':
        for (const property of pattern.properties) {
          if (property.type === 'RestElement') this.visitPatternReads(property.argument, scope);
          else {
            if (property.computed) this.visit(property.key, scope);
            this.visitPatternReads(property.value, scope);
          }
        }
        return;
      case 'ArrayPattern':
        for (const element of pattern.elements) if (element) this.visitPatternReads(element, scope);
        return;
      case 'AssignmentPattern':
        this.visitPatternReads(pattern.left, scope);
        this.visit(pattern.right, scope);
        return;
      default:
    }
  }
}

function lookup(scope: Scope | null, name: string): Binding | null {
  for (let current = scope; current; current = current.parent) {
    const binding = current.bindings.get(name);
    if (binding) return binding;
  }
  return null;
}

function unwrapExport(statement: Node): Node | null {
  if (statement.type === 'ExportNamedDeclaration') return statement.declaration;
  if (statement.type === 'ExportDefaultDeclaration') return statement.declaration;
  return statement;
}

/** The names a program refers to without declaring them: globals, or names a rewrite forgot to bring along. */
export function undeclaredNames(program: Program): ReadonlySet<string> {
  return new Set(new ScopeInfo(program).globalReferences.keys());
}

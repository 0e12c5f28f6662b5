import {
  entityNameParts,
  field,
  list,
  memberName,
  paramsOf,
  parameterShape,
  returnTypeOf,
  superTypeArgumentsOf,
  typeArgumentsOf,
  typeParametersOf,
  type AnyNode,
} from '../syntax/type-syntax';
import { DeclarationNames, type Declared, type TypeModule } from './declaration-names';
import { PLAIN, UNKNOWN, union, type Env, type MemberSource, type Shape, type Signature, type TypeRef } from './declared-shapes';

export type { Declared, TypeModule };
export { PLAIN, UNKNOWN, union, type Env, type MemberSource, type Shape, type Signature, type TypeRef };

/*
 * Declared types, read from the syntax alone: the annotations and declarations of the linted file, of the
 * project's other modules and of installed packages' `.d.ts` files, without a type checker. It answers one
 * question well — does this value have a thenable type? — by following type names (aliases, generics,
 * interfaces merged and extended, classes and their superclasses, indexed access), as far as the written
 * types go. Whatever it cannot follow is `unknown`, never a guess.
 */

const PROMISE_METHODS = new Set(['then', 'catch', 'finally']);
const EMPTY_ENV: Env = new Map();

/** Global types known not to be thenables (their methods are not promises). */
const PLAIN_GLOBALS = new Set([
  'Array',
  'ReadonlyArray',
  'Map',
  'Set',
  'WeakMap',
  'WeakSet',
  'ReadonlyMap',
  'ReadonlySet',
  'Date',
  'RegExp',
  'Error',
  'Record',
]);
const PLAIN_KEYWORDS = new Set([
  'TSStringKeyword',
  'TSNumberKeyword',
  'TSBooleanKeyword',
  'TSBigIntKeyword',
  'TSSymbolKeyword',
  'TSVoidKeyword',
  'TSUndefinedKeyword',
  'TSNullKeyword',
  'TSNeverKeyword',
  'TSArrayType',
  'TSTupleType',
  'TSLiteralType',
  'TSTemplateLiteralType',
  'TSTypePredicate',
]);

export class DeclaredTypeReader extends DeclarationNames {
  // ── types ────────────────────────────────────────────────────────────────────────────────────────

  /** What a written type says of its values. */
  typeShape(ref: TypeRef): Shape {
    this.step();
    const { node, module, env } = ref;
    if (PLAIN_KEYWORDS.has(node.type)) return literalShape(node);
    switch (node.type) {
      case 'TSParenthesizedType':
      case 'TSOptionalType':
      case 'TSRestType':
        return this.typeShapeOf(field(node, 'typeAnnotation'), module, env);
      case 'TSUnionType':
        return union(list(node, 'types').map((part) => this.typeShape({ node: part, module, env })));
      case 'TSIntersectionType': {
        const parts = list(node, 'types').map((part) => this.typeShape({ node: part, module, env }));
        const promise = parts.find((part) => part.kind === 'promise');
        if (promise) return promise;
        const sources = parts.flatMap((part) => (part.kind === 'object' ? part.sources : []));
        return sources.length > 0 ? { kind: 'object', sources } : UNKNOWN;
      }
      case 'TSTypeLiteral':
        return { kind: 'object', sources: [{ kind: 'declaration', node, module, env, static: false }] };
      case 'TSFunctionType':
        return { kind: 'callable', signatures: [{ node, module, env }] };
      case 'TSTypeOperator':
        return (node as { operator?: string }).operator === 'readonly' ? this.typeShapeOf(field(node, 'typeAnnotation'), module, env) : PLAIN;
      case 'TSIndexedAccessType': {
        const key = this.typeShapeOf(field(node, 'indexType'), module, env);
        if (key.kind !== 'plain' || key.literal === undefined) return UNKNOWN;
        return this.member(this.typeShapeOf(field(node, 'objectType'), module, env), key.literal) ?? UNKNOWN;
      }
      case 'TSConditionalType': {
        // Both branches alike, or it depends on what the checker would infer.
        const yes = this.typeShapeOf(field(node, 'trueType'), module, env);
        const no = this.typeShapeOf(field(node, 'falseType'), module, env);
        const thenable = this.isThenable(yes);
        return thenable !== undefined && thenable === this.isThenable(no) ? yes : UNKNOWN;
      }
      case 'TSTypeQuery': {
        const parts = entityNameParts(field(node, 'exprName'));
        return parts ? this.declaredValueShape(this.valueDeclarations(module, parts)) : UNKNOWN;
      }
      case 'TSImportType': {
        const argument = field(node, 'argument');
        const literal = argument?.type === 'TSLiteralType' ? field(argument, 'literal') : argument;
        const specifier = (literal as { value?: unknown } | null)?.value;
        const target = typeof specifier === 'string' ? this.importModule(module, specifier) : null;
        const qualifier = entityNameParts(field(node, 'qualifier'));
        if (!target || !qualifier) return UNKNOWN;
        return this.referenceShape(this.exportedDeclarations(target, qualifier, 'types', new Set()), typeArgumentsOf(node), module, env);
      }
      case 'TSTypeReference':
        return this.referenceTypeShape(node, module, env);
      default:
        return UNKNOWN;
    }
  }

  typeShapeOf(node: AnyNode | null, module: TypeModule, env: Env): Shape {
    return node ? this.typeShape({ node, module, env }) : UNKNOWN;
  }

  private referenceTypeShape(node: AnyNode, module: TypeModule, env: Env): Shape {
    const parts = entityNameParts(field(node, 'typeName'));
    if (!parts) return UNKNOWN;
    const args = typeArgumentsOf(node);
    if (parts.length === 1) {
      const bound = env.get(parts[0]!);
      if (bound) return this.typeShape(bound);
    }
    const declarations = this.typeDeclarations(module, parts);
    if (declarations.length === 0 && parts.length === 1) return this.globalTypeShape(parts[0]!, args, module, env);
    return this.referenceShape(declarations, args, module, env);
  }

  private globalTypeShape(name: string, args: readonly AnyNode[], module: TypeModule, env: Env): Shape {
    if (name === 'Promise' || name === 'PromiseLike') return { kind: 'promise', awaited: () => this.typeShapeOf(args[0] ?? null, module, env) };
    if (name === 'Awaited') {
      const inner = this.typeShapeOf(args[0] ?? null, module, env);
      return inner.kind === 'promise' ? inner.awaited() : inner;
    }
    if (name === 'Readonly' || name === 'NonNullable') return this.typeShapeOf(args[0] ?? null, module, env);
    return PLAIN_GLOBALS.has(name) ? PLAIN : UNKNOWN;
  }

  /** A type name's declarations applied to type arguments. */
  private referenceShape(declarations: readonly Declared[], args: readonly AnyNode[], from: TypeModule, env: Env): Shape {
    if (declarations.length === 0) return UNKNOWN;
    const alias = declarations.find((declared) => declared.node.type === 'TSTypeAliasDeclaration');
    if (alias) return this.typeShapeOf(field(alias.node, 'typeAnnotation'), alias.module, this.bind(alias.node, args, from, env));
    if (declarations.some((declared) => declared.node.type === 'TSEnumDeclaration')) return PLAIN;
    const sources: MemberSource[] = [];
    for (const declared of declarations) {
      if (declared.node.type !== 'ClassDeclaration' && declared.node.type !== 'TSInterfaceDeclaration' && declared.node.type !== 'ClassExpression') continue;
      if (this.extendsPromise(declared)) return { kind: 'promise', awaited: () => UNKNOWN };
      sources.push({ kind: 'declaration', node: declared.node, module: declared.module, env: this.bind(declared.node, args, from, env), static: false });
    }
    return sources.length > 0 ? { kind: 'object', sources } : UNKNOWN;
  }

  /** Binds a generic declaration's type parameters to the arguments written at a use (or their defaults). */
  bind(declaration: AnyNode, args: readonly AnyNode[], from: TypeModule, env: Env): Env {
    const params = typeParametersOf(declaration);
    if (params.length === 0) return EMPTY_ENV;
    const bound = new Map<string, TypeRef>();
    params.forEach((param, index) => {
      const arg = args[index];
      if (arg) bound.set(param.name, { node: arg, module: from, env });
    });
    // Defaults may name earlier parameters, in the declaration's own module.
    params.forEach((param) => {
      if (!bound.has(param.name) && param.default) bound.set(param.name, { node: param.default, module: this.declaringModule(declaration, from), env: bound });
    });
    return bound;
  }

  private declaringModule(_declaration: AnyNode, from: TypeModule): TypeModule {
    return from;
  }

  /** `class P extends Promise<T>`, directly or through classes of its own. */
  private extendsPromise(declared: Declared, depth = 0): boolean {
    if (depth > 8 || (declared.node.type !== 'ClassDeclaration' && declared.node.type !== 'ClassExpression')) return false;
    const parts = entityNameParts(field(declared.node, 'superClass'));
    if (!parts) return false;
    const parents = this.valueDeclarations(declared.module, parts);
    if (parents.length === 0) return parts.length === 1 && parts[0] === 'Promise';
    return parents.some((parent) => this.extendsPromise(parent, depth + 1));
  }

  // ── members ──────────────────────────────────────────────────────────────────────────────────────

  /** The shape of `value.name`; null when the member is known not to exist. */
  member(value: Shape, name: string): Shape | null {
    this.step();
    switch (value.kind) {
      case 'object': {
        let unknown = false;
        for (const source of value.sources) {
          const found = this.sourceMember(source, name, 0);
          if (found === undefined) unknown = true;
          else if (found !== null) return found;
        }
        return unknown ? UNKNOWN : null;
      }
      case 'class': {
        const sources = value.declarations.map((declared): MemberSource => ({
          kind: 'declaration',
          node: declared.node,
          module: declared.module,
          env: EMPTY_ENV,
          static: true,
        }));
        return this.member({ kind: 'object', sources }, name);
      }
      case 'union': {
        const parts = value.parts.filter((part) => part.kind !== 'plain');
        return parts.length === 1 ? this.member(parts[0]!, name) : UNKNOWN;
      }
      case 'plain':
      case 'callable':
        return name === 'then' ? null : UNKNOWN;
      default:
        return UNKNOWN;
    }
  }

  /** A member of one source: its shape, null when the source has no such member, undefined when it cannot tell. */
  private sourceMember(source: MemberSource, name: string, depth: number): Shape | null | undefined {
    if (depth > 12) return undefined;
    if (source.kind === 'custom') return source.member(name) ?? undefined;
    if (source.kind === 'namespace') {
      const declarations = this.exportedDeclarations(source.module, [name], 'values', new Set());
      if (declarations.length > 0) return this.declaredValueShape(declarations);
      const inner = this.exportedNamespacesOf(source.module, name, new Set());
      return inner.length > 0 ? { kind: 'object', sources: inner.map((module) => ({ kind: 'namespace' as const, module })) } : undefined;
    }
    const { node, module, env } = source;
    const body = node.type === 'TSTypeLiteral' ? node : field(node, 'body');
    const members = node.type === 'TSTypeLiteral' ? list(node, 'members') : list(body, 'body');
    const signatures: Signature[] = [];
    let property: Shape | null = null;
    let unknown = false;
    for (const member of members) {
      if (member.type === 'TSIndexSignature') unknown = true;
      if (((member as { static?: boolean }).static === true) !== source.static || memberName(member) !== name) continue;
      switch (member.type) {
        case 'TSMethodSignature':
          if ((member as { kind?: string }).kind === 'get') property ??= this.typeShapeOf(returnTypeOf(member), module, env);
          else signatures.push({ node: member, module, env });
          break;
        case 'MethodDefinition':
        case 'TSAbstractMethodDefinition': {
          const fn = field(member, 'value');
          if (!fn) break;
          if ((member as { kind?: string }).kind === 'get') property ??= this.typeShapeOf(returnTypeOf(fn), module, env);
          else if ((member as { kind?: string }).kind === 'method') signatures.push({ node: fn, module, env });
          break;
        }
        case 'TSPropertySignature':
        case 'PropertyDefinition':
        case 'TSAbstractPropertyDefinition':
          property ??= this.propertyShape(member, module, env);
          break;
      }
    }
    if (signatures.length > 0) {
      // With overloads, the implementation's own signature is not one a caller sees.
      const overloads = signatures.filter((signature) => signature.node.type === 'TSEmptyBodyFunctionExpression');
      return { kind: 'callable', signatures: overloads.length > 0 && overloads.length < signatures.length ? overloads : signatures };
    }
    if (property) return property;
    if (!source.static && (node.type === 'ClassDeclaration' || node.type === 'ClassExpression')) {
      const parameter = this.parameterProperty(node, name, module, env) ?? this.assignedField?.(node, name, module);
      if (parameter) return parameter;
    }
    const inherited = this.inheritedMember(source, name, depth);
    if (inherited !== null) return inherited;
    return unknown ? undefined : null;
  }

  /** A property's declared type; for the linted file's classes, `field = value` is read by the value reader. */
  propertyShape(member: AnyNode, module: TypeModule, env: Env): Shape {
    const annotation = field(field(member, 'typeAnnotation'), 'typeAnnotation') ?? null;
    if (annotation) return this.typeShape({ node: annotation, module, env });
    return this.fieldValue?.(member, module) ?? UNKNOWN;
  }

  /** Set by the value reader: the shape of a class field's initial value, written in the linted file. */
  fieldValue: ((member: AnyNode, module: TypeModule) => Shape | null) | null = null;
  /** Set by the value reader: what `this.name = value` in the class's methods assigns, for the linted file's classes. */
  assignedField: ((owner: AnyNode, name: string, module: TypeModule) => Shape | null) | null = null;

  /** `constructor(private readonly db: Db)`: the field's declared type. */
  private parameterProperty(node: AnyNode, name: string, module: TypeModule, env: Env): Shape | null {
    const constructor = list(field(node, 'body'), 'body').find(
      (member) => member.type === 'MethodDefinition' && (member as { kind?: string }).kind === 'constructor',
    );
    for (const param of constructor ? paramsOf(field(constructor, 'value')!) : []) {
      if (param.type !== 'TSParameterProperty') continue;
      const inner = field(param, 'parameter');
      const id = inner?.type === 'AssignmentPattern' ? field(inner, 'left') : inner;
      if ((id as { name?: string } | null)?.name === name) return this.typeShapeOf(parameterShape(param).type, module, env);
    }
    return null;
  }

  /** A member from what a class extends or an interface extends, and from interfaces merged with it. */
  private inheritedMember(source: Extract<MemberSource, { kind: 'declaration' }>, name: string, depth: number): Shape | null | undefined {
    const { node, module, env } = source;
    let unknown = false;
    const visit = (parent: MemberSource): Shape | null => {
      const found = this.sourceMember(parent, name, depth + 1);
      if (found === undefined) unknown = true;
      return found ?? null;
    };
    if (node.type === 'ClassDeclaration' || node.type === 'ClassExpression') {
      // Interfaces merged into the class (`declare class X {}` + `interface X extends Y {}`).
      const id = (field(node, 'id') as { name?: string } | null)?.name;
      for (const merged of id ? (module.index.types.get(id) ?? []) : []) {
        if (merged === node || merged.type !== 'TSInterfaceDeclaration') continue;
        const found = visit({ kind: 'declaration', node: merged, module, env, static: source.static });
        if (found) return found;
      }
      const superClass = entityNameParts(field(node, 'superClass'));
      if (superClass) {
        const parents = this.valueDeclarations(module, superClass).filter(
          (parent) => parent.node.type === 'ClassDeclaration' || parent.node.type === 'ClassExpression',
        );
        if (parents.length === 0) return undefined;
        const args = superTypeArgumentsOf(node);
        for (const parent of parents) {
          const found = visit({
            kind: 'declaration',
            node: parent.node,
            module: parent.module,
            env: this.bind(parent.node, args, module, env),
            static: source.static,
          });
          if (found) return found;
        }
      } else if (field(node, 'superClass')) return undefined;
    }
    if (node.type === 'TSInterfaceDeclaration') {
      for (const heritage of list(node, 'extends')) {
        const parts = entityNameParts(field(heritage, 'expression'));
        const declarations = parts ? this.typeDeclarations(module, parts) : [];
        const shape =
          parts && declarations.length === 0 && parts.length === 1
            ? this.globalTypeShape(parts[0]!, typeArgumentsOf(heritage), module, env)
            : this.referenceShape(declarations, typeArgumentsOf(heritage), module, env);
        // `interface Job extends PromiseLike<void>`: a thenable's own methods.
        if (shape.kind === 'promise' && PROMISE_METHODS.has(name)) return { kind: 'callable', signatures: [] };
        if (shape.kind !== 'object') {
          unknown = true;
          continue;
        }
        for (const parent of shape.sources) {
          const found = visit(parent);
          if (found) return found;
        }
      }
    }
    return unknown ? undefined : null;
  }

  // ── values of declarations ───────────────────────────────────────────────────────────────────────

  /** What a declared value is: a class, a function (all its overloads), a variable of a declared type, a namespace. */
  declaredValueShape(declarations: readonly Declared[]): Shape {
    if (declarations.length === 0) return UNKNOWN;
    const classes = declarations.filter((declared) => declared.node.type === 'ClassDeclaration' || declared.node.type === 'ClassExpression');
    if (classes.length > 0) return { kind: 'class', declarations: classes };
    const functions = declarations.filter((declared) => declared.node.type === 'TSDeclareFunction' || declared.node.type === 'FunctionDeclaration');
    if (functions.length > 0) {
      const overloads = functions.filter((declared) => declared.node.type === 'TSDeclareFunction');
      const chosen = overloads.length > 0 && overloads.length < functions.length ? overloads : functions;
      return { kind: 'callable', signatures: chosen.map((declared) => ({ node: declared.node, module: declared.module, env: EMPTY_ENV })) };
    }
    const [first] = declarations;
    if (first!.node.type === 'VariableDeclarator') {
      const annotation = field(field(field(first!.node, 'id'), 'typeAnnotation'), 'typeAnnotation');
      if (annotation) return this.typeShape({ node: annotation, module: first!.module, env: EMPTY_ENV });
      const init = field(first!.node, 'init');
      return init ? (this.expressionValue?.(init, first!.module) ?? UNKNOWN) : UNKNOWN;
    }
    if (first!.node.type === 'TSModuleDeclaration') {
      const name = (field(first!.node, 'id') as { name?: string } | null)?.name;
      const blocks = name ? this.namespaceModules(first!.module, name) : [];
      return blocks.length > 0 ? { kind: 'object', sources: blocks.map((module) => ({ kind: 'namespace' as const, module })) } : UNKNOWN;
    }
    if (first!.node.type === 'TSEnumDeclaration') return PLAIN;
    // `exports.queue = new Queue()`: an exported value written as an expression.
    return this.expressionValue?.(first!.node, first!.module) ?? UNKNOWN;
  }

  /** Set by the value reader: what a value expression of a module is (`export const cache = new Cache()`, `module.exports = …`). */
  expressionValue: ((node: AnyNode, module: TypeModule) => Shape | null) | null = null;

  /** A module's exported value `name` (`default` included). */
  exportedValue(module: TypeModule, name: string): Shape {
    const commonJs = module.index.commonJsExports;
    if (commonJs) {
      // `module.exports = new Queue()`: the module (and, imported by ESM, its default) is that value.
      const value = this.expressionValue?.(commonJs, module) ?? UNKNOWN;
      return name === '*' || name === 'default' ? value : (this.member(value, name) ?? UNKNOWN);
    }
    if (name === '*') return { kind: 'object', sources: this.moduleNamespaces(module).map((inner) => ({ kind: 'namespace' as const, module: inner })) };
    const declarations = this.exportedDeclarations(module, [name], 'values', new Set());
    if (declarations.length > 0) return this.declaredValueShape(declarations);
    const namespaces = this.exportedNamespacesOf(module, name, new Set());
    return namespaces.length > 0 ? { kind: 'object', sources: namespaces.map((inner) => ({ kind: 'namespace' as const, module: inner })) } : UNKNOWN;
  }

  /** The shape a class's `new` makes. */
  instanceOf(value: Shape): Shape {
    if (value.kind !== 'class') return UNKNOWN;
    if (value.declarations.some((declared) => this.extendsPromise(declared))) return { kind: 'promise', awaited: () => UNKNOWN };
    return {
      kind: 'object',
      sources: value.declarations.map((declared) => ({
        kind: 'declaration' as const,
        node: declared.node,
        module: declared.module,
        env: EMPTY_ENV,
        static: false,
      })),
    };
  }

  /** Whether values of this shape are thenables: true, false, or undefined when it cannot be told. */
  isThenable(shape: Shape): boolean | undefined {
    switch (shape.kind) {
      case 'promise':
        return true;
      case 'plain':
      case 'callable':
      case 'class':
        return false;
      case 'union': {
        const answers = shape.parts.map((part) => this.isThenable(part));
        if (answers.includes(true)) return true;
        return answers.every((answer) => answer === false) ? false : undefined;
      }
      case 'object': {
        const then = this.member(shape, 'then');
        if (then === null) return false;
        return then.kind === 'callable' ? true : undefined;
      }
      default:
        return undefined;
    }
  }
}

function literalShape(node: AnyNode): Shape {
  if (node.type !== 'TSLiteralType') return PLAIN;
  const value = (field(node, 'literal') as { value?: unknown } | null)?.value;
  return typeof value === 'string' ? { kind: 'plain', literal: value } : PLAIN;
}

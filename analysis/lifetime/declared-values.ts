import type { TSESTree } from '@typescript-eslint/types';
import { getKeyName, getPropertyName, isFunction, returnedValues, skipTransparent, type FunctionNode, type Node } from '../syntax/ast';
import type { TypeOrValueSpecifier } from '../syntax/specifier';
import { annotationOf, entityNameParts, field, list, paramsOf, parameterShape, returnTypeOf, typeParametersOf, type AnyNode } from '../syntax/type-syntax';
import { DeclaredTypeReader, PLAIN, UNKNOWN, union, type Env, type Shape, type Signature, type TypeModule } from './declared-types';
import { argumentKind, membersAccept, type ArgumentKind } from './argument-kinds';
import type { FileContext } from './file-context';
import { isMemberReplaced, resolveCallee, thisAssignments } from './resolve-callee';

/*
 * Values of the linted file, as their declarations and initial values say: what a name holds (its
 * annotation, or what a binding assigned once was given: `new Pool()`, `await pool.connect()`, a factory's
 * `new Client()`, an imported package's export), what `this.db` holds, what a call returns (the overload
 * its arguments select). With no type checker, `isThenable` answers where the typed rule would, from the
 * written types; what it cannot read stays undefined.
 */

export class DeclaredValues {
  private readonly reader: DeclaredTypeReader;
  private readonly module: TypeModule;
  private readonly shapes = new Map<Node, Shape>();

  constructor(private readonly context: FileContext) {
    this.reader = new DeclaredTypeReader(context.options.resolveDeclarations);
    this.module = this.reader.moduleOf(context.options.filename, context.program);
    this.reader.expressionValue = (node, module) => (module === this.module ? this.valueShape(node as Node) : this.foreignValue(node as Node, module));
    this.reader.fieldValue = (member, module) => (module === this.module ? this.valueShape((member as TSESTree.PropertyDefinition).value) : null);
    this.reader.assignedField = (owner, name, module) => (module === this.module ? this.assignedField(owner as TSESTree.ClassDeclaration, name) : null);
  }

  /** Whether the value of `node` has a thenable type, as the declarations say; undefined when they do not tell. */
  isThenable(node: Node): boolean | undefined {
    return this.reader.ask(() => this.reader.isThenable(this.valueShape(node)), undefined);
  }

  private valueShape(node: Node | null | undefined): Shape {
    if (!node) return UNKNOWN;
    const known = this.shapes.get(node);
    if (known) return known;
    this.shapes.set(node, UNKNOWN); // a value defined through itself is not known
    const shape = this.computeShape(node);
    this.shapes.set(node, shape);
    return shape;
  }

  private computeShape(node: Node): Shape {
    switch (node.type) {
      case 'TSAsExpression':
      case 'TSTypeAssertion':
        return this.reader.typeShapeOf(node.typeAnnotation as AnyNode, this.module, new Map());
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'ChainExpression':
      case 'TSInstantiationExpression':
        return this.valueShape(node.expression);
      case 'Identifier':
        return this.identifierShape(node);
      case 'ThisExpression':
        return this.thisShape(node);
      case 'MemberExpression': {
        const name = getPropertyName(node);
        if (name === null || this.isReplaced(node.object, name)) return UNKNOWN;
        return this.reader.member(this.valueShape(node.object), name) ?? UNKNOWN;
      }
      case 'CallExpression':
        return this.callShape(node);
      case 'NewExpression':
        return this.reader.instanceOf(this.valueShape(node.callee));
      case 'AwaitExpression': {
        const awaited = this.valueShape(node.argument);
        return awaited.kind === 'promise' ? awaited.awaited() : awaited;
      }
      case 'ConditionalExpression':
        return union([this.valueShape(node.consequent), this.valueShape(node.alternate)]);
      case 'LogicalExpression':
        return union([this.valueShape(node.left), this.valueShape(node.right)]);
      case 'Literal':
      case 'TemplateLiteral':
      case 'ArrayExpression':
        return PLAIN;
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
      case 'FunctionDeclaration':
        return {
          kind: 'callable',
          signatures: [{ node: node as AnyNode, module: this.module, env: new Map() }],
          returns: (signature) => this.returnShape(signature),
        };
      case 'ClassExpression':
        return { kind: 'class', declarations: [{ node: node as AnyNode, module: this.module }] };
      case 'ObjectExpression':
        return { kind: 'object', sources: [{ kind: 'custom', member: (name) => this.objectMember(node, name) }] };
      default:
        return UNKNOWN;
    }
  }

  private identifierShape(node: TSESTree.Identifier): Shape {
    const binding = this.context.scope.bindingOf(node);
    if (!binding) return node.name === 'undefined' ? PLAIN : UNKNOWN;
    const annotation = annotationOf(binding.id as AnyNode);
    // A declared type holds through reassignments, as the checker reads it.
    if (annotation) return this.reader.typeShapeOf(annotation, this.module, new Map());
    const definition = binding.definition;
    switch (binding.kind) {
      case 'import': {
        const module = binding.importSource === null ? null : this.reader.importModule(this.module, binding.importSource);
        return module && binding.importedName !== null ? this.reader.exportedValue(module, binding.importedName) : UNKNOWN;
      }
      case 'class':
      case 'function':
      case 'enum': {
        if (binding.writes !== 0) return UNKNOWN;
        // At the top level, every declaration of the name counts: overloads, a class merged with interfaces.
        if (binding.scope === this.context.scope.moduleScope) return this.reader.declaredValueShape(this.reader.valueDeclarations(this.module, [binding.name]));
        if (definition.type === 'ClassDeclaration') return { kind: 'class', declarations: [{ node: definition as AnyNode, module: this.module }] };
        return definition.type === 'FunctionDeclaration' ? this.valueShape(definition) : UNKNOWN;
      }
      case 'const':
      case 'let':
      case 'var': {
        if (binding.writes !== 0 || definition.type !== 'VariableDeclarator' || !definition.init) return UNKNOWN;
        if (definition.id === binding.id) return this.valueShape(definition.init);
        // `const { pool } = services`: the member of what was destructured.
        if (definition.id.type !== 'ObjectPattern') return UNKNOWN;
        const property = definition.id.properties.find((entry) => entry.type === 'Property' && entry.value === binding.id);
        const name = property?.type === 'Property' ? getKeyName(property.key, property.computed) : null;
        return name === null ? UNKNOWN : (this.reader.member(this.valueShape(definition.init), name) ?? UNKNOWN);
      }
      default:
        return UNKNOWN;
    }
  }

  /**
   * A value written in another module (`export const cache = new Cache()`, `module.exports = { save }`), read
   * without that module's scopes: only what its top-level names and its own syntax fix.
   */
  private foreignValue(node: Node, module: TypeModule): Shape {
    const value = skipTransparent(node);
    const named = (expression: Node): Shape => {
      const parts = entityNameParts(expression as AnyNode);
      return parts ? this.reader.declaredValueShape(this.reader.valueDeclarations(module, parts)) : UNKNOWN;
    };
    switch (value.type) {
      case 'NewExpression':
        return this.reader.instanceOf(named(value.callee));
      case 'Identifier':
      case 'MemberExpression':
        return named(value);
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
        return { kind: 'callable', signatures: [{ node: value as AnyNode, module, env: new Map() }] };
      case 'ObjectExpression':
        return {
          kind: 'object',
          sources: [
            {
              kind: 'custom',
              member: (name) => {
                for (let index = value.properties.length - 1; index >= 0; index--) {
                  const property = value.properties[index]!;
                  if (property.type === 'SpreadElement') return UNKNOWN;
                  if (getKeyName(property.key, property.computed) === name)
                    return property.kind === 'init' ? this.foreignValue(property.value, module) : UNKNOWN;
                }
                return null;
              },
            },
          ],
        };
      default:
        return UNKNOWN;
    }
  }

  /** `store.save = …` somewhere in the file: the member of `store` is not what its type declares. */
  private isReplaced(object: Node, name: string): boolean {
    const binding = object.type === 'Identifier' ? this.context.scope.bindingOf(object) : null;
    return binding !== null && isMemberReplaced(binding, name);
  }

  /** `this` in a method: an instance of its class (whose subclasses may override, so only declared types are read). */
  private thisShape(node: Node): Shape {
    for (let current = node.parent; current; current = current.parent) {
      if (current.type === 'ArrowFunctionExpression') continue;
      if (current.type === 'FunctionExpression' || current.type === 'FunctionDeclaration' || current.type === 'PropertyDefinition') {
        const member = current.type === 'PropertyDefinition' ? current : current.parent;
        const body = member?.parent;
        if ((member?.type !== 'MethodDefinition' && member?.type !== 'PropertyDefinition') || body?.type !== 'ClassBody') return UNKNOWN;
        const declarations = [{ node: body.parent as AnyNode, module: this.module }];
        return member.static ? { kind: 'class', declarations } : this.reader.instanceOf({ kind: 'class', declarations });
      }
    }
    return UNKNOWN;
  }

  /** `this.db = new Pool()`, assigned once in the class's own methods: what the field holds. */
  private assignedField(owner: TSESTree.ClassDeclaration | TSESTree.ClassExpression, name: string): Shape | null {
    const values = thisAssignments(owner.body, name);
    const [only] = values;
    return values.length === 1 && only ? this.valueShape(only) : values.length > 0 ? UNKNOWN : null;
  }

  private objectMember(object: TSESTree.ObjectExpression, name: string): Shape | null {
    for (let index = object.properties.length - 1; index >= 0; index--) {
      const property = object.properties[index]!;
      if (property.type === 'SpreadElement') return UNKNOWN;
      if (getKeyName(property.key, property.computed) !== name) continue;
      return property.kind === 'init' ? this.valueShape(property.value) : UNKNOWN;
    }
    return null;
  }

  private callShape(call: TSESTree.CallExpression): Shape {
    const [specifier] = call.arguments;
    if (
      call.callee.type === 'Identifier' &&
      this.context.scope.isGlobalReference(call.callee, 'require') &&
      specifier?.type === 'Literal' &&
      typeof specifier.value === 'string'
    ) {
      const module = this.reader.importModule(this.module, specifier.value);
      return module ? this.reader.exportedValue(module, '*') : UNKNOWN;
    }
    const target = resolveCallee(call, this.context);
    if (target) return this.returnShape({ node: target as AnyNode, module: this.module, env: new Map() });
    const callee = skipTransparent(call.callee);
    // A promise's own `then`/`catch`/`finally` make a promise in their turn (a custom thenable's `then` returns what it declares).
    if (callee.type === 'MemberExpression' && CHAIN_METHODS.has(getPropertyName(callee) ?? '') && this.valueShape(callee.object).kind === 'promise') {
      return { kind: 'promise', awaited: () => UNKNOWN };
    }
    const applicable = this.signaturesFor(call);
    if (applicable.length === 0) return UNKNOWN;
    const calleeShape = this.valueShape(call.callee);
    const returns = calleeShape.kind === 'callable' && calleeShape.returns ? calleeShape.returns : this.returnShape.bind(this);
    const results = applicable.map((signature) => returns(signature));
    const answers = results.map((result) => this.reader.isThenable(result));
    if (results.length === 1 || answers.every((answer) => answer === true)) return results[0]!;
    return answers.every((answer) => answer === false) ? PLAIN : UNKNOWN;
  }

  /** The overloads a call may select, when its callee's type is declared. */
  private signaturesFor(call: TSESTree.CallExpression): Signature[] {
    const callee = this.valueShape(call.callee);
    return callee.kind === 'callable' ? callee.signatures.filter((signature) => this.applies(signature, call.arguments)) : [];
  }

  /** The classes a value is an instance of, as declared, with the package that declares each (null: the project's). */
  instanceClasses(node: Node): Array<{ readonly name: string; readonly package: string | null }> {
    return this.reader.ask(() => {
      const shape = this.valueShape(node);
      if (shape.kind !== 'object') return [];
      return shape.sources.flatMap((source) => {
        if (source.kind !== 'declaration' || source.static || (source.node.type !== 'ClassDeclaration' && source.node.type !== 'ClassExpression')) return [];
        const name = (field(source.node, 'id') as { name?: string } | null)?.name;
        return name ? [{ name, package: packageOf(source.module.file) }] : [];
      });
    }, []);
  }

  /**
   * Whether a value's declared type is one the user named safe to leave pending (`allowForKnownSafePromises`):
   * the type (or an alias on the way to it) a call's selected overloads return, or a name's annotation.
   */
  hasKnownSafeType(node: Node, specifiers: readonly TypeOrValueSpecifier[]): boolean {
    if (specifiers.length === 0) return false;
    return this.reader.ask(() => {
      const value = skipTransparent(node);
      const types: Array<{ node: AnyNode | null; module: TypeModule }> = [];
      if (value.type === 'CallExpression') {
        const target = resolveCallee(value, this.context);
        if (target) types.push({ node: returnTypeOf(target as AnyNode), module: this.module });
        else for (const signature of this.signaturesFor(value)) types.push({ node: returnTypeOf(signature.node), module: signature.module });
      } else if (value.type === 'Identifier') {
        const binding = this.context.scope.bindingOf(value);
        if (binding) types.push({ node: annotationOf(binding.id as AnyNode), module: this.module });
      }
      return (
        types.length > 0 &&
        types.every((type) => type.node !== null && this.typeNames(type.node, type.module).some((name) => matchesTypeName(name, specifiers)))
      );
    }, false);
  }

  /** The names a written type is declared by, through aliases (`type Detached = Safe<void>` → `Detached`, `Safe`). */
  private typeNames(node: AnyNode, module: TypeModule, depth = 0): DeclaredTypeName[] {
    const parts = node.type === 'TSTypeReference' ? entityNameParts(field(node, 'typeName')) : null;
    if (!parts || depth > 8) return [];
    const name = parts.at(-1)!;
    const declarations = this.reader.typeDeclarations(module, parts);
    if (declarations.length === 0) return [{ name, file: null, package: null }];
    return declarations.flatMap((declared) => {
      const own: DeclaredTypeName = { name, file: declared.module.file, package: packageOf(declared.module.file) };
      const aliased = declared.node.type === 'TSTypeAliasDeclaration' ? field(declared.node, 'typeAnnotation') : null;
      return [own, ...(aliased ? this.typeNames(aliased, declared.module, depth + 1) : [])];
    });
  }

  /** What calling a signature gives: its declared return type, or for the linted file's own functions, what they return. */
  private returnShape(signature: Signature): Shape {
    const { node, module } = signature;
    const declared = returnTypeOf(node);
    // The signature's own type parameters are inferred at each call: not known here.
    const env = withoutParameters(signature.env, node);
    if (declared) return this.reader.typeShapeOf(declared, module, env);
    const fn = isFunction(node as Node) ? (node as FunctionNode) : null;
    if (!fn || fn.generator) return UNKNOWN;
    const returned = module === this.module ? this.returnedShape(fn) : UNKNOWN;
    return fn.async ? { kind: 'promise', awaited: () => returned } : returned;
  }

  /** What a body-ful function of this file returns: the one shape all its `return`s agree on. */
  private returnedShape(fn: FunctionNode): Shape {
    const values = returnedValues(fn);
    if (values.length === 0 || values.includes(null)) return values.length === 0 ? PLAIN : UNKNOWN;
    return values.length === 1 ? this.valueShape(values[0]) : UNKNOWN;
  }

  /** Whether a call with these arguments may select this overload (by their number and what they evidently are). */
  private applies(signature: Signature, args: readonly TSESTree.CallExpressionArgument[]): boolean {
    const params = paramsOf(signature.node).filter((param) => (param as { name?: string }).name !== 'this');
    if (args.some((arg) => arg.type === 'SpreadElement')) return true;
    const shapes = params.map(parameterShape);
    const required = shapes.filter((shape) => !shape.optional).length;
    const rest = shapes.some((shape) => shape.rest);
    if (args.length < required || (!rest && args.length > shapes.length)) return false;
    return args.every((arg, index) => {
      const shape = shapes[index];
      if (!shape || shape.rest || !shape.type) return true;
      const kind = argumentKind(arg as Node, this.context);
      return (
        kind === 'unknown' ||
        this.accepts(shape.type, signature.module, withoutParameters(signature.env, signature.node), kind, typeParametersOf(signature.node), 0)
      );
    });
  }

  /** Whether a parameter of this written type may take an argument of this kind; true when it cannot be told. */
  private accepts(type: AnyNode, module: TypeModule, env: Env, kind: ArgumentKind, own: ReturnType<typeof typeParametersOf>, depth: number): boolean {
    if (depth > 6) return true;
    switch (type.type) {
      case 'TSStringKeyword':
      case 'TSTemplateLiteralType':
        return kind === 'string';
      case 'TSNumberKeyword':
        return kind === 'number';
      case 'TSBooleanKeyword':
        return kind === 'boolean';
      case 'TSLiteralType': {
        const value = (field(type, 'literal') as { value?: unknown } | null)?.value;
        return typeof value === kind;
      }
      case 'TSFunctionType':
      case 'TSConstructorType':
        return kind === 'function';
      case 'TSArrayType':
      case 'TSTupleType':
        return kind === 'array';
      case 'TSVoidKeyword':
      case 'TSUndefinedKeyword':
      case 'TSNullKeyword':
      case 'TSNeverKeyword':
        return false;
      case 'TSUnionType':
        return list(type, 'types').some((part) => this.accepts(part, module, env, kind, own, depth + 1));
      case 'TSTypeLiteral':
        return membersAccept(list(type, 'members'), kind);
      case 'TSTypeReference': {
        const name = (field(type, 'typeName') as { name?: string } | null)?.name;
        if (name === undefined) return true;
        const bound = env.get(name);
        if (bound) return this.accepts(bound.node, bound.module, bound.env, kind, [], depth + 1);
        const parameter = own.find((candidate) => candidate.name === name);
        if (parameter) return !parameter.constraint || this.accepts(parameter.constraint, module, env, kind, own, depth + 1);
        const declarations = this.reader.typeDeclarations(module, [name]);
        if (declarations.length === 0)
          return name === 'Function' ? kind === 'function' : name === 'Array' || name === 'ReadonlyArray' ? kind === 'array' : true;
        return declarations.every((declared) => {
          if (declared.node.type === 'TSTypeAliasDeclaration')
            return this.accepts(field(declared.node, 'typeAnnotation')!, declared.module, new Map(), kind, [], depth + 1);
          if (declared.node.type === 'TSInterfaceDeclaration') return membersAccept(list(field(declared.node, 'body'), 'body'), kind);
          return declared.node.type === 'ClassDeclaration' ? kind === 'object' || kind === 'unknown' : true;
        });
      }
      default:
        return true;
    }
  }
}

/** A type's declared name, with where it is declared: null for a global (lib) type. */
export interface DeclaredTypeName {
  readonly name: string;
  readonly file: string | null;
  /** The installed package the declaration belongs to (`pg`, `@types/pg`), or null for the project's own files. */
  readonly package: string | null;
}

function packageOf(file: string): string | null {
  const match = /[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(file.slice(file.lastIndexOf('node_modules') - 1));
  return match ? match[1]!.replace('\\', '/') : null;
}

const CHAIN_METHODS = new Set(['then', 'catch', 'finally']);

/** A declared type name against the user's specifiers, as typescript-eslint's `typeMatchesSpecifier` reads them. */
function matchesTypeName(name: DeclaredTypeName, specifiers: readonly TypeOrValueSpecifier[]): boolean {
  return specifiers.some((specifier) => {
    if (typeof specifier === 'string') return specifier === name.name;
    const names = typeof specifier.name === 'string' ? [specifier.name] : specifier.name;
    if (!names.includes(name.name)) return false;
    if (specifier.from === 'lib') return name.file === null;
    if (specifier.from === 'file') return name.file !== null && name.package === null;
    return name.package === specifier.package || name.package === `@types/${specifier.package.replace(/^@/, '').replace('/', '__')}`;
  });
}

function withoutParameters(env: Env, node: AnyNode): Env {
  const own = typeParametersOf(node);
  if (own.length === 0 || env.size === 0) return env;
  const copy = new Map(env);
  for (const parameter of own) copy.delete(parameter.name);
  return copy;
}

const values = new WeakMap<FileContext, DeclaredValues>();

/** The declared-values reader of a file, made once. */
export function declaredValuesOf(context: FileContext): DeclaredValues {
  let known = values.get(context);
  if (!known) {
    known = new DeclaredValues(context);
    values.set(context, known);
  }
  return known;
}

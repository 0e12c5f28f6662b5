import type { TSESTree } from '@typescript-eslint/types';
import {
  getDottedName,
  getKeyName,
  getPropertyName,
  isFunction,
  returnedValues,
  skipTransparent,
  visitOwnBody,
  type FunctionNode,
  type Node,
} from '../syntax/ast';
import type { FileContext } from './file-context';
import type { ExternalFunction } from './imports';
import { getExpressionOrigin } from '../syntax/module-origin';
import type { Binding } from '../syntax/scope';

/*
 * Same-file call resolution: from a call to the function that runs. Only what cannot change at runtime
 * is followed (declarations, never-reassigned bindings, class methods, methods of a `const` object
 * literal); anything else resolves to null and the analysis treats the call as unknown.
 */

/** The function a binding always holds (following `const alias = helper`), or null. */
export function getBindingFunction(binding: Binding, context?: FileContext, depth = 0): FunctionNode | null {
  const definition = binding.definition;
  if (definition.type === 'FunctionDeclaration') return binding.writes === 0 ? definition : null;
  if (definition.type === 'VariableDeclarator' && definition.id === binding.id && definition.init && binding.writes === 0) {
    const init = skipTransparent(definition.init);
    if (isFunction(init)) return init;
    if (init.type === 'Identifier' && context && depth < 8) {
      const aliased = context.scope.bindingOf(init);
      return aliased ? getBindingFunction(aliased, context, depth + 1) : null;
    }
  }
  return null;
}

function getBindingObject(binding: Binding): TSESTree.ObjectExpression | TSESTree.ClassDeclaration | null {
  const definition = binding.definition;
  if (binding.writes !== 0) return null;
  if (definition.type === 'ClassDeclaration') return definition;
  if (definition.type === 'VariableDeclarator' && definition.id === binding.id && definition.init) {
    const init = skipTransparent(definition.init);
    if (init.type === 'ObjectExpression') return init;
  }
  return null;
}

/** The value function of an object literal's member `name`: inline, or a function named by it (`{ work }`). */
export function findObjectMember(object: TSESTree.ObjectExpression, name: string, context: FileContext): FunctionNode | null {
  // The last definition wins; a spread after it (or instead of it) may replace it with anything.
  for (let index = object.properties.length - 1; index >= 0; index--) {
    const property = object.properties[index]!;
    if (property.type === 'SpreadElement') return null;
    if (getKeyName(property.key, property.computed) !== name) continue;
    if (property.kind !== 'init') return null; // a getter's function is not what the call runs
    const value = skipTransparent(property.value);
    if (isFunction(value)) return value;
    const binding = value.type === 'Identifier' ? context.scope.bindingOf(value) : null;
    return binding ? getBindingFunction(binding, context) : null;
  }
  return null;
}

/** The function of a class member `name` (a method or an arrow-valued field). */
export function findClassMember(body: TSESTree.ClassBody, name: string, isStatic: boolean): FunctionNode | null {
  for (const member of body.body) {
    // Overload signatures are members too, with no body (`TSEmptyBodyFunctionExpression`): only the implementation runs.
    if (member.type === 'MethodDefinition' && member.kind === 'method' && member.static === isStatic && isFunction(member.value)) {
      if (getKeyName(member.key, member.computed) === name) return member.value;
    }
    if (member.type === 'PropertyDefinition' && member.static === isStatic && member.value) {
      const value = skipTransparent(member.value);
      if (isFunction(value) && getKeyName(member.key, member.computed) === name) return value;
    }
  }
  return null;
}

/** The class whose instance (or constructor, for static members) `this` is inside `node`, if any. */
function getThisClass(node: Node): { body: TSESTree.ClassBody; isStatic: boolean } | null {
  return getEnclosingMember(node);
}

/** `super.m()`: the parent class named by `extends`, when it is a class of this file. */
function getSuperClass(node: Node, context: FileContext): { body: TSESTree.ClassBody; isStatic: boolean } | null {
  const member = getEnclosingMember(node);
  const declaration = member?.body.parent;
  const superClass = declaration && (declaration.type === 'ClassDeclaration' || declaration.type === 'ClassExpression') ? declaration.superClass : null;
  if (!member || superClass?.type !== 'Identifier') return null;
  const binding = context.scope.bindingOf(superClass);
  const target = binding ? getBindingObject(binding) : null;
  return target?.type === 'ClassDeclaration' ? { body: target.body, isStatic: member.isStatic } : null;
}

function getEnclosingMember(node: Node): { body: TSESTree.ClassBody; isStatic: boolean } | null {
  for (let current: Node | undefined = node.parent; current; current = current.parent) {
    if (current.type === 'FunctionDeclaration' || current.type === 'FunctionExpression') {
      const member = current.parent;
      if ((member?.type === 'MethodDefinition' || member?.type === 'PropertyDefinition') && member.parent?.type === 'ClassBody') {
        return { body: member.parent, isStatic: member.static };
      }
      return null;
    }
    if (current.type === 'PropertyDefinition' && current.parent?.type === 'ClassBody') {
      return { body: current.parent, isStatic: current.static };
    }
  }
  return null;
}

/** The same-file function a call runs, or null when it cannot be known from the syntax. */
export function resolveCallee(call: TSESTree.CallExpression, context: FileContext): FunctionNode | null {
  const callee = skipTransparent(call.callee);
  if (isFunction(callee)) return callee;
  if (callee.type === 'Identifier') {
    const binding = context.scope.bindingOf(callee);
    return binding ? getBindingFunction(binding, context) : null;
  }
  if (callee.type !== 'MemberExpression') return null;
  const name = getPropertyName(callee);
  return name === null ? null : resolveMember(callee.object, name, context);
}

/**
 * The same-file function `object.name` is, when the syntax fixes it: a method of the class `this` or `super`
 * stands for, of `new Job()`, of a never-reassigned object literal, or a static method of a class.
 */
export function resolveMember(receiver: Node, name: string, context: FileContext): FunctionNode | null {
  const object = skipTransparent(receiver);
  if (object.type === 'ThisExpression' || object.type === 'Super') {
    const owner = object.type === 'Super' ? getSuperClass(object, context) : getThisClass(object);
    return owner ? findClassMember(owner.body, name, owner.isStatic) : null;
  }
  if (object.type === 'Identifier') {
    const binding = context.scope.bindingOf(object);
    const target = binding ? getBindingObject(binding) : null;
    if (target?.type === 'ObjectExpression') return findObjectMember(target, name, context);
    if (target?.type === 'ClassDeclaration') return findClassMember(target.body, name, true);
  }
  // `new Job().run()`, `const store = new Store(); store.save()`, `this.db = createDb()` then `this.db.query()`.
  const instance = exactValue(object, name, context, 0);
  if (instance?.type === 'ObjectExpression') return findObjectMember(instance, name, context);
  return instance ? findInheritedMember(instance, name, context) : null;
}

/**
 * The class (or object literal) a value is exactly, when the syntax fixes it: `new Store()` of a class of this
 * file, a binding or `this` field given one once and never replaced (nor its member `name`), or the one value
 * a same-file factory returns (`createStore()` returning `new Store()`).
 */
function exactValue(node: Node, name: string, context: FileContext, depth: number): TSESTree.ClassDeclaration | TSESTree.ObjectExpression | null {
  const value = skipTransparent(node);
  // A factory's value can lead back to itself through a method call (`this.x = this.x.next()`, CoffeeScript's
  // compiled classes), past the depth each path counts: a value already being asked about is not known.
  if (depth > 4 || valuesInQuestion.has(value)) return null;
  valuesInQuestion.add(value);
  try {
    return exactValueOf(value, name, context, depth);
  } finally {
    valuesInQuestion.delete(value);
  }
}

/** The values `exactValue` is working out, outermost first: a cycle through `resolveCallee` stops at the first repeat. */
const valuesInQuestion = new Set<Node>();

function exactValueOf(value: Node, name: string, context: FileContext, depth: number): TSESTree.ClassDeclaration | TSESTree.ObjectExpression | null {
  switch (value.type) {
    case 'NewExpression': {
      const callee = skipTransparent(value.callee);
      const binding = callee.type === 'Identifier' ? context.scope.bindingOf(callee) : null;
      const target = binding ? getBindingObject(binding) : null;
      return target?.type === 'ClassDeclaration' ? target : null;
    }
    case 'ObjectExpression':
      return value;
    case 'Identifier': {
      const binding = context.scope.bindingOf(value);
      const definition = binding?.definition;
      if (!binding || binding.writes !== 0 || definition?.type !== 'VariableDeclarator' || definition.id !== binding.id || !definition.init) return null;
      if (isMemberReplaced(binding, name)) return null;
      const init = skipTransparent(definition.init);
      // An object literal bound to a name is the object case above (getBindingObject), which knows its spreads.
      return init.type === 'ObjectExpression' ? null : exactValue(init, name, context, depth + 1);
    }
    case 'CallExpression': {
      const factory = resolveCallee(value, context);
      if (!factory || factory.async || factory.generator) return null;
      const returned = returnedValues(factory);
      const [only] = returned;
      return returned.length === 1 && only ? exactValue(only, name, context, depth + 1) : null;
    }
    case 'MemberExpression': {
      if (skipTransparent(value.object).type !== 'ThisExpression') return null;
      const field = getPropertyName(value);
      const owner = getThisClass(value);
      if (field === null || !owner || owner.isStatic) return null;
      const assigned = thisAssignments(owner.body, field);
      const [only] = assigned;
      return assigned.length === 1 && only ? exactValue(only, name, context, depth + 1) : null;
    }
    default:
      return null;
  }
}

/**
 * Whether `binding`'s member `name` may have been replaced: an assignment to any of its members (`x.name = …`,
 * `x.name ??= …`, or another name, which may be an alias), a computed access, or `x.name++`. Read once per binding.
 */
export function isMemberReplaced(binding: Binding, name: string): boolean {
  let writes = memberWrites.get(binding);
  if (!writes) {
    const updated = new Set<string>();
    let any = false;
    for (const reference of binding.references) {
      const member = reference.parent;
      if (member?.type !== 'MemberExpression' || member.object !== reference) continue;
      const parent = member.parent;
      const property = getPropertyName(member);
      if ((parent?.type === 'AssignmentExpression' && parent.left === member) || property === null) any = true;
      else if (parent?.type === 'UpdateExpression') updated.add(property);
    }
    writes = { any, updated };
    memberWrites.set(binding, writes);
  }
  return writes.any || writes.updated.has(name);
}

const memberWrites = new WeakMap<Binding, { readonly any: boolean; readonly updated: ReadonlySet<string> }>();

/**
 * What the class's fields and methods assign to `this.field` (null for an operator assignment, whose value is
 * not known), gathered in one pass over the class and kept: asked for every `this.x` of every method.
 */
export function thisAssignments(body: TSESTree.ClassBody, field: string): ReadonlyArray<Node | null> {
  let byField = assignmentsByClass.get(body);
  if (!byField) {
    const found = new Map<string, Array<Node | null>>();
    const add = (name: string | null, value: Node | null): void => {
      if (name === null) return;
      const values = found.get(name);
      if (values) values.push(value);
      else found.set(name, [value]);
    };
    for (const member of body.body) {
      // A field declared without a value (`private db: Db;`) is given one by the methods.
      if (member.type === 'PropertyDefinition' && !member.static && member.value) add(getKeyName(member.key, member.computed), member.value);
      if (member.type !== 'MethodDefinition' || !isFunction(member.value)) continue;
      visitOwnBody(member.value.body, (node) => {
        if (node.type === 'AssignmentExpression' && node.left.type === 'MemberExpression' && skipTransparent(node.left.object).type === 'ThisExpression') {
          add(getPropertyName(node.left), node.operator === '=' ? node.right : null);
        }
      });
    }
    byField = found;
    assignmentsByClass.set(body, byField);
  }
  return byField.get(field) ?? [];
}

const assignmentsByClass = new WeakMap<TSESTree.ClassBody, ReadonlyMap<string, ReadonlyArray<Node | null>>>();

/** A class's member `name`, or its same-file superclasses'. */
function findInheritedMember(declaration: TSESTree.ClassDeclaration, name: string, context: FileContext): FunctionNode | null {
  let current: TSESTree.ClassDeclaration | null = declaration;
  for (let depth = 0; current && depth < 8; depth++) {
    const own = findClassMember(current.body, name, false);
    if (own) return own;
    // A member declared without a body here (a field, an overload list) is not inherited from further up.
    if (current.body.body.some((member) => 'key' in member && member.key && getKeyName(member.key, member.computed) === name)) return null;
    const superClass: Node | null = current.superClass ? skipTransparent(current.superClass) : null;
    if (!superClass) return null;
    const binding: Binding | null = superClass.type === 'Identifier' ? context.scope.bindingOf(superClass) : null;
    const parent: TSESTree.ObjectExpression | TSESTree.ClassDeclaration | null = binding ? getBindingObject(binding) : null;
    current = parent?.type === 'ClassDeclaration' ? parent : null;
  }
  return null;
}

/** The name a function is known by (`main`, `save` of `save() {…}`, `onDone` of `x.onDone = …`), or null when it has none. */
export function getFunctionName(fn: FunctionNode): string | null {
  if (fn.id) return fn.id.name;
  const parent = fn.parent;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if ((parent?.type === 'MethodDefinition' || parent?.type === 'Property' || parent?.type === 'PropertyDefinition') && parent.key) {
    return getKeyName(parent.key, parent.computed);
  }
  if (parent?.type === 'AssignmentExpression') {
    const left = parent.left;
    if (left.type === 'Identifier') return left.name;
    if (left.type === 'MemberExpression') return getPropertyName(left);
  }
  return null;
}

/** How messages name a function: `` `main()` ``, "the callback passed to `it()`", "an immediately invoked function". */
export function describeFunction(fn: FunctionNode): string {
  const name = getFunctionName(fn);
  if (name !== null) return `\`${name}()\``;
  const parent = fn.parent;
  if (parent?.type === 'CallExpression') {
    if (skipTransparent(parent.callee) === fn) return 'an immediately invoked function';
    const callee = getDottedName(parent.callee);
    if (callee !== null) return `the callback passed to \`${callee}()\``;
  }
  return 'an anonymous function';
}

/**
 * What a call to a function imported from another module of the project does (`import { upload } from
 * './upload'`, `const log = require('../log')`), when the analysis was given a way to read it.
 */
export function resolveExternalCallee(call: TSESTree.CallExpression, context: FileContext): ExternalFunction | null {
  const resolve = context.options.resolveImport;
  if (!resolve) return null;
  // Asked for the same call by several parts of the walk: one lookup (and its file checks) per call and
  // analysis (two analyses of one tree, with different options, may get different answers).
  let known = externalCallees.get(context);
  if (!known) externalCallees.set(context, (known = new Map()));
  const cached = known.get(call);
  if (cached !== undefined) return cached;
  const origin = getExpressionOrigin(call.callee, context.scope);
  // `const log = require('../log'); log()` calls what the module assigns to `module.exports`. Any
  // specifier is asked about (`@/lib/log`, `@acme/utils`): the resolver knows which are the project's.
  const external = origin && origin.path.length <= 1 ? resolve(context.options.filename, origin.source, origin.path[0] ?? 'default', context.options) : null;
  known.set(call, external);
  return external;
}

const externalCallees = new WeakMap<FileContext, Map<TSESTree.CallExpression, ExternalFunction | null>>();

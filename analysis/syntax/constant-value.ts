import type { TSESTree } from '@typescript-eslint/types';
import { getKeyName, getPropertyName, skipTransparent, type FunctionNode, type Node } from './ast';
import type { Binding, ScopeInfo } from './scope';

/*
 * Values known from the syntax alone: literals, `const` names initialised with one, plain object literals of
 * them, and the parameters of a function walked for one call whose arguments are such values
 * (`start({ watch: false })`). The walk uses them to follow only the branch a known condition selects. Anything
 * else is unknown, and both branches are walked.
 */

/** A known value: a primitive or a plain object of known values. */
export interface Known {
  readonly value: unknown;
}

/** Parameters of the function being walked whose values the call fixes. */
export type ParameterValues = ReadonlyMap<Binding, Known>;

export const NO_VALUES: ParameterValues = new Map();
const MAX_DEPTH = 8;

/** The value of an expression when the syntax fixes it, or undefined when it does not. */
export function evaluate(node: Node, scope: ScopeInfo, values: ParameterValues = NO_VALUES, depth = 0): Known | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const expression = skipTransparent(node);
  switch (expression.type) {
    case 'Literal':
      return 'regex' in expression && expression.regex ? undefined : { value: expression.value };
    case 'TemplateLiteral':
      return expression.expressions.length === 0 ? { value: expression.quasis[0]?.value.cooked } : undefined;
    case 'Identifier': {
      if (scope.isGlobalReference(expression, 'undefined')) return { value: undefined };
      const binding = scope.bindingOf(expression);
      if (!binding) return undefined;
      const known = values.get(binding);
      if (known) return known;
      const definition = binding.definition;
      if (binding.kind !== 'const' || binding.writes !== 0 || definition.type !== 'VariableDeclarator' || definition.id !== binding.id || !definition.init)
        return undefined;
      const init = skipTransparent(definition.init);
      // Only a primitive: an object bound to a name may be changed through it anywhere.
      if (init.type !== 'Literal' && init.type !== 'TemplateLiteral' && init.type !== 'UnaryExpression') return undefined;
      const value = evaluate(init, scope, NO_VALUES, depth + 1);
      return value && isPrimitive(value.value) ? value : undefined;
    }
    case 'UnaryExpression': {
      if (expression.operator === 'void') return { value: undefined };
      const argument = evaluate(expression.argument, scope, values, depth + 1);
      if (!argument) return undefined;
      if (expression.operator === '!') return { value: !argument.value };
      if (expression.operator === '-' && typeof argument.value === 'number') return { value: -argument.value };
      if (expression.operator === 'typeof') return { value: argument.value === null ? 'object' : typeof argument.value };
      return undefined;
    }
    case 'BinaryExpression': {
      if (!['===', '!==', '==', '!='].includes(expression.operator) || expression.left.type === 'PrivateIdentifier') return undefined;
      const left = evaluate(expression.left, scope, values, depth + 1);
      const right = left && evaluate(expression.right, scope, values, depth + 1);
      if (!left || !right || !isPrimitive(left.value) || !isPrimitive(right.value)) return undefined;
      switch (expression.operator) {
        case '===':
          return { value: left.value === right.value };
        case '!==':
          return { value: left.value !== right.value };
        case '==':
          return { value: left.value == right.value };
        default:
          return { value: left.value != right.value };
      }
    }
    case 'LogicalExpression': {
      const left = evaluate(expression.left, scope, values, depth + 1);
      if (!left) return undefined;
      const short =
        expression.operator === '&&' ? !left.value : expression.operator === '||' ? Boolean(left.value) : left.value !== null && left.value !== undefined;
      return short ? left : evaluate(expression.right, scope, values, depth + 1);
    }
    case 'ObjectExpression': {
      const object: Record<string, unknown> = {};
      for (const property of expression.properties) {
        if (property.type !== 'Property' || property.kind !== 'init' || property.method) return undefined;
        const key = getKeyName(property.key, property.computed);
        const value = key === null ? undefined : evaluate(property.value, scope, values, depth + 1);
        if (key === null || !value) return undefined;
        object[key] = value.value;
      }
      return { value: Object.freeze(object) };
    }
    case 'MemberExpression': {
      const object = evaluate(expression.object, scope, values, depth + 1);
      const key = getPropertyName(expression);
      if (!object || key === null || !isPlainObject(object.value)) return undefined;
      return { value: Object.hasOwn(object.value, key) ? object.value[key] : undefined };
    }
    default:
      return undefined;
  }
}

/** Whether a known value is truthy; undefined when the value is not known. */
export function truthiness(node: Node, scope: ScopeInfo, values: ParameterValues): boolean | undefined {
  const known = evaluate(node, scope, values);
  return known ? Boolean(known.value) : undefined;
}

/**
 * The parameters of `fn` that a call fixes: each argument (or a missing one's default) that is a known value.
 * A parameter counts only if nothing reassigns it and, for an object, it is only ever read as `param.name`:
 * an object handed on or written to may change before a condition reads it.
 */
export function parameterValues(fn: FunctionNode, call: TSESTree.CallExpression, scope: ScopeInfo, values: ParameterValues): ParameterValues {
  const result = new Map<Binding, Known>();
  if (call.arguments.some((argument) => argument.type === 'SpreadElement')) return result;
  fn.params.forEach((param, index) => {
    const argument = call.arguments[index];
    const known = argument ? evaluate(argument, scope, values) : { value: undefined };
    bindPattern(param, known, scope, result);
  });
  return result;
}

function bindPattern(pattern: Node, known: Known | undefined, scope: ScopeInfo, result: Map<Binding, Known>): void {
  switch (pattern.type) {
    case 'Identifier': {
      const binding = scope.bindingOf(pattern);
      if (!known || !binding || binding.writes !== 0) return;
      if (isPlainObject(known.value) && !binding.references.every(isPropertyRead)) return;
      result.set(binding, known);
      return;
    }
    case 'AssignmentPattern': {
      const value = known && known.value === undefined ? evaluate(pattern.right, scope) : known;
      bindPattern(pattern.left, value, scope, result);
      return;
    }
    case 'ObjectPattern': {
      if (!known || !isPlainObject(known.value)) return;
      for (const property of pattern.properties) {
        if (property.type !== 'Property') continue;
        const key = getKeyName(property.key, property.computed);
        if (key === null) continue;
        bindPattern(property.value, { value: Object.hasOwn(known.value, key) ? known.value[key] : undefined }, scope, result);
      }
      return;
    }
    case 'TSParameterProperty':
      return;
    default:
      return;
  }
}

/** `param.name` read (not written, deleted or called as a method that could change it). */
function isPropertyRead(reference: TSESTree.Identifier): boolean {
  const member = reference.parent;
  if (member?.type !== 'MemberExpression' || member.object !== reference || getPropertyName(member) === null) return false;
  const parent = member.parent;
  if (parent?.type === 'AssignmentExpression' && parent.left === member) return false;
  if (parent?.type === 'UpdateExpression' || (parent?.type === 'UnaryExpression' && parent.operator === 'delete')) return false;
  if (parent?.type === 'CallExpression' && parent.callee === member) return false;
  return true;
}

/** A stable key for a set of parameter values (for caching one walk per distinct call). */
export function valuesKey(values: ParameterValues): string {
  return [...values]
    .map(([binding, known]) => `${binding.id.range[0]}=${JSON.stringify(known.value === undefined ? { undefined: true } : known.value)}`)
    .sort()
    .join(',');
}

function isPrimitive(value: unknown): boolean {
  return value === null || (typeof value !== 'object' && typeof value !== 'function');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

const RELATIONAL: Readonly<Record<string, (left: number, right: number) => boolean>> = {
  '<': (left, right) => left < right,
  '<=': (left, right) => left <= right,
  '>': (left, right) => left > right,
  '>=': (left, right) => left >= right,
};

/**
 * Whether a `for` loop's test holds before its first turn, by the values its own `init` gives its variables
 * (`for (let i = 0; i < 2; i++)`): then the loop runs at least one turn. Only numbers the syntax fixes are
 * compared; anything else is not known to hold (false).
 */
export function firstTestHolds(loop: TSESTree.ForStatement, scope: ScopeInfo, values: ParameterValues = NO_VALUES): boolean {
  if (!loop.test) return true;
  const entry = new Map(values);
  if (loop.init?.type === 'VariableDeclaration') {
    for (const declarator of loop.init.declarations) {
      if (declarator.id.type !== 'Identifier' || !declarator.init) continue;
      const binding = scope.bindingOf(declarator.id);
      const known = evaluate(declarator.init, scope, values);
      if (binding && known && isPrimitive(known.value)) entry.set(binding, known);
    }
  }
  const test = skipTransparent(loop.test);
  if (test.type === 'BinaryExpression' && test.left.type !== 'PrivateIdentifier' && Object.hasOwn(RELATIONAL, test.operator)) {
    const left = evaluate(test.left, scope, entry);
    const right = left && evaluate(test.right, scope, entry);
    return (
      typeof left?.value === 'number' &&
      typeof right?.value === 'number' &&
      (RELATIONAL[test.operator] as (l: number, r: number) => boolean)(left.value, right.value)
    );
  }
  return truthiness(test, scope, entry) === true;
}

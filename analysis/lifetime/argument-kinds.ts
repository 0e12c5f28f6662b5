import type { Node } from '../syntax/ast';
import { field, type AnyNode } from '../syntax/type-syntax';
import type { FileContext } from './file-context';

/*
 * What a call's arguments evidently are (a string, a function, an array…), for choosing among overloads
 * without a type checker: an overload whose parameter cannot take such a value is not the one called.
 */

export type ArgumentKind = 'string' | 'number' | 'boolean' | 'function' | 'array' | 'object' | 'unknown';

/** Member names every value of a kind has: a type requiring another member cannot take it. */
const PROTOTYPE_NAMES: Readonly<Record<Exclude<ArgumentKind, 'object' | 'unknown'>, ReadonlySet<string>>> = {
  string: namesOf(String.prototype),
  number: namesOf(Number.prototype),
  boolean: namesOf(Boolean.prototype),
  function: namesOf(Function.prototype),
  array: namesOf(Array.prototype),
};

function namesOf(prototype: object): ReadonlySet<string> {
  return new Set([...Object.getOwnPropertyNames(prototype), ...Object.getOwnPropertyNames(Object.prototype)]);
}

/** An object type takes a value of this kind unless it requires a member such values never have. */
export function membersAccept(members: readonly AnyNode[], kind: ArgumentKind): boolean {
  if (kind === 'object' || kind === 'unknown') return true;
  if (members.some((member) => member.type === 'TSCallSignatureDeclaration')) return kind === 'function';
  const names = PROTOTYPE_NAMES[kind];
  return members.every((member) => {
    if ((member.type !== 'TSPropertySignature' && member.type !== 'TSMethodSignature') || (member as { optional?: boolean }).optional) return true;
    const key = field(member, 'key') as { name?: string; value?: unknown } | null;
    const name = key?.name ?? (typeof key?.value === 'string' ? key.value : null);
    return name === null || names.has(name);
  });
}

/** What an argument evidently is, from its syntax (or a `const` bound to a literal or function). */
export function argumentKind(node: Node, context: FileContext, depth = 0): ArgumentKind {
  switch (node.type) {
    case 'Literal':
      return typeof node.value === 'string' ? 'string' : typeof node.value === 'number' ? 'number' : typeof node.value === 'boolean' ? 'boolean' : 'unknown';
    case 'TemplateLiteral':
      return 'string';
    case 'ArrowFunctionExpression':
    case 'FunctionExpression':
    case 'ClassExpression':
      return 'function';
    case 'ArrayExpression':
      return 'array';
    case 'ObjectExpression':
      return 'object';
    case 'Identifier': {
      const binding = context.scope.bindingOf(node);
      if (!binding || binding.writes !== 0 || depth > 4) return 'unknown';
      if (binding.kind === 'function') return 'function';
      const definition = binding.definition;
      return binding.kind === 'const' && definition.type === 'VariableDeclarator' && definition.id === binding.id && definition.init
        ? argumentKind(definition.init, context, depth + 1)
        : 'unknown';
    }
    default:
      return 'unknown';
  }
}

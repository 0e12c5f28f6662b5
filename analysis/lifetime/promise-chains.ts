import type { TSESTree } from '@typescript-eslint/types';
import { getPropertyName, skipTransparent, type Node } from '../syntax/ast';
import type { FileContext } from './file-context';

/*
 * What the syntax of a promise expression says, before anything is resolved: a chain method (`then`,
 * `catch`, `finally`) called as a promise's is, a joiner of the global `Promise` (Node's promise modules
 * and the rest of the platform are platform-apis.ts).
 */

const JOINERS = new Set(['all', 'allSettled', 'race', 'any']);
const CHAIN_METHODS = new Set(['then', 'catch', 'finally']);

/** `Promise.all(…)`, `Promise.allSettled(…)`, `Promise.race(…)`, `Promise.any(…)` on the global `Promise`. */
export function isJoinerCall(node: Node, context: FileContext): node is TSESTree.CallExpression {
  if (node.type !== 'CallExpression') return false;
  const callee = skipTransparent(node.callee);
  if (callee.type !== 'MemberExpression') return false;
  const name = getPropertyName(callee);
  return name !== null && JOINERS.has(name) && context.scope.isGlobalReference(skipTransparent(callee.object), 'Promise');
}

/**
 * `x.then(…)`, `x.catch(…)`, `x.finally(…)` called as a promise's methods are: with at most two (`then`) or
 * one callback, each something that can be a function. Returns the method name, or null, so that a fluent
 * API of the same names (`z.string().catch('fallback')`) is not taken for a promise.
 */
export function getChainMethod(node: Node): 'then' | 'catch' | 'finally' | null {
  if (node.type !== 'CallExpression') return null;
  const callee = skipTransparent(node.callee);
  if (callee.type !== 'MemberExpression') return null;
  const name = getPropertyName(callee);
  if (name === null || !CHAIN_METHODS.has(name)) return null;
  if (node.arguments.length > (name === 'then' ? 2 : 1) || !node.arguments.every(isCallbackLike)) return null;
  return name as 'then' | 'catch' | 'finally';
}

/** An argument that may be a callback: a function, a name, a member, a call that returns one; `null`/`undefined` for `then`'s skipped slot. */
function isCallbackLike(argument: Node): boolean {
  const value = skipTransparent(argument);
  switch (value.type) {
    case 'ArrowFunctionExpression':
    case 'FunctionExpression':
    case 'Identifier':
    case 'MemberExpression':
    case 'CallExpression':
    case 'ConditionalExpression':
    case 'LogicalExpression':
      return true;
    case 'Literal':
      return value.value === null;
    case 'UnaryExpression':
      return value.operator === 'void';
    default:
      return false;
  }
}

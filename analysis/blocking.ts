import type { TSESTree } from '@typescript-eslint/types';
import { forEachChild, getDottedName, getPropertyName, isFunction, skipTransparent, type Node } from './ast';
import type { FileContext } from './file-context';
import type { BlockingKind } from './model';
import { getExpressionOrigin } from './module-origin';
import { matchesSpecifier } from './specifier';

/*
 * Synchronous work that holds the event loop: while it runs, no pending promise can take a step.
 * Recognised from syntax: `Atomics.wait`, child_process's `*Sync` calls, deasync/synckit-style calls,
 * busy-wait loops on a clock, `fs` `*Sync` calls when asked, and the user's own list.
 */

export interface Blocking {
  readonly kind: BlockingKind;
  /** How long the loop is held, when the code says (`Atomics.wait(…, 300)`, `Date.now() - start < 300`). */
  readonly durationMs: number | null;
}

const CHILD_PROCESS_SYNC = new Set(['execSync', 'execFileSync', 'spawnSync']);
const SYNC_BRIDGES = new Set(['deasync', 'synckit', 'sync-rpc', 'sync-fetch']);
const CLOCKS = new Set(['Date.now', 'performance.now', 'process.hrtime', 'process.hrtime.bigint', 'process.uptime']);

function numberValue(node: Node | undefined): number | null {
  if (!node) return null;
  const value = skipTransparent(node);
  return value.type === 'Literal' && typeof value.value === 'number' ? value.value : null;
}

/** The blocking a call does, or null. */
export function getBlockingCall(call: TSESTree.CallExpression, context: FileContext, blockOnFsSync: boolean): Blocking | null {
  const callee = skipTransparent(call.callee);
  const { scope, options } = context;
  if (callee.type === 'MemberExpression' && getPropertyName(callee) === 'wait' && scope.isGlobalReference(skipTransparent(callee.object), 'Atomics')) {
    return { kind: 'atomics-wait', durationMs: call.arguments.length >= 4 ? numberValue(call.arguments[3]) : null };
  }
  const origin = getExpressionOrigin(callee, scope);
  const name = origin?.path.at(-1) ?? null;
  if (origin?.source === 'child_process' && name !== null && CHILD_PROCESS_SYNC.has(name)) return { kind: 'child-process', durationMs: null };
  if (origin && SYNC_BRIDGES.has(origin.source)) return { kind: 'sync-bridge', durationMs: origin.path.at(-1) === 'sleep' ? numberValue(call.arguments[0]) : null };
  if (callee.type === 'Identifier') {
    // `const fetchSync = createSyncFn(…)` (synckit) or `deasync(fn)`: the bound function blocks.
    const binding = scope.bindingOf(callee);
    const definition = binding?.definition;
    if (definition?.type === 'VariableDeclarator' && definition.init && skipTransparent(definition.init).type === 'CallExpression') {
      const factory = getExpressionOrigin((skipTransparent(definition.init) as TSESTree.CallExpression).callee, scope);
      if (factory && SYNC_BRIDGES.has(factory.source)) return { kind: 'sync-bridge', durationMs: null };
    }
  }
  if (blockOnFsSync && origin?.source === 'fs' && name?.endsWith('Sync')) return { kind: 'fs-sync', durationMs: null };
  if (matchesSpecifier(callee, options.blockingFunctions, scope)) return { kind: 'configured', durationMs: null };
  return null;
}

/** A clock read: `Date.now()`, `performance.now()`, `process.hrtime()`, `new Date()`. */
function readsClock(node: Node, context: FileContext): boolean {
  let found = false;
  const visit = (current: Node): void => {
    if (found || isFunction(current)) return;
    if (current.type === 'CallExpression') {
      const name = getDottedName(current.callee);
      if (name !== null && CLOCKS.has(name)) found = true;
    }
    if (current.type === 'NewExpression' && context.scope.isGlobalReference(skipTransparent(current.callee), 'Date')) found = true;
    forEachChild(current, visit);
  };
  visit(node);
  return found;
}

function yieldsToLoop(node: Node): boolean {
  let found = false;
  const visit = (current: Node): void => {
    if (found || isFunction(current)) return;
    if (current.type === 'AwaitExpression' || current.type === 'YieldExpression' || (current.type === 'ForOfStatement' && current.await)) found = true;
    forEachChild(current, visit);
  };
  visit(node);
  return found;
}

/** `… < 300` / `300 > …` / `… <= start + 300`: the constant a clock comparison waits for. */
function comparedDuration(test: Node): number | null {
  const node = skipTransparent(test);
  if (node.type !== 'BinaryExpression') return null;
  const right = skipTransparent(node.right);
  const left = skipTransparent(node.left);
  const direct = numberValue(right) ?? numberValue(left);
  if (direct !== null) return direct;
  for (const side of [right, left]) {
    if (side.type === 'BinaryExpression' && side.operator === '+') return numberValue(side.right) ?? numberValue(side.left);
  }
  return null;
}

/**
 * A loop that spins on a clock without yielding: `while (Date.now() - start < 300) {}` or
 * `for (;;) { if (performance.now() > end) break; }`.
 */
export function getBusyWait(loop: Node, context: FileContext): Blocking | null {
  if (loop.type !== 'WhileStatement' && loop.type !== 'DoWhileStatement' && loop.type !== 'ForStatement') return null;
  if (yieldsToLoop(loop.body)) return null;
  const test = loop.test;
  if (test && readsClock(test, context)) return { kind: 'busy-wait', durationMs: comparedDuration(test) };
  let breakTest: Node | null = null;
  const body = loop.body.type === 'BlockStatement' ? loop.body.body : [loop.body];
  for (const statement of body) {
    if (statement.type === 'IfStatement' && (statement.consequent.type === 'BreakStatement' || (statement.consequent.type === 'BlockStatement' && statement.consequent.body.at(-1)?.type === 'BreakStatement'))) {
      breakTest = statement.test;
    }
  }
  if (breakTest && readsClock(breakTest, context)) return { kind: 'busy-wait', durationMs: comparedDuration(breakTest) };
  return null;
}

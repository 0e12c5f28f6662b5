import type { TSESTree } from '@typescript-eslint/types';
import { forEachChild, getDottedName, getPropertyName, isFunction, skipTransparent, type Node } from '../syntax/ast';
import type { FileContext } from './file-context';
import type { BlockingKind } from './model';
import { getExpressionOrigin } from '../syntax/module-origin';
import { matchesSpecifier } from '../syntax/specifier';

/*
 * Synchronous work that holds the event loop: while it runs, no pending promise can take a step.
 * Recognised from syntax: `Atomics.wait`, child_process's `*Sync` calls, deasync/synckit-style calls,
 * busy-wait loops on a clock, `fs` `*Sync` calls when asked, and the user's own list.
 */

export interface Blocking {
  readonly kind: BlockingKind;
  /** How long the loop is held, when the code says (`Atomics.wait(…, 300)`, `Date.now() - start < 300`). */
  readonly durationMs: number | null;
  /** The node to point at, when it is not the call or loop itself (a busy-wait's clock comparison). */
  readonly at?: Node;
}

export const CHILD_PROCESS_SYNC = new Set(['execSync', 'execFileSync', 'spawnSync']);
export const SYNC_BRIDGES = new Set(['deasync', 'synckit', 'sync-rpc', 'sync-fetch']);
/** Calls of these make a blocking function; only calling that function blocks. */
const SYNC_FACTORIES: Record<string, ReadonlySet<string>> = {
  deasync: new Set(['', 'default']),
  synckit: new Set(['createSyncFn']),
  'sync-rpc': new Set(['', 'default']),
};
export const CLOCKS = new Set(['Date.now', 'performance.now', 'process.hrtime', 'process.hrtime.bigint', 'process.uptime']);
/** Clocks that count in milliseconds, so a compared constant is a duration in ms. */
const MILLISECOND_CLOCKS = new Set(['Date.now', 'performance.now']);

function isFactory(source: string, path: readonly string[]): boolean {
  return SYNC_FACTORIES[source]?.has(path.at(-1) ?? '') ?? false;
}

/** A number the code spells out: a literal, or arithmetic on literals (`300 + 50`, `2 * 1000`). */
function numberValue(node: Node | undefined): number | null {
  if (!node) return null;
  const value = skipTransparent(node);
  if (value.type === 'Literal' && typeof value.value === 'number') return value.value;
  if (value.type === 'BinaryExpression' && ['+', '-', '*', '/'].includes(value.operator)) {
    const left = numberValue(value.left);
    const right = numberValue(value.right);
    if (left === null || right === null) return null;
    return value.operator === '+'
      ? left + right
      : value.operator === '-'
        ? left - right
        : value.operator === '*'
          ? left * right
          : right === 0
            ? null
            : left / right;
  }
  return null;
}

/** The blocking a call does, or null. */
export function getBlockingCall(call: TSESTree.CallExpression, context: FileContext, blockOnFsSync: boolean): Blocking | null {
  const callee = skipTransparent(call.callee);
  const { scope, options } = context;
  if (callee.type === 'MemberExpression' && getPropertyName(callee) === 'wait' && isAtomics(callee.object, context)) {
    const durationMs = call.arguments.length >= 4 ? numberValue(call.arguments[3]) : null;
    // A zero timeout returns at once.
    return durationMs === 0 ? null : { kind: 'atomics-wait', durationMs };
  }
  const origin = getExpressionOrigin(callee, scope);
  const name = origin?.path.at(-1) ?? null;
  if (origin?.source === 'child_process' && name !== null && CHILD_PROCESS_SYNC.has(name)) return { kind: 'child-process', durationMs: null };
  if (origin && SYNC_BRIDGES.has(origin.source)) {
    if (isFactory(origin.source, origin.path)) return null; // `deasync(fn)` makes a blocking function; calling that blocks
    return { kind: 'sync-bridge', durationMs: origin.path.at(-1) === 'sleep' ? numberValue(call.arguments[0]) : null };
  }
  if (callee.type === 'Identifier') {
    // `const fetchSync = createSyncFn(…)` (synckit) or `deasync(fn)`: the bound function blocks.
    const binding = scope.bindingOf(callee);
    const definition = binding?.definition;
    if (definition?.type === 'VariableDeclarator' && definition.init && skipTransparent(definition.init).type === 'CallExpression') {
      const factory = getExpressionOrigin((skipTransparent(definition.init) as TSESTree.CallExpression).callee, scope);
      if (factory && SYNC_BRIDGES.has(factory.source) && isFactory(factory.source, factory.path)) return { kind: 'sync-bridge', durationMs: null };
    }
  }
  if (blockOnFsSync && origin?.source === 'fs' && name?.endsWith('Sync')) return { kind: 'fs-sync', durationMs: null };
  if (matchesSpecifier(callee, options.blockingFunctions, scope)) return { kind: 'configured', durationMs: null };
  return null;
}

/** `Atomics`, or `globalThis.Atomics`, unshadowed. */
function isAtomics(node: Node, context: FileContext): boolean {
  const object = skipTransparent(node);
  if (context.scope.isGlobalReference(object, 'Atomics')) return true;
  return (
    object.type === 'MemberExpression' && getPropertyName(object) === 'Atomics' && context.scope.isGlobalReference(skipTransparent(object.object), 'globalThis')
  );
}

/** The clock a test reads: 'ms' for `Date.now()`, `performance.now()`, `new Date()`; 'other' for the rest; null for none. */
function readsClock(node: Node, context: FileContext): 'ms' | 'other' | null {
  const clocks = new Set<'ms' | 'other'>();
  const visit = (current: Node): void => {
    if (isFunction(current)) return;
    if (current.type === 'CallExpression') {
      const name = getDottedName(current.callee);
      if (name !== null && CLOCKS.has(name)) clocks.add(MILLISECOND_CLOCKS.has(name) ? 'ms' : 'other');
    }
    if (current.type === 'NewExpression' && context.scope.isGlobalReference(skipTransparent(current.callee), 'Date')) clocks.add('ms');
    forEachChild(current, visit);
  };
  visit(node);
  return clocks.has('other') ? 'other' : clocks.has('ms') ? 'ms' : null;
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
  if (node.type !== 'BinaryExpression' || !['<', '<=', '>', '>='].includes(node.operator)) return null;
  const right = skipTransparent(node.right);
  const left = skipTransparent(node.left);
  const direct = numberValue(right) ?? numberValue(left);
  if (direct !== null) return direct;
  // `Date.now() < start + 300`: the constant added to a start time.
  for (const side of [right, left]) {
    if (side.type === 'BinaryExpression' && side.operator === '+') {
      const constant = numberValue(side.right) ?? numberValue(side.left);
      if (constant !== null && (numberValue(side.right) === null || numberValue(side.left) === null)) return constant;
    }
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
  const clock = test ? readsClock(test, context) : null;
  if (test && clock) return { kind: 'busy-wait', durationMs: clock === 'ms' ? comparedDuration(test) : null, at: test };
  let breakTest: Node | null = null;
  const body = loop.body.type === 'BlockStatement' ? loop.body.body : [loop.body];
  for (const statement of body) {
    if (
      statement.type === 'IfStatement' &&
      (statement.consequent.type === 'BreakStatement' ||
        (statement.consequent.type === 'BlockStatement' && statement.consequent.body.at(-1)?.type === 'BreakStatement'))
    ) {
      breakTest = statement.test;
    }
  }
  const breakClock = breakTest ? readsClock(breakTest, context) : null;
  if (breakTest && breakClock) return { kind: 'busy-wait', durationMs: breakClock === 'ms' ? comparedDuration(breakTest) : null, at: breakTest };
  return null;
}

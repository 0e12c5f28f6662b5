import { forEachChild, visitOwnBody, getDottedName, getPropertyName, isFunction, skipTransparent, type FunctionNode, type Node } from '../syntax/ast';
import type { FileContext } from './file-context';
import type { TestFramework } from './test-frameworks';

/*
 * When a test callback's world ends. Only a test that ends when its callback returns (or its promise settles)
 * has a lifetime end there; a test that ends when it calls back, when a plan is met, or whose timers are fake
 * (the test drives them itself), ends somewhere the analysis cannot see, and nothing is reported at its return.
 */

/** Names that make any parameter a completion callback, whatever the framework. */
const DONE_PARAMS = new Set(['done', 'cb', 'callback', 'next', 'end']);
/** Methods of a test context that make the test end on their own terms: node:test and tap's `t.plan(n)`, tap's `t.end()`. */
const SELF_ENDING_METHODS = new Set(['plan', 'end', 'done']);
/** Calls that install fake timers. */
const FAKE_TIMER_INSTALLS = new Set(['useFakeTimers', 'enableFakeTimers']);
/** Calls that drive fake timers (and with them, the work waiting on them) synchronously. */
const FAKE_TIMER_DRIVERS = new Set([
  'advanceTimersByTime',
  'advanceTimersByTimeAsync',
  'advanceTimersToNextTimer',
  'advanceTimersToNextTimerAsync',
  'runAllTimers',
  'runAllTimersAsync',
  'runOnlyPendingTimers',
  'runOnlyPendingTimersAsync',
  'runAllTicks',
  'tickAsync',
  'runAllAsync',
  'runToLastAsync',
]);
/** Hooks whose callbacks run before each test of their block. */
const SETUP_HOOKS = new Set(['beforeEach', 'beforeAll', 'before']);

/**
 * Whether the test ends somewhere other than its callback's return: it takes a completion callback, uses
 * `t.plan()`/`t.end()`, or runs under fake timers (its own, its block's or its file's).
 */
export function endsElsewhere(fn: FunctionNode, framework: TestFramework, context: FileContext): boolean {
  if (fn.params.some((param) => param.type === 'Identifier' && DONE_PARAMS.has(param.name))) return true;
  if (framework === 'node' && fn.params.length >= 2) return true;
  if (framework === 'callback' && fn.params[0] !== undefined && fn.params[0].type !== 'ObjectPattern') return true;
  if (framework !== 'callback' && usesSelfEndingMethod(fn, context)) return true;
  return runsUnderFakeTimers(fn);
}

/** `t.plan(3)`, `t.end()` on the test's own context, anywhere in the callback (its nested callbacks too). */
function usesSelfEndingMethod(fn: FunctionNode, context: FileContext): boolean {
  const param = fn.params[0];
  if (param?.type !== 'Identifier') return false;
  const binding = context.scope.bindingOf(param);
  return (
    binding?.references.some((reference) => {
      const member = reference.parent;
      return (
        member?.type === 'MemberExpression' &&
        member.object === reference &&
        member.parent?.type === 'CallExpression' &&
        member.parent.callee === member &&
        SELF_ENDING_METHODS.has(getPropertyName(member) ?? '')
      );
    }) ?? false
  );
}

/** A call that installs or drives fake timers: `vi.useFakeTimers()`, `jest.advanceTimersByTime(…)`, `mock.timers.enable()`, `clock.tick(…)`. */
function isFakeTimerCall(node: Node): boolean {
  if (node.type !== 'CallExpression') return false;
  const callee = skipTransparent(node.callee);
  if (callee.type !== 'MemberExpression' && callee.type !== 'Identifier') return false;
  const name = callee.type === 'Identifier' ? callee.name : getPropertyName(callee);
  if (name === null) return false;
  if (FAKE_TIMER_INSTALLS.has(name) || FAKE_TIMER_DRIVERS.has(name)) return true;
  if (callee.type !== 'MemberExpression') return false;
  const object = getDottedName(callee.object) ?? '';
  // node:test's `mock.timers.enable()` / `.tick()` / `.runAll()`; sinon's and @sinonjs/fake-timers' `clock.tick()`; `FakeTimers.install()`.
  if (/(^|\.)timers$/.test(object) && ['enable', 'tick', 'runAll', 'setTime'].includes(name)) return true;
  if (/(^|\.)clock$/i.test(object) && ['tick', 'runAll', 'next', 'runToLast'].includes(name)) return true;
  return name === 'install' && /(^|\.)(FakeTimers|fakeTimers)$/.test(object);
}

/** A fake-timer call in `body`: in its own code only, or (`deep`) in its nested callbacks too. */
function callsFakeTimers(body: Node, deep: boolean): boolean {
  let found = false;
  const visit = (node: Node): void => {
    if (found) return;
    if (isFakeTimerCall(node)) {
      found = true;
      return;
    }
    forEachChild(node, (child) => {
      if (deep || !(isFunction(child) || child.type === 'ClassDeclaration' || child.type === 'ClassExpression')) visit(child);
    });
  };
  visit(body);
  return found;
}

const blockCache = new WeakMap<Node, boolean>();

/**
 * The test, a setup hook of an enclosing `describe` block (or of the file), or the block's own code installs
 * fake timers: promises that wait on timers settle when the test drives the clock, or stay pending on
 * purpose for the test to check that they are.
 */
function runsUnderFakeTimers(fn: FunctionNode): boolean {
  if (callsFakeTimers(fn.body, true)) return true;
  for (let node: Node | undefined = fn.parent; node; node = node.parent) {
    const body = node.type === 'Program' ? node : isFunction(node) ? node.body : null;
    if (!body) continue;
    let known = blockCache.get(body);
    if (known === undefined) {
      known = blockInstallsFakeTimers(body);
      blockCache.set(body, known);
    }
    if (known) return true;
  }
  return false;
}

function blockInstallsFakeTimers(body: Node): boolean {
  if (callsFakeTimers(body, false)) return true;
  let found = false;
  visitOwnBody(body, (node) => {
    if (found || node.type !== 'CallExpression') return;
    const callee = skipTransparent(node.callee);
    const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? getPropertyName(callee) : null;
    if (name === null || !SETUP_HOOKS.has(name)) return;
    const hook = node.arguments.map((argument) => skipTransparent(argument as Node)).find((argument): argument is FunctionNode => isFunction(argument));
    if (hook && callsFakeTimers(hook.body, true)) found = true;
  });
  return found;
}

import { getPropertyName, isFunction, skipTransparent, type FunctionNode, type Node } from '../syntax/ast';
import { getExpressionOrigin } from '../syntax/module-origin';
import type { FileContext } from './file-context';
import { hasNamedCall } from '../syntax/text-words';

/*
 * Which callbacks a test framework runs as tests or hooks, and how it calls them: the recognisers that
 * owner roles (a test's end is a lifetime end) and promise sources (node:test's `t.test()` is a task) share.
 */

/** How the test runner calls the callback. */
export type TestFramework =
  /** node:test (and `test`, its npm twin): `(t, done)`, the completion callback second. */
  | 'node'
  /** mocha, jest, bun and the global `it`/`test`: a first parameter, under any name, is the completion callback. */
  | 'callback'
  /** vitest and Playwright: the first parameter is a context or fixtures object, never a callback. */
  | 'context';

const TEST_FUNCTIONS = new Set(['it', 'test', 'specify', 'beforeEach', 'afterEach', 'beforeAll', 'afterAll', 'before', 'after']);
const TEST_MODULES = new Set(['vitest', '@jest/globals', 'mocha', 'test', 'bun:test', '@playwright/test', 'node:test']);
const TEST_MODIFIERS = new Set(['each', 'only', 'skip', 'concurrent', 'todo', 'fails', 'sequential', 'skipIf', 'runIf', 'failing', 'serial']);
/** Methods of node:test's `TestContext` that take a test or hook callback. */
const NODE_TEST_CONTEXT_METHODS = new Set(['test', 'before', 'after', 'beforeEach', 'afterEach']);
/** What node:test exports that runs its callback with a `TestContext` (`import test from 'node:test'` is `test`). */
const NODE_TEST_RUNNERS = new Set(['default', 'test', 'it']);

/**
 * Whether a module's text may register a test or hook, without a parse: a call of a test function by its
 * own name (`it(`, `test.each\``, `t.test(` inside one), or an import of a test module under any name.
 */
export function textMayHaveTests(text: string): boolean {
  return hasNamedCall(text, TEST_FUNCTIONS) || [...TEST_MODULES].some((source) => text.includes(`'${source}'`) || text.includes(`"${source}"`));
}

/** The framework that runs `fn` as a test or hook, or null when `fn` is not one. */
export function testFramework(fn: FunctionNode, context: FileContext): TestFramework | null {
  const callee = testCallee(fn);
  if (callee === null) return null;
  if (callee.type === 'Identifier' && TEST_FUNCTIONS.has(callee.name) && context.scope.isGlobalReference(callee)) return 'callback';
  // `t.test(…)`, `t.beforeEach(…)`: subtests and hooks registered on a node:test context.
  if (callee.type === 'MemberExpression' && NODE_TEST_CONTEXT_METHODS.has(getPropertyName(callee) ?? '') && isNodeTestContext(callee.object, context)) {
    return 'node';
  }
  const origin = getExpressionOrigin(callee, context.scope);
  if (origin === null || !TEST_MODULES.has(origin.source)) return null;
  const name = origin.path.at(-1);
  // `import test from 'node:test'` is its `test`; `describe`, `test.describe(…)`… are not owners.
  const isTest = (name !== undefined && TEST_FUNCTIONS.has(name)) || (origin.source === 'test' && (name === undefined || name === 'default'));
  if (!isTest) return null;
  if (origin.source === 'test') return 'node';
  return origin.source === 'vitest' || origin.source === '@playwright/test' ? 'context' : 'callback';
}

/**
 * The root callee a function is registered with, when it is the last function argument of a call: `it` of
 * `it.only.each(table)(…)`, `test` of tagged `test.each\`…\``, `t.test` of a subtest. Null otherwise.
 */
function testCallee(fn: FunctionNode): Node | null {
  const call = fn.parent;
  if (call?.type !== 'CallExpression') return null;
  const functions = call.arguments.filter((argument) => isFunction(skipTransparent(argument)));
  if (functions.at(-1) !== fn) return null;
  let callee: Node = skipTransparent(call.callee);
  for (;;) {
    if (callee.type === 'CallExpression') callee = skipTransparent(callee.callee);
    else if (callee.type === 'TaggedTemplateExpression') callee = skipTransparent(callee.tag);
    else if (callee.type === 'MemberExpression' && TEST_MODIFIERS.has(getPropertyName(callee) ?? '')) callee = skipTransparent(callee.object);
    else return callee;
  }
}

/**
 * Whether `node` is the `TestContext` (`t`) a node:test test passes to its callback. Its `t.test(…)` returns
 * a promise, and node:test cancels a subtest still running when its parent test ends.
 */
export function isNodeTestContext(node: Node, context: FileContext): boolean {
  const expression = skipTransparent(node);
  if (expression.type !== 'Identifier') return false;
  const binding = context.scope.bindingOf(expression);
  const fn = binding?.id.parent;
  if (binding?.kind !== 'param' || !fn || !isFunction(fn) || fn.params[0] !== binding.id) return false;
  const callee = testCallee(fn);
  if (callee === null) return false;
  if (callee.type === 'MemberExpression' && getPropertyName(callee) === 'test' && isNodeTestContext(callee.object, context)) return true;
  const origin = getExpressionOrigin(callee, context.scope);
  return origin?.source === 'test' && (origin.path.length === 0 || NODE_TEST_RUNNERS.has(origin.path[0] ?? ''));
}

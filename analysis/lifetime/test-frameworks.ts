import type { TSESTree } from '@typescript-eslint/types';
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

/**
 * jest's and vitest's built-in matchers that return nothing: each checks its value on the spot. Not
 * `toMatchFileSnapshot` (vitest: a promise), nor anything under `.resolves` / `.rejects`, `expect.poll` or
 * `expect.element`; a custom matcher (`expect.extend`) may be async, so only these names count.
 */
const SYNCHRONOUS_MATCHERS = new Set([
  'toBe',
  'toBeCalled',
  'toBeCalledTimes',
  'toBeCalledWith',
  'toBeCloseTo',
  'toBeDefined',
  'toBeFalsy',
  'toBeGreaterThan',
  'toBeGreaterThanOrEqual',
  'toBeInstanceOf',
  'toBeLessThan',
  'toBeLessThanOrEqual',
  'toBeNaN',
  'toBeNull',
  'toBeOneOf',
  'toBeTruthy',
  'toBeTypeOf',
  'toBeUndefined',
  'toContain',
  'toContainEqual',
  'toEqual',
  'toHaveBeenCalled',
  'toHaveBeenCalledOnce',
  'toHaveBeenCalledTimes',
  'toHaveBeenCalledWith',
  'toHaveBeenLastCalledWith',
  'toHaveBeenNthCalledWith',
  'toHaveLastReturnedWith',
  'toHaveLength',
  'toHaveNthReturnedWith',
  'toHaveProperty',
  'toHaveReturned',
  'toHaveReturnedTimes',
  'toHaveReturnedWith',
  'toMatch',
  'toMatchInlineSnapshot',
  'toMatchObject',
  'toMatchSnapshot',
  'toSatisfy',
  'toStrictEqual',
  'toThrow',
  'toThrowError',
  'toThrowErrorMatchingInlineSnapshot',
  'toThrowErrorMatchingSnapshot',
]);
/** Where a test's `expect` comes from when it is jest's or vitest's (or bun's, which copies them); a global `expect` is theirs too. */
const EXPECT_MODULES = new Set(['vitest', '@jest/globals', 'bun:test']);
/** Type-level assertions: `expectTypeOf(x).toEqualTypeOf<T>()` does nothing at run time. */
const TYPE_ASSERTION_MODULES = new Set(['vitest', 'expect-type']);

/**
 * `expect(value).toBe(1)`, `expect(fn).not.toThrow()`, `expectTypeOf(x).toEqualTypeOf<T>()`: an assertion
 * that returns no promise, known by its framework and matcher. Test bodies are mostly these, and asking the
 * checker about each (as a typed run otherwise must, a test's end being a lifetime end) costs most of the
 * time of a typed lint of a test suite.
 */
export function isSynchronousAssertion(node: Node, context: FileContext): boolean {
  if (node.type !== 'CallExpression') return false;
  const callee = skipTransparent(node.callee);
  if (callee.type !== 'MemberExpression') return false;
  const matcher = getPropertyName(callee);
  let object = skipTransparent(callee.object);
  while (object.type === 'MemberExpression' && getPropertyName(object) === 'not') object = skipTransparent(object.object);
  if (object.type !== 'CallExpression') return false;
  if (frameworkName(skipTransparent(object.callee), TYPE_ASSERTION_MODULES, context) === 'expectTypeOf') return true;
  return matcher !== null && SYNCHRONOUS_MATCHERS.has(matcher) && frameworkName(expectCallee(object), EXPECT_MODULES, context) === 'expect';
}

/** `expect` of `expect(value)` and of `expect.soft(value)` (vitest: fails the test, not the statement). */
function expectCallee(node: TSESTree.CallExpression): Node {
  const callee = skipTransparent(node.callee);
  if (callee.type === 'MemberExpression' && getPropertyName(callee) === 'soft') return skipTransparent(callee.object);
  return callee;
}

/** The name a framework exports `node` as (`expect`, `expectTypeOf`), when it is one of `modules`' or a global; null otherwise. */
function frameworkName(node: Node, modules: ReadonlySet<string>, context: FileContext): string | null {
  if (node.type === 'Identifier' && context.scope.isGlobalReference(node)) return node.name;
  const origin = getExpressionOrigin(node, context.scope);
  if (origin === null || !modules.has(origin.source) || origin.path.length !== 1) return null;
  return origin.path[0] ?? null;
}

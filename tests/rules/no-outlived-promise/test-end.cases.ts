import type rule from '../../../rules/no-outlived-promise';
import type { Section } from '../cases';
import { exitData, testData } from './messages';
import { work } from './snippets';

/*
 * `testEnd` and `subtestEnd`: work still pending when a test or hook callback ends, and node:test subtests
 * still running when their parent test ends.
 */

// (`.only` is spelled through a constant so that no focused-test check mistakes this code for one.)
const ONLY = 'only';

export const testEnd: Section<typeof rule> = {
  name: 'test-end',
  valid: [
    // ── not a test end ───────────────────────────────────────────────────────────────────────────────
    `async function work() { await null; }
it('works', async () => {
  await work();
});`,
    `async function work() { await null; }
it('works', () => {
  return work();
});`,
    `async function work() { await null; }
it('works', () => work());`,
    `async function work() { await null; }
it('works', (done) => {
  work();
  done();
});`,
    `async function work() { await null; }
function it(name, fn) {}
it('works', async () => {
  work();
});`,
    `import { it } from 'my-test-lib';
async function work() { await null; }
it('works', async () => {
  work();
});`,
    // node:test and mocha callbacks that take `done` end when `done` is called.
    `import { it } from 'node:test';\n${work}it('x', (t, done) => {\n  work();\n  setTimeout(done, 10);\n});`,
    `import { test } from 'node:test';
declare function fetchUser(): Promise<{ id: string }>;
test('loads', async () => {
  await fetchUser();
});`,

    // ── node:test subtests that do not outlive their parent ──────────────────────────────────────────
    `import test from 'node:test';
test('outer', async (t) => {
  await t.test('inner', async () => { await null; });
});`,
    `import { test } from 'node:test';
test('outer', async (t) => {
  await Promise.all([t.test('a', async () => { await null; }), t.test('b', async () => { await null; })]);
});`,
    `import { test } from 'node:test';
test('outer', (t) => t.test('inner', async () => { await null; }));`,
    // A synchronous subtest has run to its end when `t.test()` returns.
    `import { test } from 'node:test';
test('outer', async (t) => {
  t.test('inner', () => { console.log('checked'); });
});`,
    `import { test } from 'node:test';
test('outer', async (t) => {
  t.test('todo');
});`,
    // An unknown callback: what it returns is not known.
    `import { test } from 'node:test';
import { check } from './checks';
test('outer', async (t) => {
  t.test('inner', check);
});`,
    // vitest's test context has no subtests; \`t.test\` there is an unknown call.
    `import { test } from 'vitest';
test('outer', async (t) => {
  t.test('inner', async () => { await null; });
});`,
    // \`describe\` passes a SuiteContext, not a TestContext.
    `import { describe } from 'node:test';
describe('suite', (s) => {
  s.test('inner', async () => { await null; });
});`,
    // Only the first parameter of the test callback is its context.
    `import { test } from 'node:test';
test('outer', async (t) => {
  const run = (t) => { t.test('inner', async () => { await null; }); };
});`,
    // A node:test subtest whose callback is synchronous has finished when `t.test()` returns its promise.
    `import { test } from 'node:test';
test('outer', async (t) => {
  t.test('inner', () => {});
});`,

    // ── options ──────────────────────────────────────────────────────────────────────────────────────
    {
      code: `async function work() { await null; }
it('works', async () => {
  work();
});`,
      options: [{ lifetimeEnds: { testEnd: false } }],
    },
    {
      code: `import { it } from 'node:test';
declare function work(): Promise<void>;
it('works', async () => {
  work();
});`,
      options: [{ lifetimeEnds: { testEnd: false } }],
    },
  ],
  invalid: [
    // ── tests and hooks ──────────────────────────────────────────────────────────────────────────────
    {
      code: `async function work() { await null; }
it('works', async () => {
  work();
});`,
      errors: [
        {
          messageId: 'testEnd',
          data: testData('work()', 4),
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
it('works', async () => {
  await work();
});`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
it('works', () => {
  work();
});`,
      errors: [
        {
          messageId: 'testEnd',
          data: testData('work()', 4),
          line: 3,
          suggestions: [],
        },
      ],
    },
    {
      code: `import { test } from 'vitest';
async function work() { await null; }
test('works', async () => {
  work();
  expect(1).toBe(1);
});`,
      errors: [
        {
          messageId: 'testEnd',
          data: testData('work()', 6),
          line: 4,
          suggestions: [
            {
              messageId: 'awaitBeforeEnd',
              data: { task: 'work()', handle: 'workTask', line: 6 },
              output: `import { test } from 'vitest';
async function work() { await null; }
test('works', async () => {
  const workTask = work();
  expect(1).toBe(1);
  await workTask;
});`,
            },
          ],
        },
      ],
    },
    {
      code: `import { it } from '@jest/globals';
async function work() { await null; }
it('works', async () => {
  const t = work();
});`,
      errors: [
        {
          messageId: 'testEnd',
          data: testData('work()', 5),
          line: 4,
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `import { it } from '@jest/globals';
async function work() { await null; }
it('works', async () => {
  const t = work();
  await t;
});`,
            },
          ],
        },
      ],
    },
    {
      code: `import { it } from 'mocha';
async function work() { await null; }
it('works', async function () {
  work();
});`,
      errors: [
        {
          messageId: 'testEnd',
          line: 4,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `import { it } from 'mocha';
async function work() { await null; }
it('works', async function () {
  await work();
});`,
            },
          ],
        },
      ],
    },
    {
      code: `import { test } from 'node:test';
async function work() { await null; }
test('works', async (t) => {
  work();
});`,
      errors: [
        {
          messageId: 'testEnd',
          line: 4,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `import { test } from 'node:test';
async function work() { await null; }
test('works', async (t) => {
  await work();
});`,
            },
          ],
        },
      ],
    },
    {
      code: `import test from 'node:test';
async function work() { await null; }
test('works', async () => {
  work();
});`,
      errors: [
        {
          messageId: 'testEnd',
          line: 4,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `import test from 'node:test';
async function work() { await null; }
test('works', async () => {
  await work();
});`,
            },
          ],
        },
      ],
    },
    {
      // (`.only` is spelled through a constant so that no focused-test check mistakes this code for one.)
      code: `async function work() { await null; }
it.${ONLY}('works', async () => { work(); });`,
      errors: [
        {
          messageId: 'testEnd',
          data: testData('work()', 2),
          line: 2,
          column: 32,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
it.${ONLY}('works', async () => { await work(); });`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
it.skip('works', async () => { work(); });`,
      errors: [
        {
          messageId: 'testEnd',
          line: 2,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
it.skip('works', async () => { await work(); });`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
test.concurrent('works', async () => { work(); });`,
      errors: [
        {
          messageId: 'testEnd',
          line: 2,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
test.concurrent('works', async () => { await work(); });`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work(n) { await null; }
it.each([1, 2])('works %i', async (n) => { work(n); });`,
      errors: [
        {
          messageId: 'testEnd',
          data: testData('work(n)', 2),
          line: 2,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work(n) { await null; }
it.each([1, 2])('works %i', async (n) => { await work(n); });`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work(n) { await null; }
describe.each([1, 2])('suite %i', (n) => {
  test.only.each([3])('works', async (m) => {
    work(n + m);
  });
});`,
      errors: [
        {
          messageId: 'testEnd',
          data: testData('work(n + m)', 5),
          line: 4,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work(n) { await null; }
describe.each([1, 2])('suite %i', (n) => {
  test.only.each([3])('works', async (m) => {
    await work(n + m);
  });
});`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
beforeEach(async () => {
  work();
});`,
      errors: [
        {
          messageId: 'testEnd',
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
beforeEach(async () => {
  await work();
});`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
afterAll(() => {
  work();
});`,
      errors: [{ messageId: 'testEnd', data: testData('work()', 4), line: 3, suggestions: [] }],
    },
    {
      code: `async function work() { await null; }
describe('suite', () => {
  it('works', async () => {
    work();
  });
});`,
      errors: [
        {
          messageId: 'testEnd',
          data: testData('work()', 5),
          line: 4,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
describe('suite', () => {
  it('works', async () => {
    await work();
  });
});`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
it('works', async () => {
  void work();
  expect(1).toBe(1);
});`,
      errors: [
        {
          messageId: 'testEnd',
          line: 3,
          column: 8,
          suggestions: [
            {
              messageId: 'awaitBeforeEnd',
              output: `async function work() { await null; }
it('works', async () => {
  const workTask = work();
  expect(1).toBe(1);
  await workTask;
});`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
it('exits', async () => {
  work();
  process.exit(0);
});`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('work()', 'process.exit(0)', 4),
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
it('exits', async () => {
  await work();
  process.exit(0);
});`,
            },
          ],
        },
      ],
    },
    {
      // Anonymous functions on the chain are named by what they are.
      code: `import { it } from 'vitest';\n${work}function setup() {\n  work();\n}\nit('x', () => {\n  setup();\n});`,
      errors: [
        {
          messageId: 'testEnd',
          line: 4,
          data: { task: 'work()', chain: ' (via `setup()` → the callback passed to `it()`)', line: 8 },
          suggestions: [],
        },
      ],
    },

    // ── tests and hooks, with type information ───────────────────────────────────────────────────────
    {
      code: `import { test } from 'node:test';
declare function fetchUser(): Promise<{ id: string }>;
test('loads', async () => {
  fetchUser();
});`,
      errors: [
        {
          messageId: 'testEnd',
          data: { task: 'fetchUser()', chain: '', line: 5 },
          line: 4,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `import { test } from 'node:test';
declare function fetchUser(): Promise<{ id: string }>;
test('loads', async () => {
  await fetchUser();
});`,
            },
          ],
        },
      ],
    },
    {
      code: `import { describe, it } from 'node:test';
declare function fetchUser(): Promise<{ id: string }>;
describe('users', () => {
  it('loads', () => {
    fetchUser().then((user) => console.log(user.id));
  });
});`,
      errors: [
        {
          messageId: 'testEnd',
          data: { task: 'fetchUser()', chain: '', line: 6 },
          line: 5,
          suggestions: [],
        },
      ],
    },
    {
      code: `import { beforeEach } from 'node:test';
interface Db { reset(): Promise<void> }
declare const db: Db;
beforeEach(async () => {
  const reset = db.reset();
  console.log('resetting');
});`,
      errors: [
        {
          messageId: 'testEnd',
          line: 5,
          column: 17,
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `import { beforeEach } from 'node:test';
interface Db { reset(): Promise<void> }
declare const db: Db;
beforeEach(async () => {
  const reset = db.reset();
  console.log('resetting');
  await reset;
});`,
            },
          ],
        },
      ],
    },

    // ── node:test subtests ───────────────────────────────────────────────────────────────────────────
    {
      code: `import test from 'node:test';
test('outer', async (t) => {
  t.test('inner', async () => { await null; });
});`,
      errors: [
        {
          messageId: 'subtestEnd',
          data: testData("t.test('inner', async () => { await null; })", 4),
          line: 3,
          column: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `import test from 'node:test';
test('outer', async (t) => {
  await t.test('inner', async () => { await null; });
});`,
            },
          ],
        },
      ],
    },
    {
      // Handled rejection or not, node:test cancels the subtest when the parent ends.
      code: `import { test } from 'node:test';
test('outer', async (t) => {
  t.test('inner', async () => { await null; }).catch(() => {});
});`,
      errors: [
        {
          messageId: 'subtestEnd',
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `import { test } from 'node:test';
test('outer', async (t) => {
  await t.test('inner', async () => { await null; }).catch(() => {});
});`,
            },
          ],
        },
      ],
    },
    {
      code: `import { test } from 'node:test';
test('outer', (t) => {
  void t.test('inner', async () => { await null; });
});`,
      errors: [{ messageId: 'subtestEnd', line: 3, suggestions: [] }],
    },
    {
      code: `import { it } from 'node:test';
async function check() { await null; }
it('outer', async (t) => {
  const first = t.test('first', check);
  await t.test('second', check);
});`,
      errors: [
        {
          messageId: 'subtestEnd',
          data: testData("t.test('first', check)", 6),
          line: 4,
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `import { it } from 'node:test';
async function check() { await null; }
it('outer', async (t) => {
  const first = t.test('first', check);
  await t.test('second', check);
  await first;
});`,
            },
          ],
        },
      ],
    },
    {
      code: `const test = require('node:test');
test.${ONLY}('outer', async (t) => {
  t.test('inner', async () => { await null; });
});`,
      errors: [
        {
          messageId: 'subtestEnd',
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `const test = require('node:test');
test.${ONLY}('outer', async (t) => {
  await t.test('inner', async () => { await null; });
});`,
            },
          ],
        },
      ],
    },
    {
      code: `import * as nodeTest from 'node:test';
nodeTest.test('outer', async (t) => {
  t.test('inner', async () => { await null; });
});`,
      errors: [
        {
          messageId: 'subtestEnd',
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `import * as nodeTest from 'node:test';
nodeTest.test('outer', async (t) => {
  await t.test('inner', async () => { await null; });
});`,
            },
          ],
        },
      ],
    },
    {
      // Subtests of subtests, and a subtest's callback is a test of its own.
      code: `import { test } from 'node:test';
async function work() { await null; }
test('outer', async (t) => {
  await t.test('middle', async (t2) => {
    t2.test('inner', async () => { await null; });
    work();
  });
});`,
      errors: [
        {
          messageId: 'subtestEnd',
          line: 5,
          suggestions: [
            {
              messageId: 'awaitBeforeEnd',
              output: `import { test } from 'node:test';
async function work() { await null; }
test('outer', async (t) => {
  await t.test('middle', async (t2) => {
    const subtestTask = t2.test('inner', async () => { await null; });
    work();
    await subtestTask;
  });
});`,
            },
          ],
        },
        {
          messageId: 'testEnd',
          data: testData('work()', 7),
          line: 6,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `import { test } from 'node:test';
async function work() { await null; }
test('outer', async (t) => {
  await t.test('middle', async (t2) => {
    t2.test('inner', async () => { await null; });
    await work();
  });
});`,
            },
          ],
        },
      ],
    },
    {
      code: `import { test } from 'node:test';
async function work() { await null; }
test('outer', async (t) => {
  t.beforeEach(() => {
    work();
  });
  await t.test('inner', () => {});
});`,
      errors: [{ messageId: 'testEnd', data: testData('work()', 6), line: 5, suggestions: [] }],
    },
    {
      code: `import { test } from 'node:test';
declare function check(): Promise<void>;
test('outer', async (t) => {
  t.test('inner', async () => {
    await check();
  });
});`,
      errors: [
        {
          messageId: 'subtestEnd',
          data: testData("t.test('inner', async () => { await check(); })", 7),
          line: 4,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `import { test } from 'node:test';
declare function check(): Promise<void>;
test('outer', async (t) => {
  await t.test('inner', async () => {
    await check();
  });
});`,
            },
          ],
        },
      ],
    },
    // node:assert's `rejects` returns a promise: unawaited, its failure comes after the test has passed.
    {
      code: `import assert from 'node:assert';
import { test } from 'node:test';
async function load() { await null; }
test('refuses', () => {
  assert.rejects(load(), /unknown/);
});`,
      errors: [
        {
          messageId: 'testEnd',
          data: testData('assert.rejects(load(), /unknown/)', 6),
          line: 5,
          // The callback is not async: an editor suggestion would have to change it (the codemod does).
          suggestions: [],
        },
      ],
    },
    // ── assertions: jest's and vitest's own matchers return nothing, the others are asked ──────────────
    {
      typed: 'only',
      reason: "vitest's types declare `toMatchFileSnapshot` a promise; without them the call is unknown",
      code: `import { expect, it } from 'vitest';
it('matches', async () => {
  expect('text').toMatchFileSnapshot('./text.snap');
});`,
      errors: [
        {
          messageId: 'testEnd',
          data: testData("expect('text').toMatchFileSnapshot(…)", 4),
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `import { expect, it } from 'vitest';
it('matches', async () => {
  await expect('text').toMatchFileSnapshot('./text.snap');
});`,
            },
          ],
        },
      ],
    },
    {
      typed: 'only',
      reason: '`expect.poll` is a promise by its declared type only',
      code: `import { expect, it } from 'vitest';
it('settles', async () => {
  expect.poll(() => 1).toBe(1);
});`,
      errors: [
        {
          messageId: 'testEnd',
          data: testData('expect.poll(() => 1).toBe(1)', 4),
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `import { expect, it } from 'vitest';
it('settles', async () => {
  await expect.poll(() => 1).toBe(1);
});`,
            },
          ],
        },
      ],
    },
    {
      code: `import { it } from 'vitest';
declare function expect(value: unknown): { toBe(expected: unknown): Promise<void> };
it('checks', async () => {
  expect(1).toBe(1);
});`,
      errors: [
        {
          messageId: 'testEnd',
          data: testData('expect(1).toBe(1)', 5),
          line: 4,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `import { it } from 'vitest';
declare function expect(value: unknown): { toBe(expected: unknown): Promise<void> };
it('checks', async () => {
  await expect(1).toBe(1);
});`,
            },
          ],
        },
      ],
    },
    // A handle whose type is asked only at the end it reaches (typed): still reported there.
    {
      code: `import { it } from 'vitest';
declare function load(): Promise<string>;
it('loads', async () => {
  const page = load();
  const other = load();
  await other;
});`,
      errors: [
        {
          messageId: 'testEnd',
          data: testData('load()', 7),
          line: 4,
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `import { it } from 'vitest';
declare function load(): Promise<string>;
it('loads', async () => {
  const page = load();
  const other = load();
  await other;
  await page;
});`,
            },
          ],
        },
      ],
    },
  ],
};

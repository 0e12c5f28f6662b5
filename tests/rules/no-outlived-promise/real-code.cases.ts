import type rule from '../../../rules/no-outlived-promise';
import type { Section } from '../cases';
import { exitData, testData } from './messages';

/*
 * The shapes that made reports false on published packages (the review corpus, corpus/), as minimal programs:
 * test completion callbacks, exceptions as paths, must-propagation through calls, joins by ordering, thenables
 * that are not promises, fake timers, races, waits and handled signals. Each runs with and without type
 * information: both modes decide alike.
 */

/** What a `raced` report adds to its message. */

const work = 'async function work(...args: unknown[]) { await null; }\n';

export const realCode: Section<typeof rule> = {
  name: 'real-code',
  valid: [
    // ── test completion callbacks ──────────────────────────────────────────────────────────────────
    // node:test passes `done` second, under any name.
    `import test from 'node:test';
${work}test('ready', (t, testDone) => {
  work().then(testDone);
});`,
    `import { it } from 'node:test';
${work}it('closes', (t, finished) => {
  const closing = work();
  closing.then(() => finished(), finished);
});`,
    // A plan ends the test on its own terms (node:test, tap).
    `import test from 'node:test';
${work}test('plans', (t) => {
  t.plan(1);
  work().then((value) => t.assert.ok(value));
});`,
    // mocha and jest: a first parameter, under any name, is the completion callback.
    `${work}it('calls back', function (next) {
  work().then(() => next(), next);
});`,
    `import { test } from '@jest/globals';
${work}test('calls back', (finish) => {
  work().finally(finish);
});`,
    // A table test's parameters are its row, not a callback: the test ends at its return, and awaits here.
    `${work}it.each([1, 2])('works %i', async (n) => {
  await work(n);
});`,

    // ── fake timers: the test drives the clock ─────────────────────────────────────────────────────
    `import { expect, it, vi } from 'vitest';
${work}it('polls', () => {
  vi.useFakeTimers();
  let done = false;
  work().then(() => {
    done = true;
  });
  vi.advanceTimersByTime(1000);
  expect(done).toBe(true);
});`,
    // Fake timers installed for the block: a promise left unsettled on purpose, to check that it is.
    `import { beforeEach, describe, expect, it, vi } from 'vitest';
${work}describe('timeout', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  it('is still waiting', () => {
    let settled = false;
    work().then(() => {
      settled = true;
    });
    expect(settled).toBe(false);
  });
});`,
    `import test from 'node:test';
${work}test('ticks', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  work();
  t.mock.timers.tick(100);
});`,

    // ── exceptions are paths ───────────────────────────────────────────────────────────────────────
    // A helper that always throws never returns: the exit after it runs only when it was not called.
    `${work}function fail(message: string): never {
  const error = new Error(message);
  void work(error);
  throw error;
}
function main(config: unknown) {
  if (!config) fail('no config');
  process.exit(0);
}
main(process.env.CONFIG);`,
    // After an always-throwing call, the rest of the caller is unreachable.
    `${work}function fail(message: string): never {
  throw new Error(message);
}
function main() {
  work();
  fail('stop');
  process.exit(0);
}
main();`,
    // Work a callee leaves pending only on its throwing branch does not reach its callers' normal paths.
    `${work}function load(path?: string) {
  if (!path) {
    void work('missing');
    throw new Error('missing path');
  }
  return path;
}
const path = load(process.argv[2]);
console.log(path);
process.exit(0);`,
    // An async caller rejecting is not a process exit.
    `${work}async function main() {
  void work();
  throw new Error('boom');
}
main().catch((error) => {
  console.error(error);
});`,

    // ── may is not must ────────────────────────────────────────────────────────────────────────────
    `${work}function start(options: { watch?: boolean }) {
  if (options.watch) work('watcher');
}
export function cli(options: { watch?: boolean }) {
  start(options);
  process.exit(0);
}`,
    // The call's own arguments select the path that leaves nothing pending.
    `${work}function start(options: { watch?: boolean }) {
  if (options.watch) work('watcher');
}
start({ watch: false });
process.exit(0);`,
    `${work}function start(watch = false) {
  if (watch) work('watcher');
}
start();
process.exit(0);`,
    // A function whose value is a promise only on some paths: the call is a task only where types say so.
    `${work}function printRoutes(args: string[]) {
  if (args.includes('-h')) return console.log('usage');
  return work(args);
}
printRoutes(['-h']);
process.exit(0);`,
    // Work that is only maybe a promise (a `.then()` on a call nothing is known of) is not handed to callers.
    `declare const limiter: { ready(): { then(f: () => void): void } };
let start = 0;
function makeContext() {
  limiter.ready().then(() => {
    start = Date.now();
  });
  return { start };
}
makeContext();
process.exit(0);`,

    // ── joined by ordering ─────────────────────────────────────────────────────────────────────────
    // A memoised promise: the later call is the same promise, awaited.
    `${work}let connection: Promise<void> | undefined;
function ready() {
  return (connection ??= work('connect'));
}
async function main() {
  ready().then(() => console.log('connected'));
  await ready();
  process.exit(0);
}
main();`,
    // A method nothing is known of, called again and awaited: it may hand back the same promise.
    `declare const app: { ready(): Promise<void> };
async function main() {
  app.ready().then(() => console.log('loaded'));
  await app.ready();
  process.exit(0);
}
main();`,

    // ── thenables that are not promises ────────────────────────────────────────────────────────────
    `class Query {
  steps: Array<(value: unknown) => unknown> = [];
  then(step: (value: unknown) => unknown) {
    this.steps.push(step);
    return this;
  }
}
new Query().then((rows) => rows);
process.exit(0);`,
    // A fluent API with a promise's method names (zod's `.catch(fallback)`).
    `declare const z: { string(): { catch(fallback: string): unknown } };
const schema = z.string().catch('fallback');
console.log(schema);
process.exit(0);`,

    // ── races, waits and signals ───────────────────────────────────────────────────────────────────
    // A race against a delay is a bounded wait by design.
    `import { setTimeout as delay } from 'node:timers/promises';
${work}async function main() {
  await Promise.race([work(), delay(1000)]);
  process.exit(0);
}
main();`,
    `${work}const timeout = (ms: number) => new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), ms));
async function main() {
  await Promise.race([work(), timeout(1000)]);
  process.exit(0);
}
main();`,
    // A deferred promise does no work of its own.
    `let release: (value: number) => void = () => {};
const gate = new Promise<number>((resolve) => {
  release = resolve;
});
console.log(gate, release);
process.exit(0);`,
    // A signal the process listens for runs the listener instead of ending the process.
    `import { once } from 'node:events';
${work}async function main() {
  const interrupted = once(process, 'SIGINT');
  work();
  process.kill(process.pid, 'SIGINT');
  await interrupted;
}
main();`,

    // ── never crash ────────────────────────────────────────────────────────────────────────────────
    // Overload signatures have no body (zod 4.6.7, src/v3/ZodError.ts).
    `class A {
  format(): string;
  format(x: number): string;
  format(x?: number): string {
    return String(x);
  }
  toString() {
    return this.format();
  }
}
new A().toString();`,
    `function pick(x: string): string;
function pick(x: number): number;
function pick(x: unknown) {
  return x;
}
abstract class B {
  abstract run(): Promise<void>;
  go() {
    return this.run();
  }
}
pick(1);
console.log(B);`,
  ],
  invalid: [
    {
      // node:test without a completion callback ends when its callback returns.
      code: `import test from 'node:test';
${work}test('forgets', (t) => {
  work();
});`,
      errors: [{ messageId: 'testEnd', line: 4, data: testData('work()', 5), suggestions: [] }],
    },
    {
      // vitest's first parameter is the test context, never a callback.
      code: `import { it } from 'vitest';
${work}it('forgets', (context) => {
  work(context);
});`,
      errors: [{ messageId: 'testEnd', line: 4, data: testData('work(context)', 5), suggestions: [] }],
    },
    {
      // Fake timers of another block do not drive this one.
      code: `import { beforeEach, describe, it, vi } from 'vitest';
${work}describe('with timers', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
});
describe('without', () => {
  it('forgets', () => {
    work();
  });
});`,
      errors: [{ messageId: 'testEnd', line: 10, data: testData('work()', 11), suggestions: [] }],
    },
    {
      // The exceptional path meets a `catch` that exits: the report the helper left is lost there.
      code: `${work}function fail(message: string): never {
  const error = new Error(message);
  void work(error);
  throw error;
}
function main() {
  try {
    fail('stop');
  } catch {
    process.exit(1);
  }
}
main();`,
      errors: [{ messageId: 'exit', line: 4, data: exitData('work(error)', 'process.exit(1)', 11, { chain: ' (via `fail()` → `main()`)' }), suggestions: [] }],
    },
    {
      // The call's own arguments select the path that starts the work.
      code: `${work}function start(options: { watch?: boolean }) {
  if (options.watch) work('watcher');
}
start({ watch: true });
process.exit(0);`,
      errors: [
        {
          messageId: 'exit',
          line: 3,
          data: exitData("work('watcher')", 'process.exit(0)', 6, { chain: ' (via `start()` → the module top level)' }),
          suggestions: [],
        },
      ],
    },
    {
      // A `return` before the work starts leaves nothing on its path, and the call's arguments skip it.
      code: `${work}function save(name: string, skip: boolean) {
  if (skip) return;
  work(name);
}
save('a.txt', false);
process.exit(0);`,
      errors: [
        {
          messageId: 'exit',
          line: 4,
          data: exitData('work(name)', 'process.exit(0)', 7, { chain: ' (via `save()` → the module top level)' }),
          suggestions: [],
        },
      ],
    },
    {
      // A loop is written to run: the work of each turn is pending after it.
      code: `${work}function saveAll(items: string[]) {
  for (const item of items) work(item);
}
saveAll(process.argv.slice(2));
process.exit(0);`,
      errors: [
        {
          messageId: 'exit',
          line: 3,
          data: exitData('work(item)', 'process.exit(0)', 6, { chain: ' (via `saveAll()` → the module top level)' }),
          suggestions: [],
        },
      ],
    },
    {
      // A same-file function that is not memoised gives a new promise per call.
      code: `${work}async function main() {
  work('a').then(() => console.log('a'));
  await work('a');
  process.exit(0);
}
main();`,
      errors: [
        {
          messageId: 'exit',
          line: 3,
          data: exitData("work('a')", 'process.exit(0)', 5),
          suggestions: [
            {
              messageId: 'awaitBeforeEnd',
              output: `${work}async function main() {
  const workTask = work('a').then(() => console.log('a'));
  await work('a');
  await workTask;
  process.exit(0);
}
main();`,
            },
          ],
        },
      ],
    },
    {
      // A race between two pieces of work leaves the loser running.
      code: `${work}async function main() {
  await Promise.race([work('a'), work('b')]);
  process.exit(0);
}
main();`,
      errors: [
        { messageId: 'exitRaced', line: 3, data: exitData("work('a')", 'process.exit(0)', 4), suggestions: [] },
        { messageId: 'exitRaced', line: 3, data: exitData("work('b')", 'process.exit(0)', 4), suggestions: [] },
      ],
    },
    {
      // A handler returns to a same-file caller too (a local run of a Lambda): what follows the call runs.
      code: `${work}export const handler = async () => {
  await work('request');
  return { statusCode: 200 };
};
async function local() {
  await handler();
  work('after');
  process.exit(0);
}
local();`,
      errors: [
        {
          messageId: 'exit',
          line: 8,
          data: exitData("work('after')", 'process.exit(0)', 9),
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `${work}export const handler = async () => {
  await work('request');
  return { statusCode: 200 };
};
async function local() {
  await handler();
  await work('after');
  process.exit(0);
}
local();`,
            },
          ],
        },
      ],
    },
    {
      // A signal nothing listens for ends the process.
      code: `${work}work();
process.kill(process.pid, 'SIGTERM');`,
      errors: [
        {
          messageId: 'exit',
          line: 2,
          data: exitData('work()', "process.kill(process.pid, 'SIGTERM')", 3),
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `${work}await work();
process.kill(process.pid, 'SIGTERM');`,
            },
          ],
        },
      ],
    },
  ],
};

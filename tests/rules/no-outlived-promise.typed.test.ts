import rule from '../../rules/no-outlived-promise';
import { createTypedRuleTester } from '../rule-tester';
import { LAMBDA, WORKERS, exitData, exitListenerData, closeData, testData } from './no-outlived-promise.messages';
import { realCodeCases } from './no-outlived-promise.real-code.cases';

/*
 * `promise-lifetime/no-outlived-promise` with type information: the TypeScript checker decides what is a
 * thenable, so declared functions, interface methods and thenables are tasks too, and the known-safe
 * allowlists can name types. Each case is linted as `tests/fixtures/typed/file.ts`.
 *
 * Most cases start with `declare function work(): Promise<void>;`, a task only the checker can see.
 */

const ruleTester = createTypedRuleTester();

ruleTester.run('no-outlived-promise (typed)', rule, {
  valid: [
    // The checker says the value is no thenable: a fluent API's `.catch()` (without types it is taken for a promise's).
    `interface Schema { catch(fallback: () => string): Schema }
declare const schema: Schema;
schema.catch(() => 'fallback');
process.exit(0);`,
    // `Promise.resolve()` is settled when it is made: nothing is left to lose.
    `function save(): Promise<void> { return Promise.resolve(); }
function main(): void {
  save();
  process.exit(0);
}`,
    // A FileHandle's `close()` waits for the operations already started on it.
    `import { open } from 'node:fs/promises';
async function main(): Promise<void> {
  const file = await open('out.txt', 'w');
  file.write('data');
  await file.close();
}`,
    // ── joins ───────────────────────────────────────────────────────────────────────────────────────
    `declare function fetchUser(): Promise<{ id: string }>;
async function main(): Promise<void> {
  await fetchUser();
  process.exit(0);
}`,
    `declare function work(): Promise<void>;
async function main(): Promise<void> {
  const t = work();
  console.log('started');
  await t;
  process.exit(0);
}`,
    `declare function work(): Promise<void>;
export const handler = async (event: unknown) => {
  return work();
};`,
    `declare function work(): Promise<void>;
async function main(): Promise<void> {
  await Promise.all([work(), work()]);
  process.exit(0);
}`,
    `declare function work(): Promise<void>;
work().finally(() => process.exit(0));`,
    `interface ExecutionContext { waitUntil(promise: Promise<unknown>): void }
interface Env { KV: { put(key: string, value: string): Promise<void> } }
interface ExportedHandler<E> { fetch?(request: Request, env: E, ctx: ExecutionContext): Response | Promise<Response> }
export default {
  async fetch(request, env, ctx) {
    ctx.waitUntil(env.KV.put('last', request.url));
    return new Response('ok');
  },
} satisfies ExportedHandler<Env>;`,
    `interface Db { query(sql: string): Promise<unknown[]>; close(): void }
async function main(db: Db): Promise<void> {
  await db.query('select 1');
  db.close();
}`,
    `import { test } from 'node:test';
declare function fetchUser(): Promise<{ id: string }>;
test('loads', async () => {
  await fetchUser();
});`,

    // ── escapes ─────────────────────────────────────────────────────────────────────────────────────
    `declare function work(): Promise<void>;
declare function track(promise: Promise<void>): void;
track(work());
process.exit(0);`,
    `declare function fetchUser(): Promise<{ id: string }>;
const pending: Array<Promise<unknown>> = [];
function main(): void {
  pending.push(fetchUser());
  process.exit(0);
}`,

    // ── not a thenable ──────────────────────────────────────────────────────────────────────────────
    `declare function work(): number;
work();
process.exit(0);`,
    `declare function work(): string;
const t = work();
process.exit(0);`,
    `declare function anything(): any;
anything();
process.exit(0);`,
    `declare const db: any;
function main(): void {
  db.query('select 1');
  process.exit(0);
}`,
    // An async function that never awaits has done its work when its call returns, whatever its type says.
    `async function quick(): Promise<void> { console.log('done'); }
quick();
process.exit(0);`,

    // ── known-safe promises and calls ───────────────────────────────────────────────────────────────
    {
      code: `type SafePromise = Promise<void> & { __safe: true };
declare function track(): SafePromise;
track();
process.exit(0);`,
      options: [{ allowForKnownSafePromises: [{ from: 'file', name: 'SafePromise' }] }],
    },
    {
      code: `declare function track(): Promise<void>;
track();
process.exit(0);`,
      options: [{ allowForKnownSafeCalls: [{ from: 'file', name: 'track' }] }],
    },
    {
      code: `declare function track(): Promise<void>;
track();
process.exit(0);`,
      options: [{ allowForKnownSafeCalls: ['track'] }],
    },
    {
      code: `function main(): void {
  fetch('https://example.com/ping');
  process.exit(0);
}`,
      options: [{ allowForKnownSafeCalls: [{ from: 'lib', name: 'fetch' }] }],
    },

    // ── options ─────────────────────────────────────────────────────────────────────────────────────
    {
      code: `declare function work(): Promise<void>;
work();
process.exit(0);`,
      options: [{ lifetimeEnds: { exit: false } }],
    },
    {
      code: `declare function work(): Promise<void>;
export const handler = async (event: unknown) => {
  work();
  return { statusCode: 200 };
};`,
      options: [{ lifetimeEnds: { handlerEnd: false } }],
    },
    {
      code: `import { it } from 'node:test';
declare function work(): Promise<void>;
it('works', async () => {
  work();
});`,
      options: [{ lifetimeEnds: { testEnd: false } }],
    },
    {
      code: `interface Db { query(sql: string): Promise<unknown[]>; close(): void }
async function main(db: Db): Promise<void> {
  db.query('select 1');
  db.close();
}`,
      options: [{ lifetimeEnds: { resourceClose: false } }],
    },
    // A node:test subtest whose callback is synchronous has finished when `t.test()` returns its promise.
    `import { test } from 'node:test';
test('outer', async (t) => {
  t.test('inner', () => {});
});`,
  ],

  invalid: [
    // ── exit: the required cases ────────────────────────────────────────────────────────────────────
    {
      code: `declare function work(): Promise<void>;
void work(); process.exit(0);`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('work()', 'process.exit(0)', 2),
          line: 2,
          column: 6,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `declare function work(): Promise<void>;
await work(); process.exit(0);`,
            },
          ],
        },
      ],
    },
    {
      code: `declare function work(): Promise<void>;
declare function log(error: unknown): void;
work().catch(log);
process.exit(1);`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('work()', 'process.exit(1)', 4),
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `declare function work(): Promise<void>;
declare function log(error: unknown): void;
await work().catch(log);
process.exit(1);`,
            },
          ],
        },
      ],
    },
    {
      code: `function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
async function task(): Promise<void> {
  await sleep(100);
}
async function backgroundTask(): Promise<void> {
  console.log('start');
  task();
}
function main(): void {
  backgroundTask();
  console.log('main');
  process.exit(0);
}
main();`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('task()', 'process.exit(0)', 14, { chain: ' (via `backgroundTask()` → `main()`)' }),
          line: 9,
          column: 3,
          suggestions: [],
        },
      ],
    },

    // ── exit: tasks only the checker sees ───────────────────────────────────────────────────────────
    {
      code: `interface User { id: string }
declare function fetchUser(): Promise<User>;
async function main(): Promise<void> {
  fetchUser();
  process.exit(0);
}`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('fetchUser()', 'process.exit(0)', 5),
          line: 4,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `interface User { id: string }
declare function fetchUser(): Promise<User>;
async function main(): Promise<void> {
  await fetchUser();
  process.exit(0);
}`,
            },
          ],
        },
      ],
    },
    {
      code: `interface User { id: string }
declare function fetchUser(): Promise<User>;
async function main(): Promise<void> {
  const user = fetchUser();
  console.log('loading');
  process.exit(0);
}`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('fetchUser()', 'process.exit(0)', 6),
          line: 4,
          column: 16,
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              data: { task: 'fetchUser()', handle: 'user', line: 6 },
              output: `interface User { id: string }
declare function fetchUser(): Promise<User>;
async function main(): Promise<void> {
  const user = fetchUser();
  console.log('loading');
  await user;
  process.exit(0);
}`,
            },
          ],
        },
      ],
    },
    {
      code: `declare function work(): Promise<void>;
declare function onSuccess(): void;
declare function onFailure(error: unknown): void;
function main(): void {
  work().then(onSuccess, onFailure);
  process.exit(1);
}`,
      errors: [{ messageId: 'exit', data: exitData('work()', 'process.exit(1)', 6), line: 5, suggestions: [] }],
    },
    {
      code: `interface Db { query(sql: string): Promise<unknown[]> }
declare const db: Db;
function main(): void {
  db.query('select 1');
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', data: exitData("db.query('select 1')", 'process.exit(0)', 5), line: 4, suggestions: [] }],
    },
    {
      code: `interface Store { save(): Promise<void> }
class Service {
  constructor(private readonly store: Store) {}
  run(): void {
    this.store.save();
    process.exit(0);
  }
}`,
      errors: [{ messageId: 'exit', data: exitData('this.store.save()', 'process.exit(0)', 6), line: 5, suggestions: [] }],
    },
    {
      // A method that returns a promise without being async: only the checker knows.
      code: `class Repo {
  save(): Promise<void> { return Promise.resolve(); }
}
const repo = new Repo();
function main(): void {
  repo.save();
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', data: exitData('repo.save()', 'process.exit(0)', 7), line: 6, suggestions: [] }],
    },
    {
      code: `interface Thenable { then(onfulfilled: (value: number) => void): void }
declare function lazy(): Thenable;
function main(): void {
  lazy();
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', data: exitData('lazy()', 'process.exit(0)', 5), line: 4, suggestions: [] }],
    },
    {
      code: `declare function lazy(): PromiseLike<number>;
function main(): void {
  lazy();
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', data: exitData('lazy()', 'process.exit(0)', 4), line: 3, suggestions: [] }],
    },
    {
      code: `declare function maybe(): Promise<void> | undefined;
function main(): void {
  maybe();
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', data: exitData('maybe()', 'process.exit(0)', 4), line: 3, suggestions: [] }],
    },
    {
      code: `class MyPromise extends Promise<void> {}
function main(): void {
  new MyPromise((resolve) => resolve());
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', data: exitData('new MyPromise((resolve) => resolve())', 'process.exit(0)', 4), line: 3, suggestions: [] }],
    },
    {
      code: `async function withRetry<T>(fn: () => Promise<T>): Promise<T> { return fn(); }
declare function work(): Promise<void>;
async function main(): Promise<void> {
  withRetry(work);
  process.exit(0);
}`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('withRetry(work)', 'process.exit(0)', 5),
          line: 4,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function withRetry<T>(fn: () => Promise<T>): Promise<T> { return fn(); }
declare function work(): Promise<void>;
async function main(): Promise<void> {
  await withRetry(work);
  process.exit(0);
}`,
            },
          ],
        },
      ],
    },
    {
      code: `import { writeFile } from 'node:fs/promises';
function main(): void {
  writeFile('out.txt', 'data');
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', data: exitData("writeFile('out.txt', 'data')", 'process.exit(0)', 4), line: 3, suggestions: [] }],
    },

    // ── exit: propagation ───────────────────────────────────────────────────────────────────────────
    {
      code: `declare function fetchUser(): Promise<{ id: string }>;
function warm(): void { fetchUser(); }
function main(): void {
  warm();
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', data: exitData('fetchUser()', 'process.exit(0)', 5, { chain: ' (via `warm()` → `main()`)' }), line: 2, suggestions: [] }],
    },
    {
      // An async function that never awaits still leaves its own floating work to the caller.
      code: `declare function fetchUser(): Promise<{ id: string }>;
async function warm(): Promise<void> { fetchUser(); }
async function main(): Promise<void> {
  await warm();
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', data: exitData('fetchUser()', 'process.exit(0)', 5, { chain: ' (via `warm()` → `main()`)' }), line: 2, suggestions: [] }],
    },
    {
      code: `declare function fetchUser(): Promise<{ id: string }>;
const cache = {
  warm(): void { fetchUser(); },
};
function main(): void {
  cache.warm();
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', data: exitData('fetchUser()', 'process.exit(0)', 7, { chain: ' (via `warm()` → `main()`)' }), line: 3, suggestions: [] }],
    },
    {
      code: `declare function fetchUser(): Promise<{ id: string }>;
const warm = (): void => { fetchUser(); };
warm();
process.exit(0);`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('fetchUser()', 'process.exit(0)', 4, { chain: ' (via `warm()` → the module top level)' }),
          line: 2,
          suggestions: [],
        },
      ],
    },
    {
      code: `declare function send(id: number): Promise<void>;
class Mailer {
  notify(id: number): void { send(id); }
  run(ids: number[]): void {
    for (const id of ids) this.notify(id);
    process.exit(0);
  }
}`,
      errors: [{ messageId: 'exit', data: exitData('send(id)', 'process.exit(0)', 6, { chain: ' (via `notify()` → `run()`)' }), line: 3, suggestions: [] }],
    },

    // ── exit: branches, loops, try ──────────────────────────────────────────────────────────────────
    {
      code: `declare function fetchUser(): Promise<{ id: string }>;
async function main(flag: boolean): Promise<void> {
  const user = fetchUser();
  if (flag) await user;
  process.exit(0);
}`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('fetchUser()', 'process.exit(0)', 5, { partial: true }),
          line: 3,
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `declare function fetchUser(): Promise<{ id: string }>;
async function main(flag: boolean): Promise<void> {
  const user = fetchUser();
  if (flag) await user;
  await user;
  process.exit(0);
}`,
            },
          ],
        },
      ],
    },
    {
      code: `declare function work(): Promise<void>;
async function main(kind: 'a' | 'b'): Promise<void> {
  switch (kind) {
    case 'a':
      work();
      break;
    default:
      await work();
  }
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', data: exitData('work()', 'process.exit(0)', 10), line: 5, suggestions: [] }],
    },
    {
      code: `declare function send(id: number): Promise<void>;
function main(ids: number[]): void {
  for (const id of ids) {
    send(id);
  }
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', data: exitData('send(id)', 'process.exit(0)', 6), line: 4, suggestions: [] }],
    },
    {
      code: `declare function send(id: number): Promise<void>;
function main(queue: number[]): void {
  while (true) {
    const id = queue.shift();
    if (id === undefined) process.exit(0);
    send(id);
  }
}`,
      errors: [{ messageId: 'exit', data: exitData('send(id)', 'process.exit(0)', 5), line: 6, suggestions: [] }],
    },
    {
      code: `declare function fetchUser(): Promise<{ id: string }>;
declare function load(): Promise<void>;
async function main(): Promise<void> {
  try {
    fetchUser();
    await load();
  } catch {
    process.exit(1);
  }
}`,
      errors: [{ messageId: 'exit', data: exitData('fetchUser()', 'process.exit(1)', 8), line: 5, suggestions: [] }],
    },
    {
      code: `declare function work(): Promise<void>;
async function main(done: boolean): Promise<void> {
  work();
  if (done) return;
  process.exit(0);
}`,
      errors: [
        {
          messageId: 'exit',
          line: 3,
          suggestions: [
            {
              messageId: 'awaitBeforeEnd',
              output: `declare function work(): Promise<void>;
async function main(done: boolean): Promise<void> {
  const workTask = work();
  if (done) return;
  await workTask;
  process.exit(0);
}`,
            },
          ],
        },
      ],
    },
    {
      code: `declare function work(): Promise<void>;
function die(message: string): never {
  console.error(message);
  process.exit(1);
}
async function main(ok: boolean): Promise<void> {
  work();
  if (!ok) die('not ok');
}`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('work()', "die('not ok')", 8),
          line: 7,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `declare function work(): Promise<void>;
function die(message: string): never {
  console.error(message);
  process.exit(1);
}
async function main(ok: boolean): Promise<void> {
  await work();
  if (!ok) die('not ok');
}`,
            },
          ],
        },
      ],
    },

    // ── handler end ─────────────────────────────────────────────────────────────────────────────────
    {
      code: `declare function work(): Promise<void>;
export const handler = async (event: unknown) => {
  void work();
  return { statusCode: 200 };
};`,
      errors: [
        {
          messageId: 'handlerEnd',
          data: { task: 'work()', chain: '', line: 4, partial: '', ...LAMBDA },
          line: 3,
          column: 8,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `declare function work(): Promise<void>;
export const handler = async (event: unknown) => {
  await work();
  return { statusCode: 200 };
};`,
            },
          ],
        },
      ],
    },
    {
      code: `declare function putMetric(name: string): Promise<void>;
function record(name: string): void { putMetric(name); }
export const handler = async (event: { name: string }) => {
  record(event.name);
  return { statusCode: 200 };
};`,
      errors: [
        {
          messageId: 'handlerEnd',
          data: { task: 'putMetric(name)', chain: ' (via `record()` → `handler()`)', line: 5, partial: '', ...LAMBDA },
          line: 2,
          suggestions: [],
        },
      ],
    },
    {
      code: `declare function work(): Promise<void>;
interface ExecutionContext { waitUntil(promise: Promise<unknown>): void }
export default {
  async fetch(req: Request, env: unknown, ctx: ExecutionContext) {
    const t = work();
    return new Response('ok');
  },
};`,
      errors: [
        {
          messageId: 'handlerEnd',
          data: { task: 'work()', chain: '', line: 6, partial: '', ...WORKERS },
          line: 5,
          column: 15,
          suggestions: [
            {
              messageId: 'useExtender',
              data: { task: 'work()', extender: 'ctx.waitUntil' },
              output: `declare function work(): Promise<void>;
interface ExecutionContext { waitUntil(promise: Promise<unknown>): void }
export default {
  async fetch(req: Request, env: unknown, ctx: ExecutionContext) {
    const t = work();
    ctx.waitUntil(t);
    return new Response('ok');
  },
};`,
            },
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `declare function work(): Promise<void>;
interface ExecutionContext { waitUntil(promise: Promise<unknown>): void }
export default {
  async fetch(req: Request, env: unknown, ctx: ExecutionContext) {
    const t = work();
    await t;
    return new Response('ok');
  },
};`,
            },
          ],
        },
      ],
    },
    {
      code: `interface ExecutionContext { waitUntil(promise: Promise<unknown>): void }
interface Env { KV: { put(key: string, value: string): Promise<void> } }
interface ExportedHandler<E> { fetch?(request: Request, env: E, ctx: ExecutionContext): Response | Promise<Response> }
export default {
  async fetch(request, env, ctx) {
    env.KV.put('last', request.url);
    return new Response('ok');
  },
} satisfies ExportedHandler<Env>;`,
      errors: [
        {
          messageId: 'handlerEnd',
          data: { task: "env.KV.put('last', request.url)", chain: '', line: 7, partial: '', ...WORKERS },
          line: 6,
          suggestions: [
            {
              messageId: 'useExtender',
              output: `interface ExecutionContext { waitUntil(promise: Promise<unknown>): void }
interface Env { KV: { put(key: string, value: string): Promise<void> } }
interface ExportedHandler<E> { fetch?(request: Request, env: E, ctx: ExecutionContext): Response | Promise<Response> }
export default {
  async fetch(request, env, ctx) {
    ctx.waitUntil(env.KV.put('last', request.url));
    return new Response('ok');
  },
} satisfies ExportedHandler<Env>;`,
            },
            {
              messageId: 'awaitInPlace',
              output: `interface ExecutionContext { waitUntil(promise: Promise<unknown>): void }
interface Env { KV: { put(key: string, value: string): Promise<void> } }
interface ExportedHandler<E> { fetch?(request: Request, env: E, ctx: ExecutionContext): Response | Promise<Response> }
export default {
  async fetch(request, env, ctx) {
    await env.KV.put('last', request.url);
    return new Response('ok');
  },
} satisfies ExportedHandler<Env>;`,
            },
          ],
        },
      ],
    },
    {
      code: `declare function work(): Promise<void>;
self.addEventListener('fetch', (event) => {
  work();
});`,
      errors: [
        {
          messageId: 'handlerEnd',
          data: {
            task: 'work()',
            chain: '',
            line: 4,
            partial: '',
            runtime: 'service worker',
            moment: 'returns',
            fate: 'the browser may stop the worker once the event is handled',
            advice: ' Pass it to `event.waitUntil()` or await it.',
          },
          line: 3,
          suggestions: [
            {
              messageId: 'useExtender',
              output: `declare function work(): Promise<void>;
self.addEventListener('fetch', (event) => {
  event.waitUntil(work());
});`,
            },
          ],
        },
      ],
    },
    {
      code: `declare function work(): Promise<void>;
export async function handler(event: unknown): Promise<{ statusCode: number }> {
  const pending = work();
  console.log(event);
  return { statusCode: 200 };
}`,
      errors: [
        {
          messageId: 'handlerEnd',
          data: { task: 'work()', chain: '', line: 5, partial: '', ...LAMBDA },
          line: 3,
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `declare function work(): Promise<void>;
export async function handler(event: unknown): Promise<{ statusCode: number }> {
  const pending = work();
  console.log(event);
  await pending;
  return { statusCode: 200 };
}`,
            },
          ],
        },
      ],
    },
    {
      code: `declare function work(): Promise<void>;
export async function main(event: unknown): Promise<number> {
  work();
  return 1;
}`,
      options: [{ handlerExports: ['main'] }],
      errors: [
        {
          messageId: 'handlerEnd',
          data: {
            task: 'work()',
            chain: '',
            line: 4,
            partial: '',
            runtime: 'runtime',
            moment: 'returns',
            fate: 'the runtime may stop it once the handler returns',
            advice: ' Await it before the handler returns.',
          },
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `declare function work(): Promise<void>;
export async function main(event: unknown): Promise<number> {
  await work();
  return 1;
}`,
            },
          ],
        },
      ],
    },

    {
      code: `declare function sendTelemetry(event: { code: number }): Promise<void>;
process.on('exit', (code) => {
  sendTelemetry({ code });
});`,
      errors: [{ messageId: 'exitListener', data: exitListenerData('sendTelemetry({ code })', 4), line: 3, suggestions: [] }],
    },
    {
      // With types, \`track()\` returns \`void\`: only reading ./analytics.ts shows the request it leaves pending.
      code: `import { track } from './analytics';
export async function main(): Promise<void> {
  await track('start');
  process.exit(0);
}`,
      filename: 'cross-module/main.ts',
      errors: [
        {
          messageId: 'exit',
          data: exitData("track('start')", 'process.exit(0)', 4, { chain: ' (the work it leaves pending in its module)' }),
          line: 3,
          suggestions: [],
        },
      ],
    },
    // ── test end ────────────────────────────────────────────────────────────────────────────────────
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
    {
      code: `import { test } from 'node:test';
declare function fetchUser(): Promise<{ id: string }>;
test('loads', async () => {
  fetchUser();
});`,
      errors: [
        {
          messageId: 'testEnd',
          data: { task: 'fetchUser()', chain: '', line: 5, partial: '', advice: ' Await it in the test.' },
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
          data: { task: 'fetchUser()', chain: '', line: 6, partial: '', advice: ' Await it in the test.' },
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

    // ── resource close ──────────────────────────────────────────────────────────────────────────────
    {
      code: `interface Db { close(): void }
declare function work(db: Db): Promise<void>;
async function main(db: Db): Promise<void> {
  const t = work(db);
  db.close();
  await t;
}`,
      errors: [
        {
          messageId: 'resourceClose',
          data: closeData('work(db)', 'db.close()', 5, 'db'),
          line: 4,
          column: 13,
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              data: { task: 'work(db)', handle: 't', line: 5 },
              output: `interface Db { close(): void }
declare function work(db: Db): Promise<void>;
async function main(db: Db): Promise<void> {
  const t = work(db);
  await t;
  db.close();
  await t;
}`,
            },
          ],
        },
      ],
    },
    {
      code: `interface Db { query(sql: string): Promise<unknown[]>; close(): void }
async function main(db: Db): Promise<void> {
  const rows = db.query('select 1');
  db.close();
  console.log(await rows);
}`,
      errors: [
        {
          messageId: 'resourceClose',
          data: closeData("db.query('select 1')", 'db.close()', 4, 'db'),
          line: 3,
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `interface Db { query(sql: string): Promise<unknown[]>; close(): void }
async function main(db: Db): Promise<void> {
  const rows = db.query('select 1');
  await rows;
  db.close();
  console.log(await rows);
}`,
            },
          ],
        },
      ],
    },
    {
      code: `interface Pool { query(sql: string): Promise<unknown[]>; end(): Promise<void> }
class Repository {
  constructor(private readonly pool: Pool) {}
  async stop(): Promise<void> {
    try {
      this.pool.query('delete from sessions');
    } finally {
      await this.pool.end();
    }
  }
}`,
      errors: [
        { messageId: 'resourceClose', data: closeData("this.pool.query('delete from sessions')", 'this.pool.end()', 8, 'this.pool'), line: 6, suggestions: [] },
      ],
    },
    {
      code: `interface Db { close(): void }
declare function save(db: Db): Promise<void>;
function flushLater(db: Db): void { save(db); }
async function main(db: Db): Promise<void> {
  flushLater(db);
  db.close();
}`,
      errors: [
        {
          messageId: 'resourceClose',
          data: closeData('save(db)', 'db.close()', 6, 'db', { chain: ' (via `flushLater()` → `main()`)' }),
          line: 3,
          suggestions: [],
        },
      ],
    },
    {
      code: `interface Client { send(message: string): Promise<void>; shutdown(): void }
async function main(client: Client): Promise<void> {
  client.send('bye');
  client.shutdown();
}`,
      options: [{ closeMethods: ['shutdown'] }],
      errors: [
        {
          messageId: 'resourceClose',
          data: closeData("client.send('bye')", 'client.shutdown()', 4, 'client'),
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `interface Client { send(message: string): Promise<void>; shutdown(): void }
async function main(client: Client): Promise<void> {
  await client.send('bye');
  client.shutdown();
}`,
            },
          ],
        },
      ],
    },

    // ── options ─────────────────────────────────────────────────────────────────────────────────────
    {
      // The allowlisted type is silenced, other promises are not.
      code: `type SafePromise = Promise<void> & { __safe: true };
declare function track(): SafePromise;
declare function work(): Promise<void>;
function main(): void {
  track();
  work();
  process.exit(0);
}`,
      options: [{ allowForKnownSafePromises: [{ from: 'file', name: 'SafePromise' }] }],
      errors: [{ messageId: 'exit', data: exitData('work()', 'process.exit(0)', 7), line: 6, suggestions: [] }],
    },
    {
      code: `declare function track(): Promise<void>;
declare function work(): Promise<void>;
function main(): void {
  track();
  work();
  process.exit(0);
}`,
      options: [{ allowForKnownSafeCalls: [{ from: 'file', name: 'track' }] }],
      errors: [{ messageId: 'exit', data: exitData('work()', 'process.exit(0)', 6), line: 5, suggestions: [] }],
    },
    {
      code: `declare function shutdown(): never;
declare function flush(): Promise<void>;
function main(): void {
  flush();
  shutdown();
}`,
      options: [{ exitFunctions: ['shutdown'] }],
      errors: [{ messageId: 'exit', data: exitData('flush()', 'shutdown()', 5), line: 4, suggestions: [] }],
    },
    {
      code: `declare function work(): Promise<void>;
export const handler = async (event: unknown) => {
  work();
  process.exit(1);
};`,
      options: [{ lifetimeEnds: { handlerEnd: false } }],
      errors: [
        {
          messageId: 'exit',
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `declare function work(): Promise<void>;
export const handler = async (event: unknown) => {
  await work();
  process.exit(1);
};`,
            },
          ],
        },
      ],
    },
  ],
});

// The shapes found on published packages, as without type information: both modes decide alike.
ruleTester.run('no-outlived-promise (typed, real-code shapes)', rule, realCodeCases);

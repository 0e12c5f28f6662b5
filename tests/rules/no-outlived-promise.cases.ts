import path from 'node:path';
import type rule from '../../rules/no-outlived-promise';
import type { RunTests } from '@typescript-eslint/rule-tester';
import type { InferMessageIdsTypeFromRule, InferOptionsTypeFromRule } from '@typescript-eslint/utils/eslint-utils';
import { commonjsPackageDir, crossModuleDir } from '../rule-tester';
import {
  LAMBDA,
  WORKERS,
  NEXT,
  NEXT_PROXY,
  NETLIFY,
  SERVICE_WORKER,
  CLOUD_FUNCTIONS,
  exitData,
  exitListenerData,
  testData,
  closeData,
} from './no-outlived-promise.messages';

/*
 * `promise-lifetime/no-outlived-promise` without type information: tasks are found from syntax alone
 * (same-file async functions that still have work to do, the Promise API, `fetch`, `import()`, Node's
 * promise modules, `promisify`, FileHandles and the `promiseFunctions` option).
 *
 * Most cases define `async function work() { await null; }` on line 1: a same-file async function that
 * awaits, so each call to it is a task.
 */

type Cases = RunTests<InferMessageIdsTypeFromRule<typeof rule>, InferOptionsTypeFromRule<typeof rule>>;

const ONLY = 'only';

export const cases: Cases = {
  valid: [
    // ── pure waits: a promise that stands for no work loses nothing ───────────────────────────────
    `function main() {
  new Promise((resolve) => setTimeout(resolve, 100));
  process.exit(0);
}`,
    `import { setTimeout as sleep } from 'node:timers/promises';
function main() {
  sleep(100);
  process.exit(0);
}`,
    `const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
sleep(100).catch(() => {});
process.exit(0);`,
    // Waiting for the close is what the close settles: closing `stream` does not lose it.
    `import { once } from 'node:events';
async function main(stream) {
  const closed = once(stream, 'close');
  stream.end();
  await closed;
}`,
    // A FileHandle's `close()` waits for the operations already started on it.
    `import { open } from 'node:fs/promises';
async function main() {
  const file = await open('out.txt', 'w');
  file.write('data');
  await file.close();
}`,
    `import { open } from 'node:fs/promises';
async function main() {
  const file = await open('out.txt', 'w');
  try {
    file.write('data');
  } finally {
    await file.close();
  }
}`,
    // ── joins: await, return, yield ───────────────────────────────────────────────────────────────
    `async function work() { await null; }
async function main() {
  await work();
  process.exit(0);
}`,
    `async function work() { await null; }
async function main() {
  const t = work();
  console.log('started');
  await t;
  process.exit(0);
}`,
    `async function work() { await null; }
export const handler = async (event) => {
  return work();
};`,
    `async function work() { await null; }
export const handler = async (event) => {
  const t = work();
  return t;
};`,
    `async function work() { await null; }
export const handler = async (event) => work();`,
    `async function work() { await null; }
async function* produce() {
  const t = work();
  yield t;
  process.exit(0);
}`,
    `async function work() { await null; }
async function main() {
  await work().catch(console.error);
  process.exit(0);
}`,
    `async function work() { await null; }
async function main() {
  const t = work();
  await t.then(console.log);
  process.exit(0);
}`,
    `async function work() { await null; }
async function main() {
  const t = work();
  const u = t.then(console.log);
  await u;
  process.exit(0);
}`,
    `async function work() { await null; }
function start() {
  const t = work();
  return t;
}
async function main() {
  await start();
  process.exit(0);
}`,

    // Callbacks chained on a handle run as it settles, before the code after \`await t\`: awaiting
    // the handle joins them, whatever the handle holds.
    `import { load } from './load';
async function main() {
  const t = load();
  t.catch(console.error);
  await t;
  process.exit(0);
}`,
    // ── joins: Promise.all / allSettled / race / any, themselves joined ──────────────────────────────
    `async function work() { await null; }
async function main() {
  const a = work();
  const b = work();
  await Promise.all([a, b]);
  process.exit(0);
}`,
    `async function work() { await null; }
export const handler = async (event) => {
  const a = work();
  const b = work();
  return Promise.allSettled([a, b]);
};`,
    `async function work() { await null; }
async function main(timeout) {
  const t = work();
  await Promise.race([t, timeout]);
  process.exit(0);
}`,
    `async function work() { await null; }
async function main() {
  const t = work();
  await Promise.any([t]);
  process.exit(0);
}`,
    `async function work() { await null; }
async function main(others) {
  const t = work();
  await Promise.all([...others, t]);
  process.exit(0);
}`,

    // ── joins: runtime extenders ────────────────────────────────────────────────────────────────────
    `async function work() { await null; }
export default {
  async fetch(request, env, ctx) {
    ctx.waitUntil(work());
    return new Response('ok');
  },
};`,
    `async function work() { await null; }
export default {
  async fetch(request, env, ctx) {
    const t = work();
    ctx.waitUntil(t);
    return new Response('ok');
  },
};`,
    `async function work() { await null; }
export default {
  async fetch(request, env, ctx) {
    const a = work();
    const b = work();
    ctx.waitUntil(Promise.all([a, b]));
    return new Response('ok');
  },
};`,
    `async function work() { await null; }
export default {
  async fetch(request, env, ctx) {
    const t = work();
    ctx.waitUntil((async () => { await t; })());
    return new Response('ok');
  },
};`,
    `async function work() { await null; }
self.addEventListener('install', (event) => {
  event.waitUntil(work());
});`,
    `async function work() { await null; }
self.addEventListener('fetch', (event) => {
  event.respondWith(work());
});`,
    {
      filename: 'app/api/users/route.ts',
      code: `import { waitUntil } from '@vercel/functions';
async function work() { await null; }
export async function GET(request) {
  waitUntil(work());
  return Response.json({ ok: true });
}`,
    },
    {
      filename: 'app/api/users/route.ts',
      code: `import { after } from 'next/server';
async function work() { await null; }
export async function POST(request) {
  after(() => work());
  return Response.json({ ok: true });
}`,
    },
    {
      filename: 'app/api/users/route.ts',
      code: `import { after } from 'next/server';
async function work() { await null; }
export async function POST(request) {
  const t = work();
  after(() => t);
  return Response.json({ ok: true });
}`,
    },

    // ── joins: a deferred end waits for the task ─────────────────────────────────────────────────────
    `async function work() { await null; }
work().finally(() => process.exit(0));`,
    `async function work() { await null; }
work().then(() => process.exit(0));`,
    `async function work() { await null; }
const t = work();
t.finally(() => process.exit(0));`,
    `async function main() { await work(); }
async function work() { await null; }
main().catch((error) => {
  console.error(error);
  process.exit(1);
});`,
    `async function main() { await work(); }
async function work() { await null; }
main().then(() => process.exit(0), () => process.exit(1));`,

    // ── joins: try / finally ────────────────────────────────────────────────────────────────────────
    `async function work() { await null; }
async function main(other) {
  const t = work();
  try {
    await other();
  } finally {
    await t;
  }
  process.exit(0);
}`,
    `async function work() { await null; }
export const handler = async (event) => {
  const t = work();
  try {
    return { statusCode: 200 };
  } finally {
    await t;
  }
};`,
    `async function work() { await null; }
async function main() {
  try {
    await work();
  } catch (error) {
    process.exit(1);
  }
}`,

    // ── escapes: the handle is handed on, so its owner is unknown ────────────────────────────────────
    `async function work() { await null; }
const t = work();
track(t);
process.exit(0);`,
    `async function work() { await null; }
track(work());
process.exit(0);`,
    `async function work() { await null; }
const t = work();
const holder = { t };
process.exit(0);`,
    `async function work() { await null; }
const t = work();
const list = [t];
process.exit(0);`,
    `async function work() { await null; }
const pending = [];
function main() {
  const t = work();
  pending.push(t);
  process.exit(0);
}`,
    `async function work() { await null; }
let saved;
function main() {
  saved = work();
  process.exit(0);
}`,
    `async function work() { await null; }
class Job {
  run() {
    this.pending = work();
    process.exit(0);
  }
}`,
    `async function work() { await null; }
function main() {
  const t = work();
  setTimeout(() => t, 10);
  process.exit(0);
}`,

    // ── nested callbacks: a task inside a callback belongs to the callback ───────────────────────────
    `async function work() { await null; }
setTimeout(() => {
  work();
}, 10);
process.exit(0);`,
    `async function work() { await null; }
work();
process.on('SIGINT', () => process.exit(0));`,
    `async function work() { await null; }
function start() { work(); }
setTimeout(start, 10);
process.exit(0);`,
    `async function work() { await null; }
describe('suite', () => {
  work();
});`,

    // ── not a task (without type information) ───────────────────────────────────────────────────────
    `async function quick() { console.log('done'); }
quick();
process.exit(0);`,
    `function sync() { return 1; }
sync();
process.exit(0);`,
    `doSomething();
process.exit(0);`,
    `function fetch(url) { return url; }
fetch('https://example.com');
process.exit(0);`,
    `import fs from 'node:fs';
fs.writeFileSync('a.txt', 'b');
fs.writeFile('a.txt', 'b', () => {});
process.exit(0);`,
    `declare function fetchUser(): Promise<{ id: string }>;
fetchUser();
process.exit(0);`,
    `let work = async () => { await null; };
work = async () => {};
work();
process.exit(0);`,
    `let api = { async save() { await null; } };
api = makeApi();
api.save();
process.exit(0);`,

    // ── not a known function: the member may be replaced ─────────────────────────────────────────────
    `async function save() { await null; }
const defaults = {};
const api = { save, ...defaults };
api.save();
process.exit(0);`,
    `async function save() { await null; }
const api = { get save() { return () => 1; } };
api.save();
process.exit(0);`,

    // ── not a process \`exit\` listener ──────────────────────────────────────────────────────────────
    // \`beforeExit\` may start work: the event loop runs it, then emits \`beforeExit\` again.
    `async function flush() { await null; }
process.on('beforeExit', () => {
  flush();
});`,
    `import { appendFileSync } from 'node:fs';
process.on('exit', (code) => {
  appendFileSync('exit.log', \`exited with \${code}\\n\`);
});`,
    // A child process's \`exit\` event: this process goes on.
    `import { spawn } from 'node:child_process';
async function flush() { await null; }
const child = spawn('ls');
child.on('exit', () => {
  flush();
});`,
    `async function flush() { await null; }
function onExit() { flush(); }
process.on('exit', onExit);`,
    // What follows the first \`await\` never runs: nothing is started there.
    `process.on('exit', async () => {
  await null;
  fetch('https://example.com/exited');
});`,
    {
      code: `async function flush() { await null; }
process.on('exit', () => {
  flush();
});`,
      options: [{ lifetimeEnds: { exit: false } }],
    },
    // ── returned through a \`finally\` block that ends nothing, or awaited first ─────────────────────────
    `async function work() { await null; }
async function main() {
  try {
    return work();
  } finally {
    console.log('done');
  }
}`,
    `async function work() { await null; }
async function main() {
  try {
    return await work();
  } finally {
    process.exit(0);
  }
}`,
    `async function work() { await null; }
async function main() {
  const pending = work();
  try {
    return pending.then((value) => value);
  } finally {
    console.log('done');
  }
}`,
    // ── other modules' functions that neither exit nor return pending work ──────────────────────────
    {
      code: `import { warn } from './log';
import { uploadLater } from './upload';
export function main() {
  uploadLater('x');
  warn('done');
  process.exit(0);
}`,
      filename: path.join(crossModuleDir, 'main.ts'),
    },
    {
      code: `import { fatal } from './log';
import { upload } from './upload.js';
export async function main(args: string[]) {
  const sent = upload(args.join(','));
  if (args.length === 0) fatal('no arguments');
  await sent;
}`,
      filename: path.join(crossModuleDir, 'main.ts'),
      options: [{ followImports: false }],
    },
    {
      // Fire-and-forget by design: the allowlist names the call.
      code: `import { track } from './analytics';
export async function main() {
  track('start');
  process.exit(0);
}`,
      filename: path.join(crossModuleDir, 'main.ts'),
      options: [{ allowForKnownSafeCalls: ['track'] }],
    },
    {
      // A module that is not there, or not the project's: unknown, so not reported.
      code: `import { upload } from './missing';
import { send } from 'some-package';
export function main() {
  upload('x');
  send('y');
  process.exit(0);
}`,
      filename: path.join(crossModuleDir, 'main.ts'),
    },
    // ── not an exit ─────────────────────────────────────────────────────────────────────────────────
    `async function work() { await null; }
work();
process.kill(child.pid);`,
    `async function work() { await null; }
function stop(process) {
  work();
  process.exit(0);
}`,
    `async function work() { await null; }
process.exit(0);
work();`,
    `async function work() { await null; }
work();
process.exitCode = 1;`,

    // ── not a handler ───────────────────────────────────────────────────────────────────────────────
    `async function work() { await null; }
export const notAHandler = async (event) => {
  work();
  return 1;
};`,
    `async function work() { await null; }
export default {
  async helper(request, env, ctx) {
    work();
    return new Response('ok');
  },
};`,
    `async function work() { await null; }
export const worker = {
  async fetch(request, env, ctx) {
    work();
    return new Response('ok');
  },
};`,
    `async function work() { await null; }
self.addEventListener('custom', (event) => {
  work();
});`,
    `async function work() { await null; }
function register(self) {
  self.addEventListener('fetch', (event) => {
    work();
  });
}`,
    {
      filename: 'app/api/users/page.ts',
      code: `async function work() { await null; }
export async function POST(request) {
  work();
  return Response.json({ ok: true });
}`,
    },
    {
      filename: 'pages/api/hello.ts',
      code: `async function work() { await null; }
export async function helper(req, res) {
  work();
}`,
    },
    `async function work() { await null; }
app.get('/', async (req, res) => {
  work();
  res.send('ok');
});`,
    `import { onRequest } from 'firebase-functions/v2/https';
async function work() { await null; }
export const api = onRequest(async (req, res) => {
  await work();
  res.status(200).send('ok');
});`,

    // A \`proxy.ts\` that is not Next.js's (no \`next/server\` import, no route \`config\`).
    {
      filename: 'src/lib/proxy.ts',
      code: `async function logVisit(url: string) { await null; }
export function proxy(request: Request) {
  logVisit(request.url);
  return fetch(request);
}`,
    },
    // \`waitUntil\` from \`cloudflare:workers\` holds the invocation open from anywhere in a Worker.
    `import { waitUntil } from 'cloudflare:workers';
async function track(url) { await null; }
export default {
  async fetch(request) {
    waitUntil(track(request.url));
    return new Response('ok');
  },
};`,
    // Only the default export of a Netlify function is its handler.
    {
      filename: 'netlify/functions/_shared/audit.ts',
      code: `async function write(line: string) { await null; }
export function audit(line: string) {
  write(line);
  return line;
}`,
    },
    // ── not a test ──────────────────────────────────────────────────────────────────────────────────
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

    // ── node:test subtests that do not outlive their parent ─────────────────────────────────────────
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

    // ── resources ───────────────────────────────────────────────────────────────────────────────────
    `async function save(db) { await null; }
async function main(db) {
  await save(db);
  db.close();
}`,
    `async function save(db) { await null; }
async function main(db) {
  const t = save(db);
  await t;
  await db.close();
}`,
    `async function save(queue) { await null; }
async function main(queue) {
  save(queue);
  queue.close();
  await queue.onIdle();
}`,
    `async function save(x) { await null; }
async function main(db, other) {
  save(other);
  db.close();
  await null;
}`,
    `async function save(db) { await null; }
async function main(db) {
  save(db);
  {
    const db = connect();
    db.close();
  }
  await null;
}`,
    `async function save(r) { await null; }
async function main() {
  using r = open();
  await save(r);
}`,
    `async function save(r) { await null; }
async function main(x) {
  using r = open();
  save(x);
}`,
    `async function save(db) { await null; }
async function main(db) {
  save(db);
  db.shutdown();
}`,

    // ── loops ───────────────────────────────────────────────────────────────────────────────────────
    `async function work() { await null; }
async function main(jobs) {
  for (const job of jobs) {
    await work(job);
  }
  process.exit(0);
}`,
    `async function work() { await null; }
async function main(rows) {
  outer: for (const row of rows) {
    for (const cell of row) {
      if (!cell) continue outer;
      await work(cell);
    }
  }
  process.exit(0);
}`,

    // ── options ─────────────────────────────────────────────────────────────────────────────────────
    {
      code: `async function work() { await null; }
work();
process.exit(0);`,
      options: [{ lifetimeEnds: { exit: false } }],
    },
    {
      code: `async function work() { await null; }
function die() { process.exit(1); }
work();
die();`,
      options: [{ lifetimeEnds: { exit: false } }],
    },
    {
      code: `async function work() { await null; }
export const handler = async (event) => {
  work();
  return 1;
};`,
      options: [{ lifetimeEnds: { handlerEnd: false } }],
    },
    {
      code: `async function work() { await null; }
it('works', async () => {
  work();
});`,
      options: [{ lifetimeEnds: { testEnd: false } }],
    },
    {
      code: `async function save(db) { await null; }
async function main(db) {
  save(db);
  db.close();
}`,
      options: [{ lifetimeEnds: { resourceClose: false } }],
    },
    {
      code: `async function save(r) { await null; }
async function main() {
  using r = open();
  save(r);
}`,
      options: [{ lifetimeEnds: { resourceClose: false } }],
    },
    {
      code: `async function work() { await null; }
work();
process.exit(0);`,
      options: [{ allowForKnownSafeCalls: ['work'] }],
    },
    {
      code: `import { send } from '@acme/other';
send();
process.exit(0);`,
      options: [{ promiseFunctions: [{ from: 'package', package: '@acme/metrics', name: 'send' }] }],
    },
    {
      code: `async function work() { await null; }
work();
shutdown();`,
      options: [{ exitFunctions: ['terminate'] }],
    },
  ],

  invalid: [
    // ── exit: the floating kinds ────────────────────────────────────────────────────────────────────
    {
      code: `async function work() { await null; }
void work(); process.exit(0);`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('work()', 'process.exit(0)', 2),
          line: 2,
          column: 6,
          endLine: 2,
          endColumn: 12,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              data: { task: 'work()' },
              output: `async function work() { await null; }
await work(); process.exit(0);`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
work().catch(log);
process.exit(1);`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('work()', 'process.exit(1)', 3),
          line: 2,
          column: 1,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
await work().catch(log);
process.exit(1);`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
work().then(onSuccess, onFailure);
process.exit(1);`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('work()', 'process.exit(1)', 3),
          line: 2,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
await work().then(onSuccess, onFailure);
process.exit(1);`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
work().then(onSuccess);
process.exit(0);`,
      errors: [
        {
          messageId: 'exit',
          line: 2,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
await work().then(onSuccess);
process.exit(0);`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
work();
process.exit(0);`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('work()', 'process.exit(0)', 3),
          line: 2,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
await work();
process.exit(0);`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
async function main() {
  const t = work();
  console.log('started');
  process.exit(0);
}`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('work()', 'process.exit(0)', 5),
          line: 3,
          column: 13,
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              data: { task: 'work()', handle: 't', line: 5 },
              output: `async function work() { await null; }
async function main() {
  const t = work();
  console.log('started');
  await t;
  process.exit(0);
}`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
async function main() {
  let t;
  t = work();
  process.exit(0);
}`,
      errors: [
        {
          messageId: 'exit',
          line: 4,
          column: 7,
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `async function work() { await null; }
async function main() {
  let t;
  t = work();
  await t;
  process.exit(0);
}`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
async function main() {
  const t = work();
  t.catch(log);
  process.exit(0);
}`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('work()', 'process.exit(0)', 5),
          line: 3,
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `async function work() { await null; }
async function main() {
  const t = work();
  t.catch(log);
  await t;
  process.exit(0);
}`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
async function main() {
  const t = work();
  void t;
  process.exit(0);
}`,
      errors: [
        {
          messageId: 'exit',
          line: 3,
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `async function work() { await null; }
async function main() {
  const t = work();
  void t;
  await t;
  process.exit(0);
}`,
            },
          ],
        },
      ],
    },
    {
      // The deferred exit waits for `work()`, not for `other()`.
      code: `async function work() { await null; }
async function other() { await null; }
other();
work().finally(() => process.exit(0));`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('other()', 'process.exit(0)', 4),
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
async function other() { await null; }
await other();
work().finally(() => process.exit(0));`,
            },
          ],
        },
      ],
    },
    {
      // A `Promise.all` that is itself dropped joins nothing: it is the task.
      code: `async function work() { await null; }
async function main() {
  const a = work();
  Promise.all([a]);
  process.exit(0);
}`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('Promise.all([a])', 'process.exit(0)', 5),
          line: 4,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
async function main() {
  const a = work();
  await Promise.all([a]);
  process.exit(0);
}`,
            },
          ],
        },
      ],
    },

    {
      // \`load()\` is unknown, but the callback chained on it is work still to run.
      code: `import { load } from './load';
function main() {
  const t = load();
  t.catch(console.error);
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', data: exitData('t.catch(console.error)', 'process.exit(0)', 5), line: 4, suggestions: [] }],
    },
    {
      // A CRLF file: the suggestion's new line ends as the others do.
      code: 'async function work() { await null; }\r\nasync function main() {\r\n  const t = work();\r\n  console.log(1);\r\n  process.exit(0);\r\n}\r\n',
      errors: [
        {
          messageId: 'exit',
          line: 3,
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              output:
                'async function work() { await null; }\r\nasync function main() {\r\n  const t = work();\r\n  console.log(1);\r\n  await t;\r\n  process.exit(0);\r\n}\r\n',
            },
          ],
        },
      ],
    },
    // ── returned before a \`finally\` block or a disposal runs ──────────────────────────────────────────
    {
      // The caller gets the promise only after the \`finally\` block, which exits first.
      code: `async function work() { await null; }
async function main() {
  try {
    return work();
  } finally {
    process.exit(0);
  }
}`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('work()', 'process.exit(0)', 6),
          line: 4,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
async function main() {
  try {
    return await work();
  } finally {
    process.exit(0);
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // Not async: \`return await\` would need it to be.
      code: `async function work() { await null; }
function main() {
  try {
    return work().catch(console.error);
  } finally {
    process.exit(0);
  }
}`,
      errors: [{ messageId: 'exit', data: exitData('work()', 'process.exit(0)', 6), line: 4, suggestions: [] }],
    },
    {
      code: `async function load(db: { read(): Promise<string> }) { return await db.read(); }
declare function open(): { read(): Promise<string>; [Symbol.dispose](): void };
async function main() {
  using db = open();
  return load(db);
}`,
      errors: [
        {
          messageId: 'resourceDispose',
          data: closeData('load(db)', 'return load(db);', 5, 'db'),
          line: 5,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function load(db: { read(): Promise<string> }) { return await db.read(); }
declare function open(): { read(): Promise<string>; [Symbol.dispose](): void };
async function main() {
  using db = open();
  return await load(db);
}`,
            },
          ],
        },
      ],
    },

    {
      // Returning the handle hands it over only after \`r\` is disposed, and it still uses \`r\`.
      code: `async function save(r) { await null; }
async function main() {
  using r = open();
  const t = save(r);
  return t;
}`,
      errors: [
        {
          messageId: 'resourceDispose',
          line: 4,
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `async function save(r) { await null; }
async function main() {
  using r = open();
  const t = save(r);
  await t;
  return t;
}`,
            },
          ],
        },
      ],
    },
    // ── exit: through the project's other modules ────────────────────────────────────────────────────
    {
      // \`upload()\` is async in ./upload.ts, and \`fatal()\` exits in ./log.ts: both are read to know it.
      code: `import { fatal } from './log';
import { upload } from './upload.js';
export async function main(args: string[]) {
  const sent = upload(args.join(','));
  if (args.length === 0) fatal('no arguments');
  await sent;
}`,
      filename: path.join(crossModuleDir, 'main.ts'),
      errors: [
        {
          messageId: 'exit',
          data: exitData("upload(args.join(','))", "fatal('no arguments')", 5),
          line: 4,
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `import { fatal } from './log';
import { upload } from './upload.js';
export async function main(args: string[]) {
  const sent = upload(args.join(','));
  await sent;
  if (args.length === 0) fatal('no arguments');
  await sent;
}`,
            },
          ],
        },
      ],
    },
    {
      // A re-export (\`export { fatal as die } from './log.js'\`), a namespace import, and CommonJS.
      code: `import * as uploads from './upload';
import { die } from './upload';
const bail = require('./exit-helper.cjs');
export async function main() {
  uploads.upload('a');
  die('done');
}
export async function other() {
  void uploads.upload('b');
  bail(2);
}`,
      filename: path.join(crossModuleDir, 'main.ts'),
      errors: [
        {
          messageId: 'exit',
          data: exitData("uploads.upload('a')", "die('done')", 6),
          line: 5,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `import * as uploads from './upload';
import { die } from './upload';
const bail = require('./exit-helper.cjs');
export async function main() {
  await uploads.upload('a');
  die('done');
}
export async function other() {
  void uploads.upload('b');
  bail(2);
}`,
            },
          ],
        },
        {
          messageId: 'exit',
          data: exitData("uploads.upload('b')", 'bail(2)', 10),
          line: 9,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `import * as uploads from './upload';
import { die } from './upload';
const bail = require('./exit-helper.cjs');
export async function main() {
  uploads.upload('a');
  die('done');
}
export async function other() {
  await uploads.upload('b');
  bail(2);
}`,
            },
          ],
        },
      ],
    },

    {
      // \`track()\` returns at once and leaves its request pending, in ./analytics.ts: awaiting it joins nothing.
      code: `import { track } from './analytics';
export async function main() {
  await track('start');
  process.exit(0);
}`,
      filename: path.join(crossModuleDir, 'main.ts'),
      errors: [
        {
          messageId: 'exit',
          data: exitData("track('start')", 'process.exit(0)', 4, { chain: ' (the work it leaves pending in its module)' }),
          line: 3,
          suggestions: [],
        },
      ],
    },

    // ── exit: top-level await only where the file runs as an ES module ───────────────────────────────
    {
      // A \`.ts\` file written with \`import\`, in a package without \`"type": "module"\`: Node and tsx run it
      // as CommonJS, where a top-level \`await\` does not compile, so no suggestion can join here.
      code: `import { readFile } from 'node:fs/promises';
void readFile('config.json');
process.exit(0);`,
      filename: path.join(commonjsPackageDir, 'cli.ts'),
      errors: [{ messageId: 'exit', data: exitData("readFile('config.json')", 'process.exit(0)', 3), line: 2, suggestions: [] }],
    },
    {
      code: `import { readFile } from 'node:fs/promises';
void readFile('config.json');
process.exit(0);`,
      filename: path.join(commonjsPackageDir, 'cli.mts'),
      errors: [
        {
          messageId: 'exit',
          line: 2,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `import { readFile } from 'node:fs/promises';
await readFile('config.json');
process.exit(0);`,
            },
          ],
        },
      ],
    },
    // ── exit: process \`exit\` listeners ───────────────────────────────────────────────────────────────
    {
      code: `async function flush() { await null; }
process.on('exit', () => {
  flush();
});`,
      errors: [{ messageId: 'exitListener', data: exitListenerData('flush()', 4), line: 3, column: 3, suggestions: [] }],
    },
    {
      // Awaiting does not help: the listener hands control back to Node at its first \`await\`.
      code: `async function flush() { await null; }
process.on('exit', async () => {
  const pending = flush();
  await flush();
});`,
      errors: [
        { messageId: 'exitListener', data: exitListenerData('flush()', 4, { moment: 'stops at `await flush()`' }), line: 3, suggestions: [] },
        { messageId: 'exitListener', data: exitListenerData('flush()', 4, { moment: 'stops at `await flush()`' }), line: 4, column: 9, suggestions: [] },
      ],
    },
    {
      code: `import process from 'node:process';
async function flush() { await null; }
function cleanup() { void flush(); }
process.once('exit', function (code) {
  if (code !== 0) return;
  cleanup();
});`,
      errors: [
        {
          messageId: 'exitListener',
          data: exitListenerData('flush()', 7, { chain: ' (via `cleanup()` → the callback passed to `process.once()`)' }),
          line: 3,
          suggestions: [],
        },
      ],
    },
    {
      code: `async function flush() { await null; }
process.prependListener('exit', (code) => flush().catch(console.error));`,
      errors: [{ messageId: 'exitListener', data: exitListenerData('flush()', 2), line: 2, suggestions: [] }],
    },

    // ── exit: every way to end the process ──────────────────────────────────────────────────────────
    {
      code: `async function work() { await null; }
function main() {
  work();
  process.abort();
}`,
      errors: [{ messageId: 'exit', data: exitData('work()', 'process.abort()', 4), line: 3, suggestions: [] }],
    },
    {
      code: `async function work() { await null; }
function main() {
  work();
  process.kill(process.pid, 'SIGTERM');
}`,
      errors: [{ messageId: 'exit', data: exitData('work()', "process.kill(process.pid, 'SIGTERM')", 4), line: 3, suggestions: [] }],
    },
    {
      code: `import { exit } from 'node:process';
async function work() { await null; }
function main() {
  work();
  exit(2);
}`,
      errors: [{ messageId: 'exit', data: exitData('work()', 'exit(2)', 5), line: 4, suggestions: [] }],
    },
    {
      code: `import { exit } from 'process';
async function work() { await null; }
function main() {
  work();
  exit(2);
}`,
      errors: [{ messageId: 'exit', data: exitData('work()', 'exit(2)', 5), line: 4, suggestions: [] }],
    },
    {
      code: `import process from 'node:process';
async function work() { await null; }
function main() {
  work();
  process.exit(2);
}`,
      errors: [{ messageId: 'exit', data: exitData('work()', 'process.exit(2)', 5), line: 4, suggestions: [] }],
    },
    {
      code: `const { exit } = require('node:process');
async function work() { await null; }
function main() {
  work();
  exit(2);
}`,
      errors: [{ messageId: 'exit', data: exitData('work()', 'exit(2)', 5), line: 4, suggestions: [] }],
    },
    {
      code: `async function work() { await null; }
function main() {
  work();
  Deno.exit(1);
}`,
      errors: [{ messageId: 'exit', data: exitData('work()', 'Deno.exit(1)', 4), line: 3, suggestions: [] }],
    },

    // ── exit: same-file helpers that exit ───────────────────────────────────────────────────────────
    {
      code: `async function work() { await null; }
function die(message) { console.error(message); process.exit(1); }
async function main() {
  work();
  die('bad input');
}`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('work()', "die('bad input')", 5),
          line: 4,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
function die(message) { console.error(message); process.exit(1); }
async function main() {
  await work();
  die('bad input');
}`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
const die = (message) => { console.error(message); process.exit(1); };
function main() {
  work();
  die('bad input');
}`,
      errors: [{ messageId: 'exit', data: exitData('work()', "die('bad input')", 5), line: 4, suggestions: [] }],
    },
    {
      code: `async function work() { await null; }
function die(message) { process.exit(1); }
function fail(message) { console.error(message); die(message); }
function main() {
  work();
  fail('bad input');
}`,
      errors: [{ messageId: 'exit', data: exitData('work()', "fail('bad input')", 6), line: 5, suggestions: [] }],
    },
    {
      // A helper that may exit is an end even when it only exits on one path.
      code: `async function work() { await null; }
function die(message) {
  console.error(message);
  process.exit(1);
}
async function main(config) {
  const t = work();
  if (!config) die('missing config');
  await t;
}`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('work()', "die('missing config')", 8),
          line: 7,
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `async function work() { await null; }
function die(message) {
  console.error(message);
  process.exit(1);
}
async function main(config) {
  const t = work();
  await t;
  if (!config) die('missing config');
  await t;
}`,
            },
          ],
        },
      ],
    },
    {
      // An exit inside a nested callback ends the process for the callback's own tasks.
      code: `async function work() { await null; }
process.on('SIGINT', () => {
  work();
  process.exit(0);
});`,
      errors: [{ messageId: 'exit', data: exitData('work()', 'process.exit(0)', 4), line: 3, suggestions: [] }],
    },

    // ── exit: promise sources without types ─────────────────────────────────────────────────────────
    {
      // A wait with work chained on it: the work is lost.
      code: `function main() {
  new Promise((resolve) => setTimeout(resolve, 100)).then(() => console.log('later'));
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', data: exitData('new Promise(…)', 'process.exit(0)', 3), line: 2, suggestions: [] }],
    },
    {
      code: `async function main() {
  fetch('https://example.com/ping');
  process.exit(0);
}`,
      errors: [
        {
          messageId: 'exit',
          data: exitData("fetch('https://example.com/ping')", 'process.exit(0)', 3),
          line: 2,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function main() {
  await fetch('https://example.com/ping');
  process.exit(0);
}`,
            },
          ],
        },
      ],
    },
    {
      code: `function main() {
  import('./plugin.js');
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', data: exitData("import('./plugin.js')", 'process.exit(0)', 3), line: 2, suggestions: [] }],
    },
    {
      code: `import { writeFile } from 'node:fs/promises';
function main() {
  writeFile('out.txt', 'data');
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', data: exitData("writeFile('out.txt', 'data')", 'process.exit(0)', 4), line: 3, suggestions: [] }],
    },
    {
      code: `import * as fsp from 'fs/promises';
function main() {
  fsp.writeFile('out.txt', 'data');
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', data: exitData("fsp.writeFile('out.txt', 'data')", 'process.exit(0)', 4), line: 3, suggestions: [] }],
    },
    {
      // CommonJS
      code: `const fsp = require('node:fs/promises');
async function main() {
  fsp.writeFile('out.txt', 'data');
  process.exit(0);
}`,
      errors: [
        {
          messageId: 'exit',
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `const fsp = require('node:fs/promises');
async function main() {
  await fsp.writeFile('out.txt', 'data');
  process.exit(0);
}`,
            },
          ],
        },
      ],
    },
    {
      code: `const { writeFile } = require('node:fs/promises');
function main() {
  writeFile('out.txt', 'data');
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', line: 3, suggestions: [] }],
    },
    {
      code: `const fs = require('fs');
function main() {
  fs.promises.writeFile('out.txt', 'data');
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', data: exitData("fs.promises.writeFile('out.txt', 'data')", 'process.exit(0)', 4), line: 3, suggestions: [] }],
    },
    {
      code: `import fs from 'node:fs';
function main() {
  fs.promises.writeFile('out.txt', 'data');
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', line: 3, suggestions: [] }],
    },
    {
      code: `import { setTimeout as sleep } from 'node:timers/promises';
function main() {
  sleep(100).then(() => console.log('later'));
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', data: exitData('sleep(100)', 'process.exit(0)', 4), line: 3, suggestions: [] }],
    },
    {
      code: `import { pipeline } from 'node:stream/promises';
function main(source, sink) {
  pipeline(source, sink);
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', data: exitData('pipeline(source, sink)', 'process.exit(0)', 4), line: 3, suggestions: [] }],
    },
    {
      code: `import { lookup } from 'node:dns/promises';
function main() {
  lookup('example.com');
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', data: exitData("lookup('example.com')", 'process.exit(0)', 4), line: 3, suggestions: [] }],
    },
    {
      code: `import { promisify } from 'node:util';
const sleep = promisify(setTimeout);
function main() {
  sleep(100);
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', data: exitData('sleep(100)', 'process.exit(0)', 5), line: 4, suggestions: [] }],
    },
    {
      code: `const util = require('node:util');
const exec = util.promisify(require('node:child_process').exec);
async function main() {
  exec('ls');
  process.exit(0);
}`,
      errors: [
        {
          messageId: 'exit',
          data: exitData("exec('ls')", 'process.exit(0)', 5),
          line: 4,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `const util = require('node:util');
const exec = util.promisify(require('node:child_process').exec);
async function main() {
  await exec('ls');
  process.exit(0);
}`,
            },
          ],
        },
      ],
    },
    {
      code: `import { once } from 'node:events';
function main(emitter) {
  once(emitter, 'close').then(() => console.log('closed'));
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', data: exitData("once(emitter, 'close')", 'process.exit(0)', 4), line: 3, suggestions: [] }],
    },
    {
      // Long calls are shortened in the message.
      code: `async function work(a, b, c) { await null; }
function main() {
  work('aaaaaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbbbbbbbbbbb', 'ccccccccccccccc');
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', data: exitData('work(…)', 'process.exit(0)', 4), line: 3, column: 3, endColumn: 79, suggestions: [] }],
    },

    // ── exit: propagation through same-file functions ───────────────────────────────────────────────
    {
      // The headline example: sync `main()` calls async `backgroundTask()`, which starts `task()` unawaited.
      code: `function sleep(ms) { return new Promise((resolve) => setTimeout(resolve, ms)); }
async function task() {
  await sleep(100);
}
async function backgroundTask() {
  console.log('start');
  task();
}
function main() {
  backgroundTask();
  console.log('main');
  process.exit(0);
}
main();`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('task()', 'process.exit(0)', 12, { chain: ' (via `backgroundTask()` → `main()`)' }),
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 9,
          suggestions: [],
        },
      ],
    },
    {
      code: `async function work() { await null; }
function start() { work(); }
start();
process.exit(0);`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('work()', 'process.exit(0)', 4, { chain: ' (via `start()` → the module top level)' }),
          line: 2,
          suggestions: [],
        },
      ],
    },
    {
      // Awaiting a function that leaves work pending does not join that work.
      code: `async function work() { await null; }
async function record() {
  work();
  await null;
}
async function main() {
  await record();
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', data: exitData('work()', 'process.exit(0)', 8, { chain: ' (via `record()` → `main()`)' }), line: 3, suggestions: [] }],
    },
    {
      code: `async function work() { await null; }
function c() { work(); }
function b() { c(); }
function a() { b(); }
a();
process.exit(0);`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('work()', 'process.exit(0)', 6, { chain: ' (via `c()` → `b()` → `a()` → the module top level)' }),
          line: 2,
          suggestions: [],
        },
      ],
    },
    {
      code: `async function work() { await null; }
function a(n) {
  if (n) b(n - 1);
  work();
}
function b(n) { a(n); }
a(3);
process.exit(0);`,
      errors: [
        { messageId: 'exit', data: exitData('work()', 'process.exit(0)', 8, { chain: ' (via `a()` → the module top level)' }), line: 4, suggestions: [] },
      ],
    },
    {
      // A function that returns a promise: its call is the task.
      code: `async function work() { await null; }
function start() { return work(); }
function main() {
  start();
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', data: exitData('start()', 'process.exit(0)', 5), line: 4, suggestions: [] }],
    },
    {
      code: `async function work() { await null; }
async function background() { await work(); }
function main() {
  background();
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', data: exitData('background()', 'process.exit(0)', 5), line: 4, suggestions: [] }],
    },
    {
      code: `async function work() { await null; }
async function main() {
  work();
  await null;
}
main().then(() => process.exit(0));`,
      errors: [
        { messageId: 'exit', data: exitData('work()', 'process.exit(0)', 6, { chain: ' (via `main()` → the module top level)' }), line: 3, suggestions: [] },
      ],
    },
    {
      code: `async function work() { await null; }
class Job {
  start() { work(); }
  run() {
    this.start();
    process.exit(0);
  }
}`,
      errors: [{ messageId: 'exit', data: exitData('work()', 'process.exit(0)', 6, { chain: ' (via `start()` → `run()`)' }), line: 3, suggestions: [] }],
    },
    {
      code: `class Job {
  async save() { await null; }
  run() {
    this.save();
    process.exit(0);
  }
}`,
      errors: [{ messageId: 'exit', data: exitData('this.save()', 'process.exit(0)', 5), line: 4, suggestions: [] }],
    },
    {
      code: `class Job {
  save = async () => { await null; };
  run() {
    this.save();
    process.exit(0);
  }
}`,
      errors: [{ messageId: 'exit', data: exitData('this.save()', 'process.exit(0)', 5), line: 4, suggestions: [] }],
    },
    {
      code: `async function work() { await null; }
class Job {
  static start() { work(); }
}
Job.start();
process.exit(0);`,
      errors: [
        { messageId: 'exit', data: exitData('work()', 'process.exit(0)', 6, { chain: ' (via `start()` → the module top level)' }), line: 3, suggestions: [] },
      ],
    },
    {
      code: `async function work() { await null; }
const jobs = {
  start() { work(); },
};
jobs.start();
process.exit(0);`,
      errors: [
        { messageId: 'exit', data: exitData('work()', 'process.exit(0)', 6, { chain: ' (via `start()` → the module top level)' }), line: 3, suggestions: [] },
      ],
    },
    {
      code: `const api = {
  async save() { await null; },
};
api.save();
process.exit(0);`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('api.save()', 'process.exit(0)', 5),
          line: 4,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `const api = {
  async save() { await null; },
};
await api.save();
process.exit(0);`,
            },
          ],
        },
      ],
    },
    {
      // An object of functions declared elsewhere (\`{ save }\`, \`{ flush: save }\`), called optionally or not.
      code: `async function save() { await null; }
const api = { save, flush: save };
api.save();
api?.flush();
process.exit(0);`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('api.save()', 'process.exit(0)', 5),
          line: 3,
          suggestions: [
            {
              messageId: 'awaitBeforeEnd',
              output: `async function save() { await null; }
const api = { save, flush: save };
const saveTask = api.save();
api?.flush();
await saveTask;
process.exit(0);`,
            },
          ],
        },
        {
          messageId: 'exit',
          data: exitData('api?.flush()', 'process.exit(0)', 5),
          line: 4,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function save() { await null; }
const api = { save, flush: save };
api.save();
await api?.flush();
process.exit(0);`,
            },
          ],
        },
      ],
    },
    {
      code: `const work = async () => { await null; };
const start = () => { work(); };
start();
process.exit(0);`,
      errors: [
        { messageId: 'exit', data: exitData('work()', 'process.exit(0)', 4, { chain: ' (via `start()` → the module top level)' }), line: 2, suggestions: [] },
      ],
    },
    {
      code: `const work = async () => { await null; };
const start = () => work();
function main() {
  start();
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', data: exitData('start()', 'process.exit(0)', 5), line: 4, suggestions: [] }],
    },
    {
      code: `function main() {
  (async () => { await null; })();
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', data: exitData('(async () => { await null; })()', 'process.exit(0)', 3), line: 2, suggestions: [] }],
    },

    // ── exit: branches ──────────────────────────────────────────────────────────────────────────────
    {
      code: `async function work() { await null; }
async function main(verbose) {
  if (verbose) {
    work();
  }
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', data: exitData('work()', 'process.exit(0)', 6), line: 4, suggestions: [] }],
    },
    {
      code: `async function work() { await null; }
async function main(verbose) {
  if (verbose) {
    work();
  } else {
    await work();
  }
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', data: exitData('work()', 'process.exit(0)', 8), line: 4, suggestions: [] }],
    },
    {
      code: `async function work() { await null; }
async function main(failed) {
  work();
  if (failed) process.exit(1);
  return 1;
}`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('work()', 'process.exit(1)', 4),
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
async function main(failed) {
  await work();
  if (failed) process.exit(1);
  return 1;
}`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
async function main(wait) {
  const t = work();
  if (wait) await t;
  process.exit(0);
}`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('work()', 'process.exit(0)', 5, { partial: true }),
          line: 3,
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `async function work() { await null; }
async function main(wait) {
  const t = work();
  if (wait) await t;
  await t;
  process.exit(0);
}`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
async function main(wait) {
  const t = work();
  await (wait ? t : null);
  process.exit(0);
}`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('work()', 'process.exit(0)', 5, { partial: true }),
          line: 3,
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `async function work() { await null; }
async function main(wait) {
  const t = work();
  await (wait ? t : null);
  await t;
  process.exit(0);
}`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
async function main(wait) {
  const t = work();
  await (wait && t);
  process.exit(0);
}`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('work()', 'process.exit(0)', 5, { partial: true }),
          line: 3,
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `async function work() { await null; }
async function main(wait) {
  const t = work();
  await (wait && t);
  await t;
  process.exit(0);
}`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
async function main(kind) {
  switch (kind) {
    case 'a':
      work();
      break;
    case 'b':
      await work();
      break;
  }
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', data: exitData('work()', 'process.exit(0)', 11), line: 5, suggestions: [] }],
    },
    {
      code: `async function work() { await null; }
async function main(kind) {
  work();
  switch (kind) {
    case 'quit':
      process.exit(0);
    default:
      await null;
  }
}`,
      errors: [{ messageId: 'exit', data: exitData('work()', 'process.exit(0)', 6), line: 3, suggestions: [] }],
    },

    // ── exit: early returns ─────────────────────────────────────────────────────────────────────────
    {
      code: `async function work() { await null; }
async function main(done) {
  if (done) return;
  work();
  process.exit(0);
}`,
      errors: [
        {
          messageId: 'exit',
          line: 4,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
async function main(done) {
  if (done) return;
  await work();
  process.exit(0);
}`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
async function main(done) {
  work();
  if (done) return;
  process.exit(0);
}`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('work()', 'process.exit(0)', 5),
          line: 3,
          suggestions: [
            {
              messageId: 'awaitBeforeEnd',
              data: { task: 'work()', handle: 'workTask', line: 5 },
              output: `async function work() { await null; }
async function main(done) {
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

    // ── exit: loops ─────────────────────────────────────────────────────────────────────────────────
    {
      // The exit is earlier in the body than the task: the task of one iteration meets the next one's exit.
      code: `async function work() { await null; }
function main(jobs) {
  while (true) {
    const job = jobs.shift();
    if (!job) process.exit(0);
    work(job);
  }
}`,
      errors: [{ messageId: 'exit', data: exitData('work(job)', 'process.exit(0)', 5), line: 6, column: 5, suggestions: [] }],
    },
    {
      code: `async function work() { await null; }
async function main(jobs) {
  for (const job of jobs) {
    work(job);
  }
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', data: exitData('work(job)', 'process.exit(0)', 6), line: 4, suggestions: [] }],
    },
    {
      code: `async function work() { await null; }
async function main(jobs) {
  for (const job of jobs) {
    if (job.last) {
      work(job);
      break;
    }
  }
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', data: exitData('work(job)', 'process.exit(0)', 9), line: 5, suggestions: [] }],
    },
    {
      code: `async function work() { await null; }
async function main(queue) {
  do {
    work(queue.pop());
  } while (queue.length);
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', data: exitData('work(queue.pop())', 'process.exit(0)', 6), line: 4, suggestions: [] }],
    },
    {
      code: `async function work() { await null; }
async function main(stream) {
  for await (const chunk of stream) {
    work(chunk);
  }
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', data: exitData('work(chunk)', 'process.exit(0)', 6), line: 4, suggestions: [] }],
    },

    // ── exit: try / catch / finally ─────────────────────────────────────────────────────────────────
    {
      code: `async function work() { await null; }
async function main(other) {
  try {
    work();
    await other();
  } catch (error) {
    process.exit(1);
  }
}`,
      errors: [{ messageId: 'exit', data: exitData('work()', 'process.exit(1)', 7), line: 4, suggestions: [] }],
    },
    {
      code: `async function work() { await null; }
async function main(other) {
  try {
    await other();
  } catch (error) {
    work();
    process.exit(1);
  }
}`,
      errors: [
        {
          messageId: 'exit',
          line: 6,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
async function main(other) {
  try {
    await other();
  } catch (error) {
    await work();
    process.exit(1);
  }
}`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
async function main() {
  try {
    work();
  } finally {
    process.exit(0);
  }
}`,
      errors: [{ messageId: 'exit', data: exitData('work()', 'process.exit(0)', 6), line: 4, suggestions: [] }],
    },
    {
      code: `async function work() { await null; }
async function main() {
  const t = work();
  try {
    throw new Error('boom');
  } catch (error) {
    process.exit(1);
  }
}`,
      errors: [{ messageId: 'exit', data: exitData('work()', 'process.exit(1)', 7), line: 3, suggestions: [] }],
    },

    // ── exit: suggestion details ────────────────────────────────────────────────────────────────────
    {
      // Without semicolons, the rewrite adds none.
      code: `async function work() { await null }
async function main() {
  work()
  console.log('x')
  process.exit(0)
}`,
      errors: [
        {
          messageId: 'exit',
          line: 3,
          suggestions: [
            {
              messageId: 'awaitBeforeEnd',
              output: `async function work() { await null }
async function main() {
  const workTask = work()
  console.log('x')
  await workTask
  process.exit(0)
}`,
            },
          ],
        },
      ],
    },
    {
      // The new handle's name collides with no name in the file.
      code: `async function work() { await null; }
const workTask = 1;
async function main() {
  work();
  console.log(workTask);
  process.exit(0);
}`,
      errors: [
        {
          messageId: 'exit',
          line: 4,
          suggestions: [
            {
              messageId: 'awaitBeforeEnd',
              data: { task: 'work()', handle: 'workTask2', line: 6 },
              output: `async function work() { await null; }
const workTask = 1;
async function main() {
  const workTask2 = work();
  console.log(workTask);
  await workTask2;
  process.exit(0);
}`,
            },
          ],
        },
      ],
    },
    {
      code: `async function saveTask() { await null; }
async function main() {
  saveTask();
  console.log('x');
  process.exit(0);
}`,
      errors: [
        {
          messageId: 'exit',
          line: 3,
          suggestions: [
            {
              messageId: 'awaitBeforeEnd',
              data: { task: 'saveTask()', handle: 'saveTaskPromise', line: 5 },
              output: `async function saveTask() { await null; }
async function main() {
  const saveTaskPromise = saveTask();
  console.log('x');
  await saveTaskPromise;
  process.exit(0);
}`,
            },
          ],
        },
      ],
    },
    {
      // TypeScript syntax around the task.
      code: `async function work(): Promise<void> { await null; }
async function main(): Promise<void> {
  const t = work()!;
  process.exit(0);
}`,
      errors: [
        {
          messageId: 'exit',
          line: 3,
          column: 13,
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `async function work(): Promise<void> { await null; }
async function main(): Promise<void> {
  const t = work()!;
  await t;
  process.exit(0);
}`,
            },
          ],
        },
      ],
    },

    // ── handler end: AWS Lambda ─────────────────────────────────────────────────────────────────────
    {
      code: `async function work() { await null; }
export const handler = async (event) => {
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
              output: `async function work() { await null; }
export const handler = async (event) => {
  await work();
  return { statusCode: 200 };
};`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
export const handler = async (event) => {
  work();
};`,
      errors: [
        {
          messageId: 'handlerEnd',
          data: { task: 'work()', chain: '', line: 4, partial: '', ...LAMBDA },
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
export const handler = async (event) => {
  await work();
};`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
export async function handler(event) {
  const t = work();
  console.log(event);
}`,
      errors: [
        {
          messageId: 'handlerEnd',
          data: { task: 'work()', chain: '', line: 5, partial: '', ...LAMBDA },
          line: 3,
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `async function work() { await null; }
export async function handler(event) {
  const t = work();
  console.log(event);
  await t;
}`,
            },
          ],
        },
      ],
    },
    {
      // CommonJS: `exports.handler`
      code: `async function work() { await null; }
exports.handler = async (event) => {
  work();
  return { statusCode: 200 };
};`,
      errors: [
        {
          messageId: 'handlerEnd',
          data: { task: 'work()', chain: '', line: 4, partial: '', ...LAMBDA },
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
exports.handler = async (event) => {
  await work();
  return { statusCode: 200 };
};`,
            },
          ],
        },
      ],
    },
    {
      // CommonJS: `module.exports.handler`
      code: `const fsp = require('node:fs/promises');
module.exports.handler = async (event) => {
  fsp.appendFile('audit.log', JSON.stringify(event));
  return { statusCode: 200 };
};`,
      errors: [
        {
          messageId: 'handlerEnd',
          data: { task: 'fsp.appendFile(…)', chain: '', line: 4, partial: '', ...LAMBDA },
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `const fsp = require('node:fs/promises');
module.exports.handler = async (event) => {
  await fsp.appendFile('audit.log', JSON.stringify(event));
  return { statusCode: 200 };
};`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
module.exports = {
  handler: async (event) => {
    work();
    return 1;
  },
};`,
      errors: [
        {
          messageId: 'handlerEnd',
          data: { task: 'work()', chain: '', line: 5, partial: '', ...LAMBDA },
          line: 4,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
module.exports = {
  handler: async (event) => {
    await work();
    return 1;
  },
};`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
const handler = async (event) => {
  work();
  return 1;
};
export { handler };`,
      errors: [
        {
          messageId: 'handlerEnd',
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
const handler = async (event) => {
  await work();
  return 1;
};
export { handler };`,
            },
          ],
        },
      ],
    },
    {
      // A wrapped handler (middy).
      code: `async function work() { await null; }
export const handler = middy(async (event) => {
  work();
  return 1;
});`,
      errors: [
        {
          messageId: 'handlerEnd',
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
export const handler = middy(async (event) => {
  await work();
  return 1;
});`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
export const handler = async (event) => {
  work().catch(() => {});
  return { statusCode: 200 };
};`,
      errors: [
        {
          messageId: 'handlerEnd',
          data: { task: 'work()', chain: '', line: 4, partial: '', ...LAMBDA },
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
export const handler = async (event) => {
  await work().catch(() => {});
  return { statusCode: 200 };
};`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
export const handler = async (event) => {
  work().then(onSuccess, onFailure);
  return { statusCode: 200 };
};`,
      errors: [
        {
          messageId: 'handlerEnd',
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
export const handler = async (event) => {
  await work().then(onSuccess, onFailure);
  return { statusCode: 200 };
};`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
async function record(event) {
  work();
  await null;
}
export const handler = async (event) => {
  await record(event);
  return { statusCode: 200 };
};`,
      errors: [
        {
          messageId: 'handlerEnd',
          data: { task: 'work()', chain: ' (via `record()` → `handler()`)', line: 8, partial: '', ...LAMBDA },
          line: 3,
          suggestions: [],
        },
      ],
    },
    {
      code: `async function work() { await null; }
const audit = {
  record() { work(); },
};
export const handler = async (event) => {
  audit.record();
  return { statusCode: 200 };
};`,
      errors: [
        {
          messageId: 'handlerEnd',
          data: { task: 'work()', chain: ' (via `record()` → `handler()`)', line: 7, partial: '', ...LAMBDA },
          line: 3,
          suggestions: [],
        },
      ],
    },
    {
      // An exit in a handler is still an exit when handler ends are switched off.
      code: `async function work() { await null; }
export const handler = async (event) => {
  work();
  process.exit(1);
};`,
      options: [{ lifetimeEnds: { handlerEnd: false } }],
      errors: [
        {
          messageId: 'exit',
          data: exitData('work()', 'process.exit(1)', 4),
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
export const handler = async (event) => {
  await work();
  process.exit(1);
};`,
            },
          ],
        },
      ],
    },

    // ── handler end: Cloudflare Workers ─────────────────────────────────────────────────────────────
    {
      code: `async function work() { await null; }
export default {
  async fetch(req, env, ctx) {
    const t = work();
    return new Response('ok');
  },
};`,
      errors: [
        {
          messageId: 'handlerEnd',
          data: { task: 'work()', chain: '', line: 5, partial: '', ...WORKERS },
          line: 4,
          column: 15,
          suggestions: [
            {
              messageId: 'useExtender',
              data: { task: 'work()', extender: 'ctx.waitUntil' },
              output: `async function work() { await null; }
export default {
  async fetch(req, env, ctx) {
    const t = work();
    ctx.waitUntil(t);
    return new Response('ok');
  },
};`,
            },
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `async function work() { await null; }
export default {
  async fetch(req, env, ctx) {
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
      code: `async function work() { await null; }
export default {
  async fetch(request, env, ctx) {
    void work();
    return new Response('ok');
  },
};`,
      errors: [
        {
          messageId: 'handlerEnd',
          data: { task: 'work()', chain: '', line: 5, partial: '', ...WORKERS },
          line: 4,
          suggestions: [
            {
              messageId: 'useExtender',
              output: `async function work() { await null; }
export default {
  async fetch(request, env, ctx) {
    ctx.waitUntil(work());
    return new Response('ok');
  },
};`,
            },
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
export default {
  async fetch(request, env, ctx) {
    await work();
    return new Response('ok');
  },
};`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
export default {
  async scheduled(controller, env, ctx) {
    const t = work();
    console.log('scheduled');
  },
};`,
      errors: [
        {
          messageId: 'handlerEnd',
          data: { task: 'work()', chain: '', line: 6, partial: '', ...WORKERS },
          line: 4,
          suggestions: [
            {
              messageId: 'useExtender',
              output: `async function work() { await null; }
export default {
  async scheduled(controller, env, ctx) {
    const t = work();
    console.log('scheduled');
    ctx.waitUntil(t);
  },
};`,
            },
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `async function work() { await null; }
export default {
  async scheduled(controller, env, ctx) {
    const t = work();
    console.log('scheduled');
    await t;
  },
};`,
            },
          ],
        },
      ],
    },
    {
      // Without a `ctx` parameter there is nothing to hand the task to.
      code: `async function work() { await null; }
export default {
  async queue(batch) {
    work();
  },
};`,
      errors: [
        {
          messageId: 'handlerEnd',
          line: 4,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
export default {
  async queue(batch) {
    await work();
  },
};`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work(): Promise<void> { await null; }
export default {
  async fetch(request, env, ctx) {
    work();
    return new Response('ok');
  },
} satisfies ExportedHandler<Env>;`,
      errors: [
        {
          messageId: 'handlerEnd',
          data: { task: 'work()', chain: '', line: 5, partial: '', ...WORKERS },
          line: 4,
          suggestions: [
            {
              messageId: 'useExtender',
              output: `async function work(): Promise<void> { await null; }
export default {
  async fetch(request, env, ctx) {
    ctx.waitUntil(work());
    return new Response('ok');
  },
} satisfies ExportedHandler<Env>;`,
            },
            {
              messageId: 'awaitInPlace',
              output: `async function work(): Promise<void> { await null; }
export default {
  async fetch(request, env, ctx) {
    await work();
    return new Response('ok');
  },
} satisfies ExportedHandler<Env>;`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
const worker = {
  async fetch(request, env, ctx) {
    work();
    return new Response('ok');
  },
};
export default worker;`,
      errors: [
        {
          messageId: 'handlerEnd',
          line: 4,
          suggestions: [
            {
              messageId: 'useExtender',
              output: `async function work() { await null; }
const worker = {
  async fetch(request, env, ctx) {
    ctx.waitUntil(work());
    return new Response('ok');
  },
};
export default worker;`,
            },
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
const worker = {
  async fetch(request, env, ctx) {
    await work();
    return new Response('ok');
  },
};
export default worker;`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
export default {
  fetch: async (request, env, ctx) => {
    work();
    return new Response('ok');
  },
};`,
      errors: [
        {
          messageId: 'handlerEnd',
          line: 4,
          suggestions: [
            {
              messageId: 'useExtender',
              output: `async function work() { await null; }
export default {
  fetch: async (request, env, ctx) => {
    ctx.waitUntil(work());
    return new Response('ok');
  },
};`,
            },
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
export default {
  fetch: async (request, env, ctx) => {
    await work();
    return new Response('ok');
  },
};`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
export default class extends WorkerEntrypoint {
  async fetch(request) {
    work();
    return new Response('ok');
  }
}`,
      errors: [
        {
          messageId: 'handlerEnd',
          data: { task: 'work()', chain: '', line: 5, partial: '', ...WORKERS, advice: ' Pass it to `this.ctx.waitUntil()` or await it.' },
          line: 4,
          suggestions: [
            {
              messageId: 'useExtender',
              data: { task: 'work()', extender: 'this.ctx.waitUntil' },
              output: `async function work() { await null; }
export default class extends WorkerEntrypoint {
  async fetch(request) {
    this.ctx.waitUntil(work());
    return new Response('ok');
  }
}`,
            },
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
export default class extends WorkerEntrypoint {
  async fetch(request) {
    await work();
    return new Response('ok');
  }
}`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
export default class extends WorkerEntrypoint {
  log() { work(); }
  async fetch(request) {
    this.log();
    return new Response('ok');
  }
}`,
      errors: [
        {
          messageId: 'handlerEnd',
          data: {
            task: 'work()',
            chain: ' (via `log()` → `fetch()`)',
            line: 6,
            partial: '',
            ...WORKERS,
            advice: ' Pass it to `this.ctx.waitUntil()` or await it.',
          },
          line: 3,
          suggestions: [],
        },
      ],
    },

    // ── handler end: service worker ─────────────────────────────────────────────────────────────────
    {
      code: `async function work() { await null; }
self.addEventListener('fetch', (event) => {
  work();
  event.respondWith(new Response('offline'));
});`,
      errors: [
        {
          messageId: 'handlerEnd',
          data: { task: 'work()', chain: '', line: 5, partial: '', ...SERVICE_WORKER },
          line: 3,
          suggestions: [
            {
              messageId: 'useExtender',
              data: { task: 'work()', extender: 'event.waitUntil' },
              output: `async function work() { await null; }
self.addEventListener('fetch', (event) => {
  event.waitUntil(work());
  event.respondWith(new Response('offline'));
});`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
self.onfetch = (event) => {
  work();
};`,
      errors: [
        {
          messageId: 'handlerEnd',
          data: { task: 'work()', chain: '', line: 4, partial: '', ...SERVICE_WORKER },
          line: 3,
          suggestions: [
            {
              messageId: 'useExtender',
              output: `async function work() { await null; }
self.onfetch = (event) => {
  event.waitUntil(work());
};`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
self.addEventListener('push', (event) => {
  const t = work();
  console.log('pushed');
});`,
      errors: [
        {
          messageId: 'handlerEnd',
          line: 3,
          suggestions: [
            {
              messageId: 'useExtender',
              output: `async function work() { await null; }
self.addEventListener('push', (event) => {
  const t = work();
  console.log('pushed');
  event.waitUntil(t);
});`,
            },
          ],
        },
      ],
    },

    // ── handler end: Next.js / Vercel ───────────────────────────────────────────────────────────────
    {
      // Next.js 16's proxy: its \`NextFetchEvent\` has \`waitUntil()\`.
      filename: 'src/proxy.ts',
      code: `import { NextResponse, type NextFetchEvent, type NextRequest } from 'next/server';
async function logVisit(url: string) { await null; }
export function proxy(request: NextRequest, event: NextFetchEvent) {
  logVisit(request.url);
  return NextResponse.next();
}`,
      errors: [
        {
          messageId: 'handlerEnd',
          data: { task: 'logVisit(request.url)', chain: '', line: 5, partial: '', ...NEXT_PROXY, advice: ' Pass it to `event.waitUntil()` or await it.' },
          line: 4,
          suggestions: [
            {
              messageId: 'useExtender',
              output: `import { NextResponse, type NextFetchEvent, type NextRequest } from 'next/server';
async function logVisit(url: string) { await null; }
export function proxy(request: NextRequest, event: NextFetchEvent) {
  event.waitUntil(logVisit(request.url));
  return NextResponse.next();
}`,
            },
          ],
        },
      ],
    },
    {
      // Its name before Next.js 16, default-exported, with only a \`config\` to say it is Next.js's.
      filename: 'middleware.js',
      code: `async function logVisit(url) { await null; }
export default async function middleware(request) {
  void logVisit(request.url);
  return new Response(null, { headers: { 'x-middleware-next': '1' } });
}
export const config = { matcher: '/app/:path*' };`,
      errors: [
        {
          messageId: 'handlerEnd',
          data: {
            task: 'logVisit(request.url)',
            chain: '',
            line: 4,
            partial: '',
            ...NEXT_PROXY,
            advice: ' Pass it to `after()` from `next/server` or await it.',
          },
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function logVisit(url) { await null; }
export default async function middleware(request) {
  await logVisit(request.url);
  return new Response(null, { headers: { 'x-middleware-next': '1' } });
}
export const config = { matcher: '/app/:path*' };`,
            },
          ],
        },
      ],
    },
    {
      filename: 'app/api/users/route.ts',
      code: `async function work() { await null; }
export async function POST(request) {
  work();
  return Response.json({ ok: true });
}`,
      errors: [
        {
          messageId: 'handlerEnd',
          data: { task: 'work()', chain: '', line: 4, partial: '', ...NEXT, advice: ' Pass it to `after()` from `next/server` or await it.' },
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
export async function POST(request) {
  await work();
  return Response.json({ ok: true });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'app/api/users/route.ts',
      code: `import { after } from 'next/server';
async function work() { await null; }
export async function POST(request) {
  work();
  return Response.json({ ok: true });
}`,
      errors: [
        {
          messageId: 'handlerEnd',
          data: { task: 'work()', chain: '', line: 5, partial: '', ...NEXT, advice: ' Pass it to `after()` or await it.' },
          line: 4,
          suggestions: [
            {
              messageId: 'useExtender',
              data: { task: 'work()', extender: 'after' },
              output: `import { after } from 'next/server';
async function work() { await null; }
export async function POST(request) {
  after(() => work());
  return Response.json({ ok: true });
}`,
            },
            {
              messageId: 'awaitInPlace',
              output: `import { after } from 'next/server';
async function work() { await null; }
export async function POST(request) {
  await work();
  return Response.json({ ok: true });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'app/route.ts',
      code: `import { after as later } from 'next/server';
async function work() { await null; }
export async function GET() {
  const t = work();
  return new Response('ok');
}`,
      errors: [
        {
          messageId: 'handlerEnd',
          data: { task: 'work()', chain: '', line: 5, partial: '', ...NEXT, advice: ' Pass it to `later()` or await it.' },
          line: 4,
          suggestions: [
            {
              messageId: 'useExtender',
              output: `import { after as later } from 'next/server';
async function work() { await null; }
export async function GET() {
  const t = work();
  later(() => t);
  return new Response('ok');
}`,
            },
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `import { after as later } from 'next/server';
async function work() { await null; }
export async function GET() {
  const t = work();
  await t;
  return new Response('ok');
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'app/api/users/route.ts',
      code: `import { waitUntil } from '@vercel/functions';
async function work() { await null; }
export async function GET(request) {
  work();
  return Response.json({ ok: true });
}`,
      errors: [
        {
          messageId: 'handlerEnd',
          data: { task: 'work()', chain: '', line: 5, partial: '', ...NEXT, advice: ' Pass it to `waitUntil()` or await it.' },
          line: 4,
          suggestions: [
            {
              messageId: 'useExtender',
              output: `import { waitUntil } from '@vercel/functions';
async function work() { await null; }
export async function GET(request) {
  waitUntil(work());
  return Response.json({ ok: true });
}`,
            },
            {
              messageId: 'awaitInPlace',
              output: `import { waitUntil } from '@vercel/functions';
async function work() { await null; }
export async function GET(request) {
  await work();
  return Response.json({ ok: true });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'pages/api/hello.ts',
      code: `async function work() { await null; }
export default async function hello(req, res) {
  work();
  return res.status(200).json({ ok: true });
}`,
      errors: [
        {
          messageId: 'handlerEnd',
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
export default async function hello(req, res) {
  await work();
  return res.status(200).json({ ok: true });
}`,
            },
          ],
        },
      ],
    },

    // ── handler end: Netlify ────────────────────────────────────────────────────────────────────────
    {
      filename: 'netlify/functions/signup.ts',
      code: `import type { Context } from '@netlify/functions';
async function sendWelcome(email: string) { await null; }
export default async (request: Request, context: Context) => {
  const { email } = await request.json();
  sendWelcome(email);
  return new Response('ok');
};`,
      errors: [
        {
          messageId: 'handlerEnd',
          data: { task: 'sendWelcome(email)', chain: '', line: 6, partial: '', ...NETLIFY, advice: ' Pass it to `context.waitUntil()` or await it.' },
          line: 5,
          suggestions: [
            {
              messageId: 'useExtender',
              output: `import type { Context } from '@netlify/functions';
async function sendWelcome(email: string) { await null; }
export default async (request: Request, context: Context) => {
  const { email } = await request.json();
  context.waitUntil(sendWelcome(email));
  return new Response('ok');
};`,
            },
            {
              messageId: 'awaitInPlace',
              output: `import type { Context } from '@netlify/functions';
async function sendWelcome(email: string) { await null; }
export default async (request: Request, context: Context) => {
  const { email } = await request.json();
  await sendWelcome(email);
  return new Response('ok');
};`,
            },
          ],
        },
      ],
    },
    {
      // An edge function that does not take the context: await it.
      filename: 'netlify/edge-functions/track.js',
      code: `async function track(url) { await null; }
export default async function (request) {
  void track(request.url);
  return new Response('ok');
}`,
      errors: [
        {
          messageId: 'handlerEnd',
          data: { task: 'track(request.url)', chain: '', line: 4, partial: '', ...NETLIFY, advice: ' Await it before the handler returns.' },
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function track(url) { await null; }
export default async function (request) {
  await track(request.url);
  return new Response('ok');
}`,
            },
          ],
        },
      ],
    },

    // ── handler end: Firebase / Google Cloud Functions ──────────────────────────────────────────────
    {
      // `res.send()` ends the invocation, even with more code after it.
      code: `import { onRequest } from 'firebase-functions/v2/https';
async function work() { await null; }
export const api = onRequest(async (req, res) => {
  work();
  res.send('ok');
  await work();
});`,
      errors: [
        {
          messageId: 'handlerEnd',
          data: { task: 'work()', chain: '', line: 5, partial: '', ...CLOUD_FUNCTIONS, moment: 'sends its response' },
          line: 4,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `import { onRequest } from 'firebase-functions/v2/https';
async function work() { await null; }
export const api = onRequest(async (req, res) => {
  await work();
  res.send('ok');
  await work();
});`,
            },
          ],
        },
      ],
    },
    {
      code: `import { onRequest } from 'firebase-functions/v2/https';
async function work() { await null; }
export const api = onRequest(async (req, res) => {
  work();
});`,
      errors: [
        {
          messageId: 'handlerEnd',
          data: { task: 'work()', chain: '', line: 5, partial: '', ...CLOUD_FUNCTIONS },
          line: 4,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `import { onRequest } from 'firebase-functions/v2/https';
async function work() { await null; }
export const api = onRequest(async (req, res) => {
  await work();
});`,
            },
          ],
        },
      ],
    },
    {
      code: `const functions = require('@google-cloud/functions-framework');
async function work() { await null; }
functions.http('hello', async (req, res) => {
  work();
  res.status(200).send('ok');
});`,
      errors: [
        {
          messageId: 'handlerEnd',
          data: { task: 'work()', chain: '', line: 5, partial: '', ...CLOUD_FUNCTIONS, moment: 'sends its response' },
          line: 4,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `const functions = require('@google-cloud/functions-framework');
async function work() { await null; }
functions.http('hello', async (req, res) => {
  await work();
  res.status(200).send('ok');
});`,
            },
          ],
        },
      ],
    },
    {
      code: `import * as functions from '@google-cloud/functions-framework';
async function work() { await null; }
functions.http('hello', async (req, res) => {
  work();
  res.send('ok');
});`,
      errors: [
        {
          messageId: 'handlerEnd',
          line: 4,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `import * as functions from '@google-cloud/functions-framework';
async function work() { await null; }
functions.http('hello', async (req, res) => {
  await work();
  res.send('ok');
});`,
            },
          ],
        },
      ],
    },

    // ── handler end: `handlerExports` ───────────────────────────────────────────────────────────────
    {
      code: `async function work() { await null; }
export async function main(event) {
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
              output: `async function work() { await null; }
export async function main(event) {
  await work();
  return 1;
}`,
            },
          ],
        },
      ],
    },

    // ── test end: node:test subtests ────────────────────────────────────────────────────────────────
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

    // ── test end ────────────────────────────────────────────────────────────────────────────────────
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

    // ── resource close ──────────────────────────────────────────────────────────────────────────────
    {
      code: `async function work(db) { await null; }
async function main(db) {
  const t = work(db);
  db.close();
  await t;
}`,
      errors: [
        {
          messageId: 'resourceClose',
          data: closeData('work(db)', 'db.close()', 4, 'db'),
          line: 3,
          column: 13,
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              data: { task: 'work(db)', handle: 't', line: 4 },
              output: `async function work(db) { await null; }
async function main(db) {
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
      code: `async function save(db) { await null; }
async function main(db) {
  save(db);
  await db.end();
}`,
      errors: [
        {
          messageId: 'resourceClose',
          data: closeData('save(db)', 'db.end()', 4, 'db'),
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function save(db) { await null; }
async function main(db) {
  await save(db);
  await db.end();
}`,
            },
          ],
        },
      ],
    },
    {
      code: `async function save(db) { await null; }
async function main(db) {
  try {
    save(db);
  } finally {
    db.close();
  }
}`,
      errors: [{ messageId: 'resourceClose', data: closeData('save(db)', 'db.close()', 6, 'db'), line: 4, suggestions: [] }],
    },
    {
      code: `async function save2(r) { await null; }
async function destroy(r) { save2(r); r.destroy(); }
async function disconnect(r) { save2(r); r.disconnect(); }
async function release(r) { save2(r); r.release(); }
async function quit(r) { save2(r); r.quit(); }
async function terminate(r) { save2(r); r.terminate(); }
async function dispose(r) { save2(r); r.dispose(); }`,
      errors: [
        {
          messageId: 'resourceClose',
          data: closeData('save2(r)', 'r.destroy()', 2, 'r'),
          line: 2,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function save2(r) { await null; }
async function destroy(r) { await save2(r); r.destroy(); }
async function disconnect(r) { save2(r); r.disconnect(); }
async function release(r) { save2(r); r.release(); }
async function quit(r) { save2(r); r.quit(); }
async function terminate(r) { save2(r); r.terminate(); }
async function dispose(r) { save2(r); r.dispose(); }`,
            },
          ],
        },
        {
          messageId: 'resourceClose',
          data: closeData('save2(r)', 'r.disconnect()', 3, 'r'),
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function save2(r) { await null; }
async function destroy(r) { save2(r); r.destroy(); }
async function disconnect(r) { await save2(r); r.disconnect(); }
async function release(r) { save2(r); r.release(); }
async function quit(r) { save2(r); r.quit(); }
async function terminate(r) { save2(r); r.terminate(); }
async function dispose(r) { save2(r); r.dispose(); }`,
            },
          ],
        },
        {
          messageId: 'resourceClose',
          data: closeData('save2(r)', 'r.release()', 4, 'r'),
          line: 4,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function save2(r) { await null; }
async function destroy(r) { save2(r); r.destroy(); }
async function disconnect(r) { save2(r); r.disconnect(); }
async function release(r) { await save2(r); r.release(); }
async function quit(r) { save2(r); r.quit(); }
async function terminate(r) { save2(r); r.terminate(); }
async function dispose(r) { save2(r); r.dispose(); }`,
            },
          ],
        },
        {
          messageId: 'resourceClose',
          data: closeData('save2(r)', 'r.quit()', 5, 'r'),
          line: 5,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function save2(r) { await null; }
async function destroy(r) { save2(r); r.destroy(); }
async function disconnect(r) { save2(r); r.disconnect(); }
async function release(r) { save2(r); r.release(); }
async function quit(r) { await save2(r); r.quit(); }
async function terminate(r) { save2(r); r.terminate(); }
async function dispose(r) { save2(r); r.dispose(); }`,
            },
          ],
        },
        {
          messageId: 'resourceClose',
          data: closeData('save2(r)', 'r.terminate()', 6, 'r'),
          line: 6,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function save2(r) { await null; }
async function destroy(r) { save2(r); r.destroy(); }
async function disconnect(r) { save2(r); r.disconnect(); }
async function release(r) { save2(r); r.release(); }
async function quit(r) { save2(r); r.quit(); }
async function terminate(r) { await save2(r); r.terminate(); }
async function dispose(r) { save2(r); r.dispose(); }`,
            },
          ],
        },
        {
          messageId: 'resourceClose',
          data: closeData('save2(r)', 'r.dispose()', 7, 'r'),
          line: 7,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function save2(r) { await null; }
async function destroy(r) { save2(r); r.destroy(); }
async function disconnect(r) { save2(r); r.disconnect(); }
async function release(r) { save2(r); r.release(); }
async function quit(r) { save2(r); r.quit(); }
async function terminate(r) { save2(r); r.terminate(); }
async function dispose(r) { await save2(r); r.dispose(); }`,
            },
          ],
        },
      ],
    },
    {
      code: `async function save(pool) { await null; }
class Repository {
  async stop() {
    save(this.pool);
    await this.pool.end();
  }
}`,
      errors: [
        {
          messageId: 'resourceClose',
          data: closeData('save(this.pool)', 'this.pool.end()', 5, 'this.pool'),
          line: 4,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function save(pool) { await null; }
class Repository {
  async stop() {
    await save(this.pool);
    await this.pool.end();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      code: `async function save(db) { await null; }
function start(db) { save(db); }
async function main(db) {
  start(db);
  db.close();
}`,
      errors: [
        { messageId: 'resourceClose', data: closeData('save(db)', 'db.close()', 5, 'db', { chain: ' (via `start()` → `main()`)' }), line: 2, suggestions: [] },
      ],
    },
    {
      code: `async function save(conn) { await null; }
async function main(conns) {
  for (const conn of conns) {
    save(conn);
    conn.release();
  }
}`,
      errors: [
        {
          messageId: 'resourceClose',
          data: closeData('save(conn)', 'conn.release()', 5, 'conn'),
          line: 4,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function save(conn) { await null; }
async function main(conns) {
  for (const conn of conns) {
    await save(conn);
    conn.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // Draining another resource does not cancel the close.
      code: `async function save(queue) { await null; }
async function main(queue, other) {
  save(queue);
  queue.close();
  await other.onIdle();
}`,
      errors: [
        {
          messageId: 'resourceClose',
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function save(queue) { await null; }
async function main(queue, other) {
  await save(queue);
  queue.close();
  await other.onIdle();
}`,
            },
          ],
        },
      ],
    },
    {
      code: `async function save(r) { await null; }
async function main() {
  using r = open();
  save(r);
}`,
      errors: [
        {
          messageId: 'resourceDispose',
          line: 4,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function save(r) { await null; }
async function main() {
  using r = open();
  await save(r);
}`,
            },
          ],
        },
      ],
    },
    {
      code: `async function save(r) { await null; }
async function main() {
  await using r = open();
  const t = save(r);
  console.log('saving');
}`,
      errors: [
        {
          messageId: 'resourceDispose',
          line: 4,
          column: 13,
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `async function save(r) { await null; }
async function main() {
  await using r = open();
  const t = save(r);
  console.log('saving');
  await t;
}`,
            },
          ],
        },
      ],
    },

    // ── options ─────────────────────────────────────────────────────────────────────────────────────
    {
      code: `async function save(db) { await null; }
async function main(db) {
  save(db);
  db.shutdown();
}`,
      options: [{ closeMethods: ['shutdown'] }],
      errors: [
        {
          messageId: 'resourceClose',
          data: closeData('save(db)', 'db.shutdown()', 4, 'db'),
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function save(db) { await null; }
async function main(db) {
  await save(db);
  db.shutdown();
}`,
            },
          ],
        },
      ],
    },
    {
      code: `async function main(db) {
  db.query('select 1');
  db.close();
}`,
      options: [{ promiseFunctions: ['query'] }],
      errors: [
        {
          messageId: 'resourceClose',
          data: closeData("db.query('select 1')", 'db.close()', 3, 'db'),
          line: 2,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function main(db) {
  await db.query('select 1');
  db.close();
}`,
            },
          ],
        },
      ],
    },
    {
      code: `function main() {
  sendMetrics();
  process.exit(0);
}`,
      options: [{ promiseFunctions: ['sendMetrics'] }],
      errors: [{ messageId: 'exit', data: exitData('sendMetrics()', 'process.exit(0)', 3), line: 2, suggestions: [] }],
    },
    {
      code: `function main(client) {
  client.flush();
  process.exit(0);
}`,
      options: [{ promiseFunctions: ['client.flush'] }],
      errors: [{ messageId: 'exit', data: exitData('client.flush()', 'process.exit(0)', 3), line: 2, suggestions: [] }],
    },
    {
      code: `import { send } from '@acme/metrics';
function main() {
  send();
  process.exit(0);
}`,
      options: [{ promiseFunctions: [{ from: 'package', package: '@acme/metrics', name: 'send' }] }],
      errors: [{ messageId: 'exit', data: exitData('send()', 'process.exit(0)', 4), line: 3, suggestions: [] }],
    },
    {
      code: `async function work() { await null; }
function main() {
  work();
  shutdown();
}`,
      options: [{ exitFunctions: ['shutdown'] }],
      errors: [{ messageId: 'exit', data: exitData('work()', 'shutdown()', 4), line: 3, suggestions: [] }],
    },
    {
      code: `import exit from 'exit';
async function work() { await null; }
function main() {
  work();
  exit(1);
}`,
      options: [{ exitFunctions: [{ from: 'package', package: 'exit', name: 'default' }] }],
      errors: [{ messageId: 'exit', data: exitData('work()', 'exit(1)', 5), line: 4, suggestions: [] }],
    },
    {
      // Only the listed call is known safe.
      code: `async function work() { await null; }
async function track() { await null; }
function main() {
  track();
  work();
  process.exit(0);
}`,
      options: [{ allowForKnownSafeCalls: ['track'] }],
      errors: [{ messageId: 'exit', data: exitData('work()', 'process.exit(0)', 6), line: 5, suggestions: [] }],
    },
  ],
};

import type rule from '../../../rules/no-starved-promise';
import type { Section } from '../cases';
import { ATOMICS, CHILD, BUSY, BRIDGE, WAIT, starved } from './messages';

/*
 * What is a task and how it is left pending: pure waits, the floating kinds, tasks handed on, promise
 * sources without types, tasks only the checker sees, and the known-safe options.
 *
 * Most cases define `async function work() { await null; }` on line 1 (or line 2, after an import): a
 * same-file async function that awaits, so each call to it is a task. Cases that start with
 * `declare function load(): Promise<void>;` have a task only the checker can see.
 */

export const tasks: Section<typeof rule> = {
  name: 'tasks',
  valid: [
    // ── pure waits ───────────────────────────────────────────────────────────────────────────────────
    // A pure wait has no work to starve: blocking only makes it wait longer.
    `function main() {
  new Promise((resolve) => setTimeout(resolve, 100));
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}`,
    `import { once } from 'node:events';
async function main(stream) {
  const closed = once(stream, 'close');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  await closed;
}`,
    // An already settled promise has nothing left to run.
    `function main() {\n  Promise.resolve(1);\n  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);\n}`,

    // ── not a task (without type information) ────────────────────────────────────────────────────────
    `async function quick() { return 1; }
function main() {
  quick();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}`,
    `import { flushMetrics } from '@acme/metrics';
function main() {
  flushMetrics();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}`,

    // ── not a task, as the checker says ──────────────────────────────────────────────────────────────
    `declare function load(): void;
function main(): void {
  load();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}`,
    // An async function that never awaits has done its work when the call returns.
    `const noop = async (): Promise<void> => {};
function main(): void {
  noop();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}`,

    // ── options ──────────────────────────────────────────────────────────────────────────────────────
    {
      code: `async function work() { await null; }
function main() {
  work();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}`,
      options: [{ allowForKnownSafeCalls: ['work'] }],
    },
    {
      code: `import { execSync } from 'node:child_process';
async function work() { await null; }
function main() {
  void work();
  execSync('make');
}`,
      options: [{ allowForKnownSafeCalls: [{ from: 'file', name: 'work' }] }],
    },
    {
      code: `import { flushMetrics } from '@acme/metrics';
function main() {
  flushMetrics();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}`,
      options: [
        {
          promiseFunctions: [{ from: 'package', package: '@acme/metrics', name: 'flushMetrics' }],
          allowForKnownSafeCalls: [{ from: 'package', package: '@acme/metrics', name: 'flushMetrics' }],
        },
      ],
    },
    {
      code: `declare function load(): Promise<void>;
function main(): void {
  load();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}`,
      options: [{ allowForKnownSafeCalls: [{ from: 'file', name: 'load' }] }],
    },
    {
      code: `import { execSync } from 'node:child_process';
declare function load(): Promise<void>;
function main(): void {
  void load();
  execSync('make');
}`,
      options: [{ allowForKnownSafeCalls: ['load'] }],
    },
    {
      code: `type Detached = Promise<void> & { readonly detached: true };
declare function startDetached(): Detached;
function main(): void {
  startDetached();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}`,
      options: [{ allowForKnownSafePromises: [{ from: 'file', name: 'Detached' }] }],
    },
  ],
  invalid: [
    // ── the ways a task is left pending ──────────────────────────────────────────────────────────────
    {
      code: `import { execFileSync } from 'child_process';
async function work() { await null; }
function main() {
  void work();
  execFileSync('ls');
}`,
      errors: [{ messageId: 'starved', line: 4, column: 8, endColumn: 14, data: starved('work()', "execFileSync('ls')", 5, CHILD) }],
    },
    {
      code: `async function work() { await null; }
function main() {
  work().catch(console.error);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}`,
      errors: [{ messageId: 'starved', line: 3, column: 3, endColumn: 9, data: starved('work()', WAIT, 4, ATOMICS, { ms: 300 }) }],
    },
    {
      code: `async function work() { await null; }
function main() {
  work().then(() => console.log('done'));
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', WAIT, 4, ATOMICS, { ms: 300 }) }],
    },
    {
      code: `async function work() { await null; }
function main() {
  work().then(console.log, console.error);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', WAIT, 4, ATOMICS, { ms: 300 }) }],
    },
    {
      code: `async function work() { await null; }
function main() {
  work().finally(() => console.log('done'));
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', WAIT, 4, ATOMICS, { ms: 300 }) }],
    },
    {
      // A handle returned after the blocking: the task is pending while the loop is held.
      code: `import cp from 'node:child_process';
async function work() { await null; }
function main() {
  const t = work();
  cp.execSync('make');
  return t;
}`,
      errors: [{ messageId: 'starved', line: 4, column: 13, endColumn: 19, data: starved('work()', "cp.execSync('make')", 5, CHILD) }],
    },
    {
      code: `async function work() { await null; }
function main() {
  let t;
  t = work();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
  return t;
}`,
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', WAIT, 5, ATOMICS, { ms: 300 }) }],
    },
    {
      code: `async function work() { await null; }
function main() {
  const a = work();
  const b = work();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
  return Promise.all([a, b]);
}`,
      errors: [
        { messageId: 'starved', line: 3, data: starved('work()', WAIT, 5, ATOMICS, { ms: 300 }) },
        { messageId: 'starved', line: 4, data: starved('work()', WAIT, 5, ATOMICS, { ms: 300 }) },
      ],
    },
    {
      // Each task is reported once, at the first blocking it meets.
      code: `async function work() { await null; }
function main() {
  const t = work();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
  return t;
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', WAIT, 4, ATOMICS, { ms: 300 }) }],
    },
    {
      code: `async function work() { await null; }
export default function main() {
  const all = Promise.all([work(), work()]);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
  return all;
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('Promise.all([work(), work()])', WAIT, 4, ATOMICS, { ms: 10 }) }],
    },
    {
      // Returned, but the \`finally\` block blocks before the caller can wait for it.
      code: `import { execSync } from 'node:child_process';
async function work() { await null; }
function build() {
  try {
    return work();
  } finally {
    execSync('make');
  }
}`,
      errors: [{ messageId: 'starved', line: 5, data: starved('work()', "execSync('make')", 7, CHILD) }],
    },

    // ── tasks handed on are started all the same ─────────────────────────────────────────────────────
    {
      code: `import { execSync } from 'node:child_process';
async function upload(file) { await null; }
async function release(files) {
  const uploads = [];
  for (const file of files) uploads.push(upload(file));
  execSync('npm run build');
  await Promise.all(uploads);
}`,
      errors: [{ messageId: 'starved', line: 5, column: 42, endColumn: 54, data: starved('upload(file)', "execSync('npm run build')", 6, CHILD) }],
    },
    {
      code: `import { execSync } from 'node:child_process';
async function work() { await null; }
async function main() {
  const pending = [work(), work()];
  execSync('make');
  await Promise.all(pending);
}`,
      errors: [
        { messageId: 'starved', line: 4, column: 20, data: starved('work()', "execSync('make')", 5, CHILD) },
        { messageId: 'starved', line: 4, column: 28, data: starved('work()', "execSync('make')", 5, CHILD) },
      ],
    },
    {
      // A handle passed on: the callee holds it now, and it still waits for the blocking.
      code: `import { execSync } from 'node:child_process';
async function work() { await null; }
function main(track) {
  const t = work();
  track(t);
  execSync('make');
}`,
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "execSync('make')", 6, CHILD) }],
    },
    {
      // The elements of a joiner are its own task: one report, not three.
      code: `import { execSync } from 'node:child_process';
async function work() { await null; }
async function main() {
  const all = Promise.all([work(), work()]);
  execSync('make');
  await all;
}`,
      errors: [{ messageId: 'starved', line: 4, data: starved('Promise.all([work(), work()])', "execSync('make')", 5, CHILD) }],
    },

    // ── promise sources without types ────────────────────────────────────────────────────────────────
    {
      code: `function main() {
  new Promise((resolve) => setTimeout(resolve, 100)).then(() => console.log('later'));
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}`,
      errors: [{ messageId: 'starved', line: 2, data: starved('new Promise(…)', WAIT, 3, ATOMICS, { ms: 300 }) }],
    },
    {
      code: `import { execSync } from 'node:child_process';
function main() {
  fetch('https://example.com/ping', { method: 'POST' });
  execSync('make');
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('fetch(…)', "execSync('make')", 4, CHILD) }],
    },
    {
      code: `import { spawnSync } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
function main() {
  delay(100).then(() => console.log('later'));
  spawnSync('sleep', ['1']);
}`,
      errors: [{ messageId: 'starved', line: 4, data: starved('delay(100)', "spawnSync('sleep', ['1'])", 5, CHILD) }],
    },
    {
      code: `import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
function main() {
  const text = readFile('config.json', 'utf8');
  spawnSync('sleep', ['1']);
  return text;
}`,
      errors: [{ messageId: 'starved', line: 4, data: starved("readFile('config.json', 'utf8')", "spawnSync('sleep', ['1'])", 5, CHILD) }],
    },
    {
      code: `import { flushMetrics } from '@acme/metrics';
function main() {
  flushMetrics();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}`,
      options: [{ promiseFunctions: [{ from: 'package', package: '@acme/metrics', name: 'flushMetrics' }] }],
      errors: [{ messageId: 'starved', line: 3, data: starved('flushMetrics()', WAIT, 4, ATOMICS, { ms: 300 }) }],
    },
    {
      code: `declare function sendLater(): unknown;
function main() {
  sendLater();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}`,
      options: [{ promiseFunctions: ['sendLater'] }],
      errors: [{ messageId: 'starved', line: 3, data: starved('sendLater()', WAIT, 4, ATOMICS, { ms: 300 }) }],
    },

    // ── tasks only the checker can see ───────────────────────────────────────────────────────────────
    {
      code: `declare function load(): Promise<void>;
function main(): void {
  load();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}`,
      errors: [{ messageId: 'starved', line: 3, column: 3, endColumn: 9, data: starved('load()', WAIT, 4, ATOMICS, { ms: 300 }) }],
    },
    {
      code: `declare function load(): Promise<void>;
function main(): void {
  load();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('load()', WAIT, 4, ATOMICS) }],
    },
    {
      code: `interface Db { query(sql: string): Promise<unknown[]> }
function main(db: Db): Promise<unknown[]> {
  const rows = db.query('select 1');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
  return rows;
}`,
      errors: [{ messageId: 'starved', line: 3, column: 16, endColumn: 36, data: starved("db.query('select 1')", WAIT, 4, ATOMICS, { ms: 300 }) }],
    },
    {
      code: `declare function load(): PromiseLike<void>;
function main(): void {
  load();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('load()', WAIT, 4, ATOMICS, { ms: 300 }) }],
    },
    {
      code: `interface Job extends PromiseLike<void> { id: string }
declare function schedule(): Job;
function main(): Job {
  const job = schedule();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
  return job;
}`,
      errors: [{ messageId: 'starved', line: 4, data: starved('schedule()', WAIT, 5, ATOMICS, { ms: 300 }) }],
    },
    {
      code: `import { execSync } from 'node:child_process';
declare function upload(body: string): Promise<Response>;
function main(): void {
  void upload('x');
  execSync('make');
}`,
      errors: [{ messageId: 'starved', line: 4, column: 8, endColumn: 19, data: starved("upload('x')", "execSync('make')", 5, CHILD) }],
    },
    {
      code: `import fsp from 'node:fs/promises';
import { execSync } from 'node:child_process';
function main(): void {
  fsp.writeFile('out.txt', 'x');
  execSync('make');
}`,
      errors: [{ messageId: 'starved', line: 4, data: starved("fsp.writeFile('out.txt', 'x')", "execSync('make')", 5, CHILD) }],
    },
    {
      code: `import { execSync } from 'node:child_process';
declare const queue: { add(fn: () => Promise<void>): Promise<void> };
function main(): void {
  queue.add(async () => {});
  execSync('make');
}`,
      errors: [{ messageId: 'starved', line: 4, data: starved('queue.add(async () => {})', "execSync('make')", 5, CHILD) }],
    },
    {
      code: `declare function retry<T>(fn: () => Promise<T>): Promise<T>;
declare function load(): Promise<string>;
function main(): void {
  retry(load).then((text) => console.log(text));
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}`,
      errors: [{ messageId: 'starved', line: 4, data: starved('retry(load)', WAIT, 5, ATOMICS, { ms: 300 }) }],
    },
    {
      code: `interface Client { refresh(): Promise<void> }
class Service {
  constructor(private readonly client: Client) {}
  start(): void {
    this.client.refresh();
    const start = Date.now();
    while (Date.now() - start < 25) {}
  }
}`,
      errors: [{ messageId: 'starved', line: 5, data: starved('this.client.refresh()', 'Date.now() - start < 25', 7, BUSY, { ms: 25 }) }],
    },
    {
      code: `declare function load(): Promise<void>;
function main() {
  load();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('load()', WAIT, 4, ATOMICS, { ms: 300 }) }],
    },

    // ── a typed task, and each kind of blocker ───────────────────────────────────────────────────────
    {
      code: `import { spawnSync } from 'node:child_process';
declare function load(): Promise<void>;
function main(): void {
  load().catch(console.error);
  spawnSync('sleep', ['1']);
}`,
      errors: [{ messageId: 'starved', line: 4, data: starved('load()', "spawnSync('sleep', ['1'])", 5, CHILD) }],
    },
    {
      code: `declare function load(): Promise<void>;
declare function other(): Promise<void>;
async function main(): Promise<void> {
  const t = load();
  await other();
  const start = new Date();
  do {} while (new Date().getTime() - start.getTime() < 60);
  await t;
}`,
      errors: [{ messageId: 'starved', line: 4, data: starved('load()', 'new Date().getTime() - start.getTime() < 60', 7, BUSY, { ms: 60 }) }],
    },
    {
      code: `import fetchSync from 'sync-fetch';
declare function load(): Promise<void>;
function main(): unknown {
  load();
  return fetchSync('https://example.com');
}`,
      errors: [{ messageId: 'starved', line: 4, data: starved('load()', "fetchSync('https://example.com')", 5, BRIDGE) }],
    },

    // ── options that do not match ────────────────────────────────────────────────────────────────────
    {
      code: `type Detached = Promise<void> & { readonly detached: true };
declare function load(): Promise<void>;
function main(): void {
  load();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}`,
      options: [{ allowForKnownSafePromises: [{ from: 'file', name: 'Detached' }] }],
      errors: [{ messageId: 'starved', line: 4, data: starved('load()', WAIT, 5, ATOMICS, { ms: 300 }) }],
    },
    {
      code: `declare function load(): Promise<void>;
declare function ping(): Promise<void>;
function main(): void {
  load();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}`,
      options: [{ allowForKnownSafeCalls: ['ping'] }],
      errors: [{ messageId: 'starved', line: 4, data: starved('load()', WAIT, 5, ATOMICS, { ms: 300 }) }],
    },
  ],
};

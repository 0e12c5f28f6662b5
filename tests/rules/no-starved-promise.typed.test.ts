import rule from '../../rules/no-starved-promise';
import { createTypedRuleTester } from '../rule-tester';
import { ATOMICS, CHILD, BUSY, BRIDGE, FS, CONFIGURED, WAIT, starved } from './no-starved-promise.messages';

/*
 * `promise-lifetime/no-starved-promise` with type information: the TypeScript checker decides what is a
 * thenable, so declared functions, interface methods and thenables are tasks too, and
 * `allowForKnownSafePromises` can name types. Blocking is recognised as without types. Each case is
 * linted as `tests/fixtures/typed/file.ts`.
 *
 * Most cases start with `declare function load(): Promise<void>;`, a task only the checker can see
 * (the untyped suite has the same declaration among its valid cases).
 */

const ruleTester = createTypedRuleTester();

ruleTester.run('no-starved-promise (typed)', rule, {
  valid: [
    // ── joined before the blocking ──────────────────────────────────────────────────────────────────
    `declare function load(): Promise<void>;
async function main(): Promise<void> {
  await load();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}`,
    `import { execSync } from 'node:child_process';
declare function load(): Promise<void>;
async function main(): Promise<void> {
  const t = load();
  await t;
  execSync('make');
}`,
    `import { spawnSync } from 'node:child_process';
declare function load(): Promise<void>;
async function main(): Promise<void> {
  await Promise.all([load(), load()]);
  spawnSync('make');
}`,
    `import { execSync } from 'node:child_process';
interface Db { query(sql: string): Promise<unknown[]> }
async function main(db: Db): Promise<void> {
  const rows = await db.query('select 1');
  execSync('make');
  console.log(rows);
}`,
    `declare function load(): Promise<void>;
async function main(flag: boolean): Promise<void> {
  const t = load();
  if (flag) {
    await t;
  } else {
    await t;
  }
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}`,

    // ── blocking before the task starts, or in a callback that runs later ───────────────────────────
    `declare function load(): Promise<void>;
function main(): Promise<void> {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
  return load();
}`,
    `declare function load(): Promise<number>;
function main(): void {
  const view = new Int32Array(new SharedArrayBuffer(4));
  load().then((n) => Atomics.wait(view, 0, 0, n));
}`,
    `import { exec, execSync } from 'node:child_process';
declare function load(): Promise<void>;
function main(): void {
  load().then(() => execSync('make'));
  exec('make');
}`,

    // ── loops that await ────────────────────────────────────────────────────────────────────────────
    `declare function load(): Promise<void>;
async function main(): Promise<void> {
  const t = load();
  const started = Date.now();
  while (Date.now() - started < 10) {
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await t;
}`,

    // ── not a task ──────────────────────────────────────────────────────────────────────────────────
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

    // ── not blocking ────────────────────────────────────────────────────────────────────────────────
    `import { readFileSync } from 'node:fs';
declare function load(): Promise<void>;
function main(): Promise<void> {
  const t = load();
  readFileSync('config.json');
  return t;
}`,

    // ── options ─────────────────────────────────────────────────────────────────────────────────────
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
    // ── tasks only the checker can see ──────────────────────────────────────────────────────────────
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

    // ── every blocker kind, with a typed task ───────────────────────────────────────────────────────
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
    {
      code: `import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
function main(): Promise<unknown> {
  const a = readFile('a.txt');
  const b = readFileSync('b.txt');
  return Promise.all([a, b]);
}`,
      options: [{ fsSync: true }],
      errors: [{ messageId: 'starved', line: 4, data: starved("readFile('a.txt')", "readFileSync('b.txt')", 5, FS) }],
    },
    {
      code: `declare function load(): Promise<void>;
declare function computeHashSync(input: string): string;
function main(): void {
  load();
  computeHashSync('x');
}`,
      options: [{ blockingFunctions: ['computeHashSync'] }],
      errors: [{ messageId: 'starved', line: 4, data: starved('load()', "computeHashSync('x')", 5, CONFIGURED) }],
    },
    {
      code: `import { hashSync } from 'bcrypt';
declare function load(): Promise<void>;
function main(): void {
  void load();
  hashSync('secret', 12);
}`,
      options: [{ blockingFunctions: [{ from: 'package', package: 'bcrypt', name: 'hashSync' }] }],
      errors: [{ messageId: 'starved', line: 4, data: starved('load()', "hashSync('secret', 12)", 5, CONFIGURED) }],
    },

    // ── joined only on some paths ───────────────────────────────────────────────────────────────────
    {
      code: `import { spawnSync } from 'node:child_process';
declare function load(): Promise<void>;
async function main(flag: boolean): Promise<void> {
  const t = load();
  if (flag) await t;
  spawnSync('make');
}`,
      errors: [{ messageId: 'starved', line: 4, data: starved('load()', "spawnSync('make')", 6, CHILD) }],
    },

    // ── same-file helpers and callers ───────────────────────────────────────────────────────────────
    {
      code: `declare function load(): Promise<void>;
class Service {
  private block(): void {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 75);
  }
  run(): void {
    load().catch(() => {});
    this.block();
  }
}`,
      errors: [{ messageId: 'starved', line: 7, data: starved('load()', 'this.block()', 8, ATOMICS, { ms: 75, through: [WAIT, 4] }) }],
    },
    {
      code: `declare const client: { send(data: string): Promise<void> };
const sync = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
export function main(): void {
  client.send('x');
  sync();
}`,
      errors: [{ messageId: 'starved', line: 4, data: starved("client.send('x')", 'sync()', 5, ATOMICS, { ms: 5, through: [WAIT, 2] }) }],
    },
    {
      code: `declare function load(): Promise<void>;
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
export class Poller {
  poll(): void {
    load();
    sleepSync(200);
  }
}`,
      errors: [{ messageId: 'starved', line: 7, data: starved('load()', 'sleepSync(200)', 8, ATOMICS, { through: [WAIT, 3] }) }],
    },
    {
      code: `declare function load(): Promise<void>;
function start(): void {
  load();
}
function main(): void {
  start();
  const t0 = performance.now();
  while (performance.now() - t0 < 100) {}
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('load()', 'performance.now() - t0 < 100', 8, BUSY, { ms: 100, chain: ['start', 'main'] }) }],
    },
    {
      code: `import { execFileSync } from 'node:child_process';
declare function load(): Promise<void>;
async function backgroundTask(): Promise<void> {
  load();
}
export function main(): void {
  void backgroundTask();
  execFileSync('git', ['status']);
}`,
      errors: [{ messageId: 'starved', line: 4, data: starved('load()', "execFileSync('git', ['status'])", 8, CHILD, { chain: ['backgroundTask', 'main'] }) }],
    },
    {
      // The headline example, with type information.
      code: `function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function task(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    console.log(\`Background task iteration \${i}\`);
    await sleep(100);
  }
  console.log('finished');
}

async function backgroundTask(): Promise<void> {
  console.log('a');
  task();
  console.log('b');
}

function main(): void {
  backgroundTask();
  for (let i = 0; i < 3; i++) {
    // Block the thread for 300 ms, as Python's time.sleep() would: no timer callback can run meanwhile.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
    console.log(\`Main program iteration \${i}\`);
  }
  process.exit(0);
}

main();`,
      errors: [
        { messageId: 'starved', line: 15, column: 3, endColumn: 9, data: starved('task()', WAIT, 23, ATOMICS, { ms: 300, chain: ['backgroundTask', 'main'] }) },
      ],
    },

    // ── options that do not match ───────────────────────────────────────────────────────────────────
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
});

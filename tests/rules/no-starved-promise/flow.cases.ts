import type rule from '../../../rules/no-starved-promise';
import type { Section } from '../cases';
import { ATOMICS, CHILD, BUSY, WAIT, starved } from './messages';
import { work } from './snippets';

/*
 * When the blocking meets the task: joined before it, started after it, blocking in a callback that runs
 * later, joined only after it or not on every path, blocking after an `await`, loops, `switch`, generators
 * and the module top level.
 *
 * Most cases define `async function work() { await null; }` on line 1 (or line 2, after an import): a
 * same-file async function that awaits, so each call to it is a task. Cases that start with
 * `declare function load(): Promise<void>;` have a task only the checker can see.
 */

export const flow: Section<typeof rule> = {
  name: 'flow',
  valid: [
    // ── a loop that blocks only while no task runs ───────────────────────────────────────────────────
    // The loop blocks only while no task runs: a turn's task changes the test, so no next turn is known to block it (piscina's worker loop).
    `let active = 0;
async function handle(message) { await null; }
async function onMessage(message) {
  active++;
  await handle(message);
  active--;
}
function loop(buffer, receive) {
  while (active === 0) {
    Atomics.wait(buffer, 0, 0);
    onMessage(receive());
  }
}`,

    // ── joined before the blocking ───────────────────────────────────────────────────────────────────
    `async function work() { await null; }
async function main() {
  await work();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}`,
    `import { execSync } from 'node:child_process';
async function work() { await null; }
async function main() {
  const t = work();
  console.log('started');
  await t;
  execSync('make');
}`,
    `import { spawnSync } from 'node:child_process';
async function work() { await null; }
async function main() {
  const a = work();
  const b = work();
  await Promise.all([a, b]);
  spawnSync('make');
}`,
    `import { execSync } from 'node:child_process';
async function work() { await null; }
async function main() {
  await Promise.allSettled([work(), work()]);
  execSync('make');
}`,
    `import { execSync } from 'node:child_process';
async function work() { await null; }
async function main() {
  const t = work();
  try {
    await t;
  } finally {
    execSync('make');
  }
}`,
    `import { execSync } from 'node:child_process';
async function work() { await null; }
async function main(items: number[]) {
  for (const item of items) {
    await work();
    execSync('make');
  }
}`,
    `async function work() { await null; }
async function main() {
  const t = work();
  await t;
  const start = Date.now();
  while (Date.now() - start < 300) {}
}`,
    {
      code: `import { execSync } from 'node:child_process';
async function work() { await null; }
await work();
execSync('make');`,
      filename: 'file.mjs',
    },
    `async function work() { await null; }
async function backgroundTask() {
  await work();
}
async function main() {
  await backgroundTask();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}`,
    `async function work() { await null; }
function start() {
  return work();
}
async function main() {
  await start();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}`,
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
    // The task has settled when its rejection reaches the handler.
    `import { execSync } from 'node:child_process';\n${work}async function main() {\n  const t = work();\n  try {\n    await t;\n  } catch {\n    execSync('notify');\n  }\n}`,

    // ── handed on or returned, then an await before the blocking ─────────────────────────────────────
    // A task handed on, then an \`await\`: it had its turn, and who holds it now is not known.
    `import { execSync } from 'node:child_process';
async function work() { await null; }
async function main(queue) {
  queue.push(work());
  await queue.flush();
  execSync('make');
}`,
    `import { execSync } from 'node:child_process';
async function work() { await null; }
async function main(items) {
  for await (const item of items) {
    remember(work());
  }
  execSync('make');
}`,
    `import { execSync } from 'node:child_process';
async function work() { await null; }
async function build() {
  try {
    return await work();
  } finally {
    execSync('make');
  }
}`,

    // ── blocking before the task starts ──────────────────────────────────────────────────────────────
    `async function work() { await null; }
function main() {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
  work();
}`,
    `import { execSync } from 'node:child_process';
async function work() { await null; }
function main() {
  execSync('make');
  void work();
}`,
    `async function work() { await null; }
function main() {
  const start = Date.now();
  while (Date.now() - start < 300) {}
  work().catch(console.error);
}`,
    `async function work() { await null; }
function main() {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
  return work();
}`,
    `async function work() { await null; }
function pause() {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}
function main() {
  pause();
  work();
}`,
    `import { execSync } from 'node:child_process';
async function work() { await null; }
function main(fast: boolean) {
  if (fast) {
    work();
  } else {
    execSync('make');
  }
}`,
    `async function work() { await null; }
function main(kind: string) {
  if (kind === 'a') {
    work();
    return;
  }
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
}`,

    // ── the blocking runs later, or never, in a callback ─────────────────────────────────────────────
    `async function work() { await null; }
function main() {
  work();
  setTimeout(() => {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
  }, 0);
}`,
    `async function work() { await null; }
function main() {
  work();
  const pause = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
  return pause;
}`,
    `import { execSync } from 'node:child_process';
async function work() { await null; }
function main() {
  work().then(() => execSync('make'));
}`,
    `async function work() { await null; }
function main() {
  queueMicrotask(() => {
    work();
  });
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}`,
    `async function work() { await null; }
function* pause() {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}
function main() {
  work();
  pause();
}`,
    `import { execSync } from 'node:child_process';
async function work() { await null; }
function start() {
  work();
}
function build() {
  execSync('make');
}`,
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
  ],
  invalid: [
    // Found by differential testing (fuzz/): `notify()` starts once `sync()` resumes from its first `await`,
    // however `main()` then joins `sync()` (here through a handle): `start()` spins before it starts, while
    // `main()` itself is rightly reported.
    {
      code: `async function notify() { await null; }
async function sync() {
  await null;
  notify();
}
async function main() {
  const t = sync();
  await t;
}
function start() {
  main();
  const until = Date.now() + 2;
  while (Date.now() < until) {}
}`,
      errors: [{ messageId: 'starved', line: 11, data: starved('main()', 'Date.now() < until', 13, BUSY) }],
    },
    // Found by differential testing (fuzz/): what an awaited helper leaves pending is there only once the await
    // resumes, so a caller that does not await it is starved at the call, not at the race entries inside.
    {
      code: `async function work() { await null; }
async function race() {
  await null;
  await Promise.race([work(), work()]);
}
async function sync() {
  await race();
  await null;
}
function main() {
  sync();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
}`,
      errors: [{ messageId: 'starved', line: 11, data: starved('sync()', WAIT, 12, ATOMICS, { ms: 10 }) }],
    },
    // ── joined, but only after the blocking (or not on every path) ───────────────────────────────────
    {
      code: `import { execSync } from 'node:child_process';
async function work() { await null; }
async function main() {
  const t = work();
  execSync('make');
  await t;
}`,
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "execSync('make')", 5, CHILD) }],
    },
    {
      code: `async function work() { await null; }
async function main(flag: boolean) {
  const t = work();
  if (flag) await t;
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', WAIT, 5, ATOMICS, { ms: 300 }) }],
    },
    {
      code: `import { execSync } from 'node:child_process';
async function work() { await null; }
async function main() {
  const t = work();
  try {
    execSync('make');
  } finally {
    await t;
  }
}`,
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "execSync('make')", 6, CHILD) }],
    },
    {
      code: `async function work() { await null; }
const main = async () => {
  const t = work();
  const start = Date.now();
  while (Date.now() - start < 40) {}
  await t;
};`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', 'Date.now() - start < 40', 5, BUSY, { ms: 40 }) }],
    },
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

    // ── blocking after an await: the task had a turn, but is still pending ───────────────────────────
    {
      code: `async function work() { await null; }
async function main() {
  const t = work();
  await new Promise((resolve) => setTimeout(resolve, 10));
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
  await t;
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', WAIT, 5, ATOMICS, { ms: 300 }) }],
    },
    {
      code: `import { execSync } from 'node:child_process';
async function work() { await null; }
async function main() {
  await null;
  work();
  execSync('make');
}`,
      errors: [{ messageId: 'starved', line: 5, data: starved('work()', "execSync('make')", 6, CHILD) }],
    },

    // ── control flow ─────────────────────────────────────────────────────────────────────────────────
    {
      // The task of the first iteration is pending when the second one blocks.
      code: `async function work() { await null; }
function main() {
  for (let i = 0; i < 3; i++) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    work();
  }
}`,
      errors: [{ messageId: 'starved', line: 5, data: starved('work()', WAIT, 4, ATOMICS, { ms: 100 }) }],
    },
    {
      code: `import { execSync } from 'node:child_process';
async function work() { await null; }
async function main() {
  const t = work();
  for (let i = 0; i < 2; i++) {
    execSync('make');
    await t;
  }
}`,
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "execSync('make')", 6, CHILD) }],
    },
    {
      code: `async function work() { await null; }
function main(kind: string) {
  work();
  switch (kind) {
    case 'slow':
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
      break;
    default:
      break;
  }
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', WAIT, 6, ATOMICS, { ms: 100 }) }],
    },
    {
      code: `async function work() { await null; }
function* steps() {
  work();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
  yield 1;
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', WAIT, 4, ATOMICS, { ms: 10 }) }],
    },
    {
      code: `async function work() { await null; }
async function* steps() {
  const t = work();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
  yield await t;
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', WAIT, 4, ATOMICS, { ms: 10 }) }],
    },
    {
      // A promise's executor runs before `new Promise` returns.
      code: `import { execSync } from 'node:child_process';\n${work}function main() {\n  work();\n  return new Promise((resolve) => {\n    execSync('make');\n    resolve(undefined);\n  });\n}`,
      errors: [{ messageId: 'starved', line: 5 }],
    },

    // ── module top level: scripts, ES modules, CommonJS ──────────────────────────────────────────────
    {
      code: `async function work() { await null; }
work();
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);`,
      errors: [{ messageId: 'starved', line: 2, data: starved('work()', WAIT, 3, ATOMICS, { ms: 300 }) }],
    },
    {
      code: `import { execSync } from 'node:child_process';
async function work() { await null; }
const t = work();
execSync('make');
await t;`,
      filename: 'file.mjs',
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', "execSync('make')", 4, CHILD) }],
    },
    {
      code: `const { execSync } = require('node:child_process');
async function work() { await null; }
work().catch(console.error);
execSync('make');`,
      filename: 'file.cjs',
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', "execSync('make')", 4, CHILD) }],
    },
  ],
};

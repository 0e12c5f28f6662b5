import path from 'node:path';
import type rule from '../../rules/no-starved-promise';
import type { RunTests } from '@typescript-eslint/rule-tester';
import type { InferMessageIdsTypeFromRule, InferOptionsTypeFromRule } from '@typescript-eslint/utils/eslint-utils';
import { crossModuleDir } from '../rule-tester';
import { ATOMICS, CHILD, BUSY, BRIDGE, FS, CONFIGURED, WAIT, starved } from './no-starved-promise.messages';

/*
 * `promise-lifetime/no-starved-promise` without type information: a task (a promise the code started
 * and has not joined) is reported when its owner, before yielding to the event loop, blocks it with
 * synchronous work: `Atomics.wait()`, child_process's `*Sync` calls, busy-waits on a clock, sync
 * bridges (deasync, synckit, sync-rpc, sync-fetch), `fs` `*Sync` calls with `fsSync: true`, the
 * `blockingFunctions` option, and same-file helpers that do one of these before they first await.
 *
 * Most cases define `async function work() { await null; }` on line 1 (or line 2, after an import):
 * a same-file async function that awaits, so each call to it is a task.
 */

type Cases = RunTests<InferMessageIdsTypeFromRule<typeof rule>, InferOptionsTypeFromRule<typeof rule>>;

export const cases: Cases = {
  valid: [
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
    // ── joined before the blocking ──────────────────────────────────────────────────────────────────
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

    // ── blocking before the task starts ─────────────────────────────────────────────────────────────
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

    // ── the blocking runs later, or never, in a callback ────────────────────────────────────────────
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

    // ── loops that await, or do not wait on a clock ─────────────────────────────────────────────────
    `async function work() { await null; }
async function main() {
  work();
  const start = Date.now();
  while (Date.now() - start < 300) {
    await null;
  }
}`,
    `async function work() { await null; }
async function main() {
  work();
  const start = Date.now();
  for (;;) {
    if (Date.now() - start >= 300) break;
    await new Promise((resolve) => setImmediate(resolve));
  }
}`,
    `async function work() { await null; }
async function main() {
  const t = work();
  const start = performance.now();
  do {
    await new Promise((resolve) => setTimeout(resolve, 10));
  } while (performance.now() - start < 100);
  await t;
}`,
    `async function work() { await null; }
function main(items: string[]) {
  work();
  let i = 0;
  while (i < items.length) {
    console.log(items[i], Date.now());
    i++;
  }
}`,

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
    // ── not blocking ────────────────────────────────────────────────────────────────────────────────
    `import { exec } from 'node:child_process';
async function work() { await null; }
function main() {
  work();
  exec('make');
}`,
    `import { execSync } from './shell.js';
async function work() { await null; }
function main() {
  work();
  execSync('make');
}`,
    `async function work() { await null; }
function execSync(command: string) {
  console.log(command);
}
function main() {
  work();
  execSync('make');
}`,
    `async function work() { await null; }
function main() {
  work();
  Atomics.waitAsync(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}`,
    `async function work() { await null; }
function main(Atomics: { wait(...args: unknown[]): void }) {
  work();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}`,
    `import { readFileSync } from 'node:fs';
async function work() { await null; }
function main() {
  work();
  return readFileSync('config.json', 'utf8');
}`,
    `import * as fs from 'fs';
async function work() { await null; }
function main() {
  work();
  fs.mkdirSync('out', { recursive: true });
}`,
    {
      code: `import { readFile } from 'node:fs/promises';
async function work() { await null; }
function main() {
  work();
  return readFile('config.json', 'utf8');
}`,
      options: [{ fsSync: true }],
    },
    {
      code: `import { readFileSync } from 'node:fs';
async function work() { await null; }
async function main() {
  await work();
  return readFileSync('config.json', 'utf8');
}`,
      options: [{ fsSync: true }],
    },

    // ── not a task (without type information) ───────────────────────────────────────────────────────
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
    `declare function load(): Promise<void>;
function main() {
  load();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}`,

    // ── options ─────────────────────────────────────────────────────────────────────────────────────
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
      code: `import { hashSync } from 'bcryptjs';
async function work() { await null; }
function main() {
  work();
  hashSync('secret', 12);
}`,
      options: [{ blockingFunctions: [{ from: 'package', package: 'bcrypt', name: 'hashSync' }] }],
    },
    {
      code: `async function work() { await null; }
function computeHashSync(input: string) { return input; }
async function main() {
  await work();
  computeHashSync('x');
}`,
      options: [{ blockingFunctions: ['computeHashSync'] }],
    },
    {
      code: `async function work() { await null; }
function computeHashSync(input: string) { return input; }
function main() {
  work();
  computeHashSync('x');
}`,
      options: [{ blockingFunctions: ['otherSync'] }],
    },
  ],

  invalid: [
    // ── Atomics.wait ────────────────────────────────────────────────────────────────────────────────
    {
      code: `async function work() { await null; }
function main() {
  work();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}`,
      errors: [{ messageId: 'starved', line: 3, column: 3, endColumn: 9, data: starved('work()', WAIT, 4, ATOMICS, { ms: 300 }) }],
    },
    {
      // No timeout: no duration to state.
      code: `async function work() { await null; }
function main() {
  work();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', WAIT, 4, ATOMICS) }],
    },
    {
      code: `async function work() { await null; }
function main() {
  work();
  const view = new Int32Array(new SharedArrayBuffer(4));
  Atomics.wait(view, 0, 0, 1_000);
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', 'Atomics.wait(view, 0, 0, 1_000)', 5, ATOMICS, { ms: 1000 }) }],
    },
    {
      // A timeout that is not a literal: no duration to state.
      code: `async function work() { await null; }
function main(view: Int32Array, ms: number) {
  work();
  Atomics.wait(view, 0, 0, ms);
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', 'Atomics.wait(view, 0, 0, ms)', 4, ATOMICS) }],
    },
    {
      code: `async function work() { await null; }
function main(view: Int32Array) {
  work();
  Atomics.wait(view, 0, 0, 2.5);
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', 'Atomics.wait(view, 0, 0, 2.5)', 4, ATOMICS, { ms: 2.5 }) }],
    },
    {
      code: `async function work() { await null; }
function main(view: Int32Array) {
  work();
  Atomics['wait'](view, 0, 0, 300);
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', "Atomics['wait'](view, 0, 0, 300)", 4, ATOMICS, { ms: 300 }) }],
    },

    // ── child_process: ESM imports ──────────────────────────────────────────────────────────────────
    {
      code: `import { execSync } from 'node:child_process';
async function work() { await null; }
function main() {
  work();
  execSync('sleep 1');
}`,
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "execSync('sleep 1')", 5, CHILD) }],
    },
    {
      code: `import { execFileSync } from 'child_process';
async function work() { await null; }
function main() {
  work();
  execFileSync('tsc', ['-p', '.']);
}`,
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "execFileSync('tsc', ['-p', '.'])", 5, CHILD) }],
    },
    {
      code: `import { spawnSync } from 'node:child_process';
async function work() { await null; }
function main() {
  work();
  spawnSync('sleep', ['1']);
}`,
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "spawnSync('sleep', ['1'])", 5, CHILD) }],
    },
    {
      code: `import * as cp from 'node:child_process';
async function work() { await null; }
function main() {
  work();
  cp.spawnSync('ls');
}`,
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "cp.spawnSync('ls')", 5, CHILD) }],
    },
    {
      code: `import cp from 'child_process';
async function work() { await null; }
function main() {
  work();
  cp.execFileSync('ls');
}`,
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "cp.execFileSync('ls')", 5, CHILD) }],
    },
    {
      code: `import { execSync as run } from 'node:child_process';
async function work() { await null; }
function main() {
  work();
  run('make');
}`,
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "run('make')", 5, CHILD) }],
    },
    {
      // Only the first blocking a task meets is reported.
      code: `import { execFileSync, spawnSync } from 'child_process';
async function work() { await null; }
function main() {
  work();
  execFileSync('ls');
  spawnSync('ls');
}`,
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "execFileSync('ls')", 5, CHILD) }],
    },
    {
      code: `import { execSync } from 'node:child_process';
async function work() { await null; }
function main() {
  work();
  execSync('make', { stdio: 'inherit' });
}`,
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "execSync('make', { stdio: 'inherit' })", 5, CHILD) }],
    },

    // ── child_process: CommonJS and dynamic import ──────────────────────────────────────────────────
    {
      code: `const { execSync } = require('child_process');
async function work() { await null; }
function main() {
  work();
  execSync('make');
}`,
      filename: 'file.cjs',
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "execSync('make')", 5, CHILD) }],
    },
    {
      code: `const cp = require('node:child_process');
async function work() { await null; }
function main() {
  work();
  cp.execFileSync('ls');
}`,
      filename: 'file.js',
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "cp.execFileSync('ls')", 5, CHILD) }],
    },
    {
      code: `const { spawnSync: spawn } = require('node:child_process');
async function work() { await null; }
function main() {
  work();
  spawn('ls');
}`,
      filename: 'file.cjs',
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "spawn('ls')", 5, CHILD) }],
    },
    {
      code: `const { execSync } = require('node:child_process');
async function work() { await null; }
module.exports = function main() {
  work();
  execSync('make');
};`,
      filename: 'file.cjs',
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "execSync('make')", 5, CHILD) }],
    },
    {
      code: `const { execSync } = await import('node:child_process');
async function work() { await null; }
work();
execSync('make');`,
      filename: 'file.mjs',
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', "execSync('make')", 4, CHILD) }],
    },

    // ── busy-waits ──────────────────────────────────────────────────────────────────────────────────
    {
      code: `async function work() { await null; }
function main() {
  work();
  const start = Date.now();
  while (Date.now() - start < 300) {}
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', 'Date.now() - start < 300', 5, BUSY, { ms: 300 }) }],
    },
    {
      code: `async function work() { await null; }
function main() {
  work();
  const start = Date.now();
  let spins = 0;
  while (Date.now() - start < 300) {
    spins++;
  }
  return spins;
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', 'Date.now() - start < 300', 6, BUSY, { ms: 300 }) }],
    },
    {
      code: `async function work() { await null; }
function main() {
  work();
  const start = Date.now();
  while (Date.now() < start + 300) {}
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', 'Date.now() < start + 300', 5, BUSY, { ms: 300 }) }],
    },
    {
      code: `async function work() { await null; }
function main() {
  work();
  const start = Date.now();
  while (300 > Date.now() - start) {}
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', '300 > Date.now() - start', 5, BUSY, { ms: 300 }) }],
    },
    {
      code: `async function work() { await null; }
function main() {
  work();
  const start = performance.now();
  do {} while (performance.now() - start < 250);
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', 'performance.now() - start < 250', 5, BUSY, { ms: 250 }) }],
    },
    {
      code: `async function work() { await null; }
function main() {
  work();
  for (const start = Date.now(); Date.now() - start < 20;) {}
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', 'Date.now() - start < 20', 4, BUSY, { ms: 20 }) }],
    },
    {
      // Breaks on the clock; the deadline is a variable, so no duration.
      code: `async function work() { await null; }
function main() {
  work();
  const end = Date.now() + 200;
  for (;;) {
    if (Date.now() > end) break;
  }
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', 'Date.now() > end', 6, BUSY) }],
    },
    {
      code: `async function work() { await null; }
function main() {
  work();
  const end = Date.now() + 200;
  for (;;) if (Date.now() > end) break;
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', 'Date.now() > end', 5, BUSY) }],
    },
    {
      code: `async function work() { await null; }
function main(deadline: number) {
  work();
  while (Date.now() < deadline);
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', 'Date.now() < deadline', 4, BUSY) }],
    },
    {
      code: `async function work() { await null; }
function main() {
  work();
  const start = new Date();
  while (new Date().getTime() - start.getTime() < 100) {}
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', 'new Date().getTime() - start.getTime() < 100', 5, BUSY, { ms: 100 }) }],
    },
    {
      // Nanoseconds as a bigint: no duration in ms to state.
      code: `async function work() { await null; }
function main() {
  work();
  const start = process.hrtime.bigint();
  while (process.hrtime.bigint() - start < 1000000n) {}
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', 'process.hrtime.bigint() - start < 1000000n', 5, BUSY) }],
    },
    {
      // An `await` inside a nested function does not make the loop yield.
      code: `async function work() { await null; }
function main(callbacks: Array<() => Promise<void>>) {
  work();
  const start = Date.now();
  while (Date.now() - start < 30) {
    callbacks.push(async () => { await null; });
  }
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', 'Date.now() - start < 30', 5, BUSY, { ms: 30 }) }],
    },

    // ── sync bridges ────────────────────────────────────────────────────────────────────────────────
    {
      // The message's wording for a bridge with a duration is not asserted here (see the report on this rule).
      code: `import deasync from 'deasync';
async function work() { await null; }
function main() {
  work();
  deasync.sleep(100);
}`,
      errors: [{ messageId: 'starved', line: 4 }],
    },
    {
      code: `const deasync = require('deasync');
async function work() { await null; }
function main() {
  let done = false;
  work();
  deasync.loopWhile(() => !done);
}`,
      filename: 'file.cjs',
      errors: [{ messageId: 'starved', line: 5, data: starved('work()', 'deasync.loopWhile(() => !done)', 6, BRIDGE) }],
    },
    {
      code: `import deasync from 'deasync';
import { readFile } from 'node:fs';
const readFileSync = deasync(readFile);
async function work() { await null; }
function main() {
  work();
  return readFileSync('config.json');
}`,
      errors: [{ messageId: 'starved', line: 6, data: starved('work()', "readFileSync('config.json')", 7, BRIDGE) }],
    },
    {
      code: `import { createSyncFn } from 'synckit';
const compileSync = createSyncFn(require.resolve('./worker.js'));
async function work() { await null; }
function main() {
  work();
  return compileSync('src');
}`,
      errors: [{ messageId: 'starved', line: 5, data: starved('work()', "compileSync('src')", 6, BRIDGE) }],
    },
    {
      code: `import fetchSync from 'sync-fetch';
async function work() { await null; }
function main() {
  work();
  return fetchSync('https://example.com').json();
}`,
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "fetchSync('https://example.com')", 5, BRIDGE) }],
    },
    {
      code: `const rpc = require('sync-rpc');
const client = rpc(__dirname + '/worker.js', {});
async function work() { await null; }
function main() {
  work();
  return client('query');
}`,
      filename: 'file.js',
      errors: [{ messageId: 'starved', line: 5, data: starved('work()', "client('query')", 6, BRIDGE) }],
    },

    // ── fs *Sync, with `fsSync: true` ───────────────────────────────────────────────────────────────
    {
      code: `import { readFileSync } from 'node:fs';
async function work() { await null; }
function main() {
  work();
  return readFileSync('config.json', 'utf8');
}`,
      options: [{ fsSync: true }],
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "readFileSync('config.json', 'utf8')", 5, FS) }],
    },
    {
      code: `const fs = require('fs');
async function work() { await null; }
function main() {
  work();
  fs.writeFileSync('out.txt', 'x');
}`,
      filename: 'file.cjs',
      options: [{ fsSync: true }],
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "fs.writeFileSync('out.txt', 'x')", 5, FS) }],
    },
    {
      code: `import fs from 'node:fs';
async function work() { await null; }
function main() {
  work();
  if (fs.existsSync('out')) return;
}`,
      options: [{ fsSync: true }],
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "fs.existsSync('out')", 5, FS) }],
    },
    {
      code: `import * as fs from 'fs';
async function work() { await null; }
function main() {
  work();
  fs.mkdirSync('out', { recursive: true });
}`,
      options: [{ fsSync: true }],
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "fs.mkdirSync('out', { recursive: true })", 5, FS) }],
    },

    // ── blockingFunctions ───────────────────────────────────────────────────────────────────────────
    {
      code: `async function work() { await null; }
function computeHashSync(input: string) { return input; }
function main() {
  work();
  computeHashSync('x');
}`,
      options: [{ blockingFunctions: ['computeHashSync'] }],
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "computeHashSync('x')", 5, CONFIGURED) }],
    },
    {
      code: `import crypto from 'node:crypto';
async function work() { await null; }
function main() {
  work();
  crypto.scryptSync('secret', 'salt', 64);
}`,
      options: [{ blockingFunctions: ['crypto.scryptSync'] }],
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "crypto.scryptSync('secret', 'salt', 64)", 5, CONFIGURED) }],
    },
    {
      code: `import { hashSync } from 'bcrypt';
async function work() { await null; }
function main() {
  work();
  hashSync('secret', 12);
}`,
      options: [{ blockingFunctions: [{ from: 'package', package: 'bcrypt', name: 'hashSync' }] }],
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "hashSync('secret', 12)", 5, CONFIGURED) }],
    },
    {
      code: `const bcrypt = require('bcrypt');
async function work() { await null; }
function main() {
  work();
  bcrypt.hashSync('secret', 12);
}`,
      filename: 'file.cjs',
      options: [{ blockingFunctions: [{ from: 'package', package: 'bcrypt', name: ['hashSync', 'compareSync'] }] }],
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "bcrypt.hashSync('secret', 12)", 5, CONFIGURED) }],
    },
    {
      code: `async function work() { await null; }
function crunch() {
  let x = 0;
  for (let i = 0; i < 1e9; i++) x += i;
  return x;
}
function main() {
  work();
  crunch();
}`,
      options: [{ blockingFunctions: [{ from: 'file', name: 'crunch' }] }],
      errors: [{ messageId: 'starved', line: 8, data: starved('work()', 'crunch()', 9, CONFIGURED) }],
    },
    {
      code: `async function work() { await null; }
function main(big: unknown) {
  work();
  structuredClone(big);
}`,
      options: [{ blockingFunctions: [{ from: 'lib', name: 'structuredClone' }] }],
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', 'structuredClone(big)', 4, CONFIGURED) }],
    },
    {
      // A configured blocker inside a helper blocks its callers too.
      code: `async function work() { await null; }
function sleepSync(ms: number) { return ms; }
function settle() {
  sleepSync(5);
}
function main() {
  work();
  settle();
}`,
      options: [{ blockingFunctions: ['sleepSync'] }],
      errors: [{ messageId: 'starved', line: 7, data: starved('work()', 'settle()', 8, CONFIGURED, { through: ['sleepSync(5)', 4] }) }],
    },

    // ── the ways a task is left pending ─────────────────────────────────────────────────────────────
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
    {
      // \`build()\` blocks in ./build.ts, reached through \`export * from './build.js'\` in ./upload.ts.
      code: `import { build, upload } from './upload';
export async function release() {
  const sent = upload('report');
  build();
  await sent;
}`,
      filename: path.join(crossModuleDir, 'main.ts'),
      errors: [{ messageId: 'starved', line: 3, data: starved("upload('report')", 'build()', 4, CHILD) }],
    },
    // ── tasks handed on are started all the same ────────────────────────────────────────────────────
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

    // ── promise sources without types ───────────────────────────────────────────────────────────────
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

    // ── joined, but only after the blocking (or not on every path) ──────────────────────────────────
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

    // ── blocking after an await: the task had a turn, but is still pending ──────────────────────────
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

    // ── control flow ────────────────────────────────────────────────────────────────────────────────
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

    // ── same-file helpers that block before they first await ────────────────────────────────────────
    {
      code: `async function work() { await null; }
function pause() {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}
function main() {
  work();
  pause();
}`,
      errors: [{ messageId: 'starved', line: 6, data: starved('work()', 'pause()', 7, ATOMICS, { ms: 300, through: [WAIT, 3] }) }],
    },
    {
      // The helper's timeout is a parameter: no duration to state.
      code: `async function work() { await null; }
function pause(ms: number) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
function main() {
  work();
  pause(300);
}`,
      errors: [{ messageId: 'starved', line: 6, data: starved('work()', 'pause(300)', 7, ATOMICS, { through: [WAIT, 3] }) }],
    },
    {
      code: `async function work() { await null; }
const pause = () => {
  const start = Date.now();
  while (Date.now() - start < 50) {}
};
function main() {
  work();
  pause();
}`,
      errors: [{ messageId: 'starved', line: 7, data: starved('work()', 'pause()', 8, BUSY, { ms: 50, through: ['Date.now() - start < 50', 4] }) }],
    },
    {
      code: `async function work() { await null; }
const pause = function () {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
};
function main() {
  work();
  pause();
}`,
      errors: [{ messageId: 'starved', line: 6, data: starved('work()', 'pause()', 7, ATOMICS, { ms: 20, through: [WAIT, 3] }) }],
    },
    {
      code: `import { execSync } from 'node:child_process';
async function work() { await null; }
class Builder {
  compile() {
    execSync('tsc');
  }
  run() {
    work();
    this.compile();
  }
}`,
      errors: [{ messageId: 'starved', line: 8, data: starved('work()', 'this.compile()', 9, CHILD, { through: ["execSync('tsc')", 5] }) }],
    },
    {
      code: `async function work() { await null; }
class Clock {
  static pause() {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
}
function main() {
  work();
  Clock.pause();
}`,
      errors: [{ messageId: 'starved', line: 8, data: starved('work()', 'Clock.pause()', 9, ATOMICS, { ms: 20, through: [WAIT, 4] }) }],
    },
    {
      code: `async function work() { await null; }
class Clock {
  #pause() {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
  run() {
    work();
    this.#pause();
  }
}`,
      errors: [{ messageId: 'starved', line: 7, data: starved('work()', 'this.#pause()', 8, ATOMICS, { ms: 20, through: [WAIT, 4] }) }],
    },
    {
      code: `async function work() { await null; }
const util = {
  pause() {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  },
};
function main() {
  work();
  util.pause();
}`,
      errors: [{ messageId: 'starved', line: 8, data: starved('work()', 'util.pause()', 9, ATOMICS, { ms: 20, through: [WAIT, 4] }) }],
    },
    {
      // Through two helpers: the message points at the call in the owner and at the blocking itself.
      code: `import { execSync } from 'node:child_process';
async function work() { await null; }
function inner() {
  execSync('make');
}
function outer() {
  inner();
}
function main() {
  work();
  outer();
}`,
      errors: [{ messageId: 'starved', line: 10, data: starved('work()', 'outer()', 11, CHILD, { through: ["execSync('make')", 4] }) }],
    },
    {
      // An async helper blocks its caller when it blocks before its first await.
      code: `async function work() { await null; }
async function pause() {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
  await null;
}
function main() {
  work();
  pause();
}`,
      errors: [{ messageId: 'starved', line: 7, data: starved('work()', 'pause()', 8, ATOMICS, { ms: 300, through: [WAIT, 3] }) }],
    },
    {
      // A helper that blocks on some path.
      code: `async function work() { await null; }
function pause(slow: boolean) {
  if (slow) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}
function main() {
  work();
  pause(true);
}`,
      errors: [{ messageId: 'starved', line: 6, data: starved('work()', 'pause(true)', 7, ATOMICS, { ms: 300, through: [WAIT, 3] }) }],
    },
    {
      code: `import { execSync } from 'node:child_process';
async function work() { await null; }
function main(files: string[]) {
  work();
  files.forEach((file) => execSync('cat ' + file));
}`,
      errors: [
        {
          messageId: 'starved',
          line: 4,
          data: starved('work()', "files.forEach((file) => execSync('cat ' + file))", 5, CHILD, { through: ["execSync('cat ' + file)", 5] }),
        },
      ],
    },

    // ── through callers that leave work pending ─────────────────────────────────────────────────────
    {
      // The headline example: a TypeScript port of the classic Python asyncio bug.
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
    {
      // The same in plain JavaScript.
      code: `function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
async function task() {
  for (let i = 0; i < 5; i++) {
    console.log('Background task iteration', i);
    await sleep(100);
  }
}
async function backgroundTask() {
  console.log('a');
  task();
  console.log('b');
}
function main() {
  backgroundTask();
  for (let i = 0; i < 3; i++) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
  }
  process.exit(0);
}
main();`,
      filename: 'file.js',
      errors: [{ messageId: 'starved', line: 12, data: starved('task()', WAIT, 18, ATOMICS, { ms: 300, chain: ['backgroundTask', 'main'] }) }],
    },
    {
      code: `async function work() { await null; }
function start() {
  work();
}
function main() {
  start();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', WAIT, 7, ATOMICS, { ms: 300, chain: ['start', 'main'] }) }],
    },
    {
      code: `import { execSync } from 'node:child_process';
async function work() { await null; }
async function backgroundTask() {
  work();
}
function main() {
  void backgroundTask();
  execSync('make');
}
main();`,
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "execSync('make')", 8, CHILD, { chain: ['backgroundTask', 'main'] }) }],
    },
    {
      // Awaiting the caller does not join the work it left behind.
      code: `async function work() { await null; }
async function start() {
  work();
}
async function main() {
  await start();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', WAIT, 7, ATOMICS, { ms: 300, chain: ['start', 'main'] }) }],
    },
    {
      code: `import { execSync } from 'node:child_process';
async function work() { await null; }
function start() {
  work();
}
start();
execSync('make');`,
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "execSync('make')", 7, CHILD, { chain: ['start', '(module)'] }) }],
    },
    {
      code: `import { execSync } from 'node:child_process';
async function work() { await null; }
function start() { work(); }
function mid() { start(); }
function main() {
  mid();
  execSync('make');
}`,
      errors: [
        {
          messageId: 'starved',
          line: 3,
          column: 20,
          endColumn: 26,
          data: starved('work()', "execSync('make')", 7, CHILD, { chain: ['start', 'mid', 'main'] }),
        },
      ],
    },
    {
      // Work left pending by one helper, blocking done by another.
      code: `import { execSync } from 'node:child_process';
async function work() { await null; }
function build() {
  execSync('tsc');
}
function start() {
  work();
}
function main() {
  start();
  build();
}`,
      errors: [{ messageId: 'starved', line: 7, data: starved('work()', 'build()', 11, CHILD, { chain: ['start', 'main'], through: ["execSync('tsc')", 4] }) }],
    },
    {
      // A caller's promise that is still pending is a task of its own.
      code: `async function work() { await null; }
async function backgroundTask() {
  await work();
}
function main() {
  backgroundTask();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}`,
      errors: [{ messageId: 'starved', line: 6, column: 3, endColumn: 19, data: starved('backgroundTask()', WAIT, 7, ATOMICS, { ms: 300 }) }],
    },
    {
      code: `async function work() { await null; }
async function start() {
  await null;
  work();
}
function main() {
  start();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}`,
      errors: [{ messageId: 'starved', line: 7, data: starved('start()', WAIT, 8, ATOMICS, { ms: 300 }) }],
    },
    {
      code: `async function work() { await null; }
function start() {
  return work();
}
function main() {
  start();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}`,
      errors: [{ messageId: 'starved', line: 6, data: starved('start()', WAIT, 7, ATOMICS, { ms: 300 }) }],
    },

    // ── module top level: scripts, ES modules, CommonJS ─────────────────────────────────────────────
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

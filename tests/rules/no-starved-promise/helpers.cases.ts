import path from 'node:path';
import type rule from '../../../rules/no-starved-promise';
import type { Section } from '../cases';
import { crossModuleDir } from '../../rule-tester';
import { ATOMICS, CHILD, BUSY, WAIT, starved } from './messages';
import { work } from './snippets';

/*
 * Blocking and pending work reached through other functions: same-file helpers that block before their
 * first `await`, callers that leave work pending, and the project's other modules.
 */

export const helpers: Section<typeof rule> = {
  name: 'helpers',
  valid: [],
  invalid: [
    // ── same-file helpers that block before they first await ─────────────────────────────────────────
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
    {
      // Once per item: how long in all is not known.
      code: `${work}function main(items) {\n  work();\n  items.forEach(() => Atomics.wait(view, 0, 0, 10));\n}`,
      errors: [
        {
          messageId: 'starved',
          line: 4,
          data: {
            task: 'work()',
            chain: '',
            block: 'items.forEach(…)',
            line: 5,
            verb: 'blocks the event loop',
            duration: '',
            through: ' (through `Atomics.wait(view, 0, 0, 10)`, line 5)',
          },
        },
      ],
    },
    {
      // Awaiting a helper that blocks after its own first await holds the caller's tasks too.
      code: `${work}async function pause() {\n  await null;\n  Atomics.wait(view, 0, 0, 300);\n}\nasync function main() {\n  const t = work();\n  await pause();\n  await t;\n}`,
      errors: [{ messageId: 'starved', line: 8 }],
    },

    // ── same-file helpers, with type information ─────────────────────────────────────────────────────
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

    // ── through callers that leave work pending ──────────────────────────────────────────────────────
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

    // ── through callers, with type information ───────────────────────────────────────────────────────
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

    // ── through the project's other modules ──────────────────────────────────────────────────────────
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
  ],
};

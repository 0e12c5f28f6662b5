import rule from '../../rules/no-starved-promise';
import { createRuleTester } from '../rule-tester';

/* Cases found in review of the first test suite: false reports, wrong durations, missed blockers. */
const ruleTester = createRuleTester();
const work = 'async function work() { await null; }\nconst view = new Int32Array(new SharedArrayBuffer(4));\n';

ruleTester.run('no-starved-promise (review)', rule, {
  valid: [
    // A zero timeout returns at once.
    `${work}function main() {\n  work();\n  Atomics.wait(view, 0, 0, 0);\n}`,
    // Making a synchronous function does not block; calling it would.
    `import deasync from 'deasync';\nimport { readFile } from 'node:fs';\n${work}function main() {\n  work();\n  const readSync = deasync(readFile);\n}`,
    `import { createSyncFn } from 'synckit';\n${work}function main() {\n  work();\n  const fn = createSyncFn('/worker.js');\n}`,
    // The task has settled when its rejection reaches the handler.
    `import { execSync } from 'node:child_process';\n${work}async function main() {\n  const t = work();\n  try {\n    await t;\n  } catch {\n    execSync('notify');\n  }\n}`,
    // An already settled promise has nothing left to run.
    `function main() {\n  Promise.resolve(1);\n  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);\n}`,
  ],
  invalid: [
    {
      code: `import deasync from 'deasync';\n${work}function main() {\n  work();\n  deasync.sleep(100);\n}`,
      errors: [
        {
          messageId: 'starved',
          line: 5,
          data: { task: 'work()', chain: '', block: 'deasync.sleep(100)', line: 6, verb: 'blocks the event loop', duration: ' for 100 ms', through: '' },
        },
      ],
    },
    {
      // A clock in seconds: the compared constant is not milliseconds.
      code: `${work}function main() {\n  work();\n  const start = process.uptime();\n  while (process.uptime() - start < 2) {}\n}`,
      errors: [
        {
          messageId: 'starved',
          line: 4,
          data: {
            task: 'work()',
            chain: '',
            block: 'process.uptime() - start < 2',
            line: 6,
            verb: 'spins the event loop in a busy-wait',
            duration: '',
            through: '',
          },
        },
      ],
    },
    {
      code: `${work}function main() {\n  work();\n  const start = Date.now();\n  while (Date.now() - start < 300 + 50) {}\n}`,
      errors: [
        {
          messageId: 'starved',
          line: 4,
          data: {
            task: 'work()',
            chain: '',
            block: 'Date.now() - start < 300 + 50',
            line: 6,
            verb: 'spins the event loop in a busy-wait',
            duration: ' for 350 ms',
            through: '',
          },
        },
      ],
    },
    {
      // The loop is named by its clock comparison.
      code: `${work}function main() {\n  work();\n  const start = Date.now();\n  while (true) {\n    if (Date.now() - start >= 300) break;\n  }\n}`,
      errors: [
        {
          messageId: 'starved',
          line: 4,
          data: {
            task: 'work()',
            chain: '',
            block: 'Date.now() - start >= 300',
            line: 7,
            verb: 'spins the event loop in a busy-wait',
            duration: ' for 300 ms',
            through: '',
          },
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
      code: `${work}function main() {\n  work();\n  require('node:child_process').execSync('ls');\n}`,
      errors: [{ messageId: 'starved', line: 4 }],
    },
    {
      code: `import cp = require('node:child_process');\n${work}function main(): void {\n  work();\n  cp.execSync('make');\n}`,
      filename: 'file.ts',
      errors: [{ messageId: 'starved', line: 5 }],
    },
    {
      code: `${work}function main() {\n  work();\n  globalThis.Atomics.wait(view, 0, 0, 50);\n}`,
      errors: [
        {
          messageId: 'starved',
          line: 4,
          data: {
            task: 'work()',
            chain: '',
            block: 'globalThis.Atomics.wait(view, 0, 0, 50)',
            line: 5,
            verb: 'blocks the event loop',
            duration: ' for 50 ms',
            through: '',
          },
        },
      ],
    },
    {
      // A promise's executor runs before `new Promise` returns.
      code: `import { execSync } from 'node:child_process';\n${work}function main() {\n  work();\n  return new Promise((resolve) => {\n    execSync('make');\n    resolve(undefined);\n  });\n}`,
      errors: [{ messageId: 'starved', line: 5 }],
    },
    {
      // Awaiting a helper that blocks after its own first await holds the caller's tasks too.
      code: `${work}async function pause() {\n  await null;\n  Atomics.wait(view, 0, 0, 300);\n}\nasync function main() {\n  const t = work();\n  await pause();\n  await t;\n}`,
      errors: [{ messageId: 'starved', line: 8 }],
    },
    {
      code: `declare function blockFor(ms: number): void;\n${work}function main(): void {\n  work();\n  blockFor(100);\n}`,
      filename: 'file.ts',
      options: [{ blockingFunctions: [{ from: 'file', name: 'blockFor' }] }],
      errors: [{ messageId: 'starved', line: 5 }],
    },
  ],
});

import os from 'node:os';
import path from 'node:path';
import type rule from '../../../rules/no-outlived-promise';
import type { Section } from '../cases';
import { commonjsPackageDir, crossModuleDir } from '../../rule-tester';
import { exitData } from './messages';

/*
 * `exit`: work still pending when the process ends: `process.exit()` and every other way to end it,
 * same-file helpers and the project's other modules that exit, deferred exits, the module kind that decides
 * whether a top-level `await` can join, and the options that name exits or turn them off.
 */

export const exit: Section<typeof rule> = {
  name: 'exit',
  valid: [
    // ── a deferred exit waits for the task ───────────────────────────────────────────────────────────
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
    `declare function work(): Promise<void>;
work().finally(() => process.exit(0));`,

    // ── not an exit ──────────────────────────────────────────────────────────────────────────────────
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

    // ── other modules' functions that neither exit nor leave work pending ────────────────────────────
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

    // ── options ──────────────────────────────────────────────────────────────────────────────────────
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
work();
shutdown();`,
      options: [{ exitFunctions: ['terminate'] }],
    },
    {
      code: `declare function work(): Promise<void>;
work();
process.exit(0);`,
      options: [{ lifetimeEnds: { exit: false } }],
    },

    // ── found by differential testing against the runtime (fuzz/) ─────────────────────────────────────
    // An async function that exits before it first yields ends the process during its call: nothing after it runs.
    `async function work() { await null; }
async function stop() {
  process.exit(0);
}
async function main() {
  stop();
  work();
}
await main();
process.exit(0);`,
    // A race of one handle, however often it is listed, waits for it.
    `async function work() { await null; }
async function main() {
  const task = work();
  await Promise.any([task, task]);
  process.exit(0);
}`,
  ],
  invalid: [
    // ── a deferred exit waits for its own task only ──────────────────────────────────────────────────
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
      // The exit waits for `main()`, by which time the work it starts after its first `await` has started, still pending.
      code: `async function w1() { await null; }
async function w2() { await null; }
async function main() {
  w1();
  await null;
  w2();
}
main().finally(() => process.exit(0));`,
      errors: [
        { messageId: 'exit', line: 4, suggestions: [] },
        { messageId: 'exit', line: 6, suggestions: [] },
      ],
    },
    {
      code: `async function work() { await null; }
async function main() {
  await null;
  work();
}
main().then(() => process.exit(0));`,
      errors: [{ messageId: 'exit', line: 4, suggestions: [] }],
    },

    {
      // `this.schedule = this.schedule.bind(this)` leads the value of `this.schedule` back to itself: the file is still analysed.
      code: `async function work() { await null; }
class Sync {
  constructor() {
    this.schedule = this.schedule.bind(this);
  }
  schedule() {}
}
work();
process.exit(0);`,
      errors: [
        {
          messageId: 'exit',
          line: 8,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
class Sync {
  constructor() {
    this.schedule = this.schedule.bind(this);
  }
  schedule() {}
}
await work();
process.exit(0);`,
            },
          ],
        },
      ],
    },

    // ── every way to end the process ─────────────────────────────────────────────────────────────────
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

    // ── same-file helpers that exit ──────────────────────────────────────────────────────────────────
    // Found by differential testing (fuzz/): awaiting the promise of a helper that exits after its own
    // `await` waits for that exit, which ends what was started since.
    {
      code: `async function work() { await null; }
async function stop() {
  await work();
  process.exit(0);
}
async function main() {
  const stopping = stop();
  work();
  await stopping;
}`,
      errors: [{ messageId: 'exit', data: exitData('work()', 'await stopping', 9), line: 8 }],
    },
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
  if (!config) { await t; die('missing config'); }
  await t;
}`,
            },
          ],
        },
      ],
    },
    {
      // An exit inside a nested callback ends the process for the callback's own tasks. Nothing waits
      // for the listener, so the suggestion defers the exit until the work settles.
      code: `async function work() { await null; }
process.on('SIGINT', () => {
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
              messageId: 'deferEnd',
              output: `async function work() { await null; }
process.on('SIGINT', () => {
  work().finally(() => process.exit(0));
});`,
            },
          ],
        },
      ],
    },
    {
      // A handle: the exit waits for it, after the code between them has run as it did.
      code: `async function work() { await null; }
process.on('SIGINT', () => {
  const task = work();
  console.log('stopping');
  process.exit(130);
});`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('work()', 'process.exit(130)', 5),
          line: 3,
          suggestions: [
            {
              messageId: 'deferEnd',
              output: `async function work() { await null; }
process.on('SIGINT', () => {
  const task = work();
  console.log('stopping');
  task.finally(() => process.exit(130));
});`,
            },
          ],
        },
      ],
    },
    {
      // Code between a dropped task and the exit: the task becomes a handle, the code still runs first, the exit waits.
      code: `async function work() { await null; }
process.on('SIGINT', () => {
  work();
  console.log('stopping');
  process.exit(130);
});`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('work()', 'process.exit(130)', 5),
          line: 3,
          suggestions: [
            {
              messageId: 'deferEnd',
              output: `async function work() { await null; }
process.on('SIGINT', () => {
  const workTask = work();
  console.log('stopping');
  workTask.finally(() => process.exit(130));
});`,
            },
          ],
        },
      ],
    },
    {
      // The exit in a branch: code after it would run while the exit waits, so it is not deferred.
      code: `async function work() { await null; }
process.on('SIGINT', () => {
  work();
  if (!process.env.STAY) process.exit(130);
  console.log('staying');
});`,
      errors: [{ messageId: 'exit', data: exitData('work()', 'process.exit(130)', 4), line: 3, suggestions: [] }],
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
          // The codemod's plan: the exit under a braceless `if` becomes a block that joins first.
          suggestions: [
            {
              messageId: 'awaitBeforeEnd',
              output: `declare function work(): Promise<void>;
function die(message: string): never {
  console.error(message);
  process.exit(1);
}
async function main(ok: boolean): Promise<void> {
  const workTask = work();
  if (!ok) { await workTask; die('not ok'); }
}`,
            },
          ],
        },
      ],
    },

    // ── returned before a `finally` block that exits ─────────────────────────────────────────────────
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

    // ── through the project's other modules ──────────────────────────────────────────────────────────
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
  if (args.length === 0) { await sent; fatal('no arguments'); }
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
    {
      // With types, \`track()\` returns \`void\`: only reading ./analytics.ts shows the request it leaves pending.
      code: `import { track } from './analytics';
export async function main(): Promise<void> {
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

    // ── top-level await only where the file runs as an ES module ─────────────────────────────────────
    {
      typed: 'never',
      reason: 'its file is in tests/fixtures/commonjs-package/, which no typed project includes',
      // A \`.ts\` file written with \`import\`, in a package without \`"type": "module"\`: Node and tsx run it
      // as CommonJS, where a top-level \`await\` does not compile, so no suggestion can join here.
      code: `import { readFile } from 'node:fs/promises';
void readFile('config.json');
process.exit(0);`,
      filename: path.join(commonjsPackageDir, 'cli.ts'),
      errors: [{ messageId: 'exit', data: exitData("readFile('config.json')", 'process.exit(0)', 3), line: 2, suggestions: [] }],
    },
    {
      typed: 'never',
      reason: 'its file is in tests/fixtures/commonjs-package/, which no typed project includes',
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
    {
      // CommonJS has no top-level `await`: no in-place suggestion.
      code: `const { writeFile } = require('node:fs/promises');\nwriteFile('out.txt', 'data');\nprocess.exit(0);`,
      languageOptions: { parserOptions: { sourceType: 'script' } },
      errors: [{ messageId: 'exit', line: 2, suggestions: [] }],
    },
    {
      // No package.json says how it runs: Node's detection runs `require()` code as CommonJS, whatever ESLint parsed it as.
      typed: 'never',
      reason: 'its file is outside the repository, which no typed project includes',
      code: `const { writeFile } = require('node:fs/promises');\nwriteFile('out.txt', 'data');\nprocess.exit(0);`,
      filename: path.join(os.tmpdir(), 'promise-lifetime-no-package', 'script.js'),
      errors: [{ messageId: 'exit', line: 2, suggestions: [] }],
    },

    // ── options ──────────────────────────────────────────────────────────────────────────────────────
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
      code: `declare function shutdown(): never;
declare function flush(): Promise<void>;
function main(): void {
  flush();
  shutdown();
}`,
      options: [{ exitFunctions: ['shutdown'] }],
      errors: [{ messageId: 'exit', data: exitData('flush()', 'shutdown()', 5), line: 4, suggestions: [] }],
    },
  ],
};

import type rule from '../../../rules/no-outlived-promise';
import type { Section } from '../cases';
import { exitData } from './messages';
import { work } from './snippets';

/*
 * What is a task, and what joins it: pure waits, awaits, returns and yields, `Promise.all` and the like,
 * `try`/`finally`, escapes, nested callbacks, promise sources, propagation through same-file functions,
 * control flow and the details of the suggestions. Most cases end with `process.exit(0)`, the simplest
 * lifetime end; the other sections are about each kind of end.
 *
 * Most cases define `async function work() { await null; }` on line 1: a same-file async function that
 * awaits, so each call to it is a task. Cases that start with `declare function work(): Promise<void>;` have
 * a task only the checker can see.
 */

export const general: Section<typeof rule> = {
  name: 'general',
  valid: [
    // ── pure waits: a promise that stands for no work loses nothing ──────────────────────────────────
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
    // `Promise.resolve()` is settled when it is made: nothing is left to lose.
    `function save(): Promise<void> { return Promise.resolve(); }
function main(): void {
  save();
  process.exit(0);
}`,

    // ── joins: await, return, yield ──────────────────────────────────────────────────────────────────
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
    `declare function work(): Promise<void>;
async function main(): Promise<void> {
  await Promise.all([work(), work()]);
  process.exit(0);
}`,
    // `await Promise.all(items.map(…))` joins every callback's promise.
    `${work}async function main(items) {\n  await Promise.all(items.map((item) => work(item)));\n  process.exit(0);\n}`,

    // ── joins: try / finally ─────────────────────────────────────────────────────────────────────────
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

    // ── returned through a `finally` block that ends nothing, or awaited first ───────────────────────
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

    // ── not a task (without type information) ────────────────────────────────────────────────────────
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
    {
      typed: 'never',
      reason:
        'types decide: typed reports `work()` by its type, `() => Promise<void>`, though the function it holds now never awaits (typed twin among the invalid cases)',
      code: `let work = async () => { await null; };
work = async () => {};
work();
process.exit(0);`,
    },
    {
      typed: 'never',
      reason: 'types decide: typed reports `api.save()`, as `api` keeps its declared type through the reassignment (typed twin among the invalid cases)',
      code: `let api = { async save() { await null; } };
api = makeApi();
api.save();
process.exit(0);`,
    },

    // ── not a task: a generator runs none of its body when called ────────────────────────────────────
    // Calling a generator runs none of its body.
    `${work}function* steps() {\n  work();\n  yield 1;\n}\nsteps();\nprocess.exit(0);`,
    `${work}async function* steps() {\n  work();\n  yield 1;\n}\nsteps();\nprocess.exit(0);`,

    // ── not a known function: the member may be replaced ─────────────────────────────────────────────
    {
      typed: 'never',
      reason: 'types decide: typed reports `api.save()`, as the type of the spread `{}` replaces no member (typed twin among the invalid cases)',
      code: `async function save() { await null; }
const defaults = {};
const api = { save, ...defaults };
api.save();
process.exit(0);`,
    },
    `async function save() { await null; }
const api = { get save() { return () => 1; } };
api.save();
process.exit(0);`,

    // ── not a thenable, as the checker says ──────────────────────────────────────────────────────────
    // The checker says the value is no thenable: a fluent API's `.catch()` (without types it is taken for a promise's).
    {
      typed: 'only',
      reason: "untyped reports `schema.catch(() => 'fallback')`: without types a `.catch(callback)` is taken for a promise's",
      code: `interface Schema { catch(fallback: () => string): Schema }
declare const schema: Schema;
schema.catch(() => 'fallback');
process.exit(0);`,
    },
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

    // ── loops ────────────────────────────────────────────────────────────────────────────────────────
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

    // ── options: what is a task ──────────────────────────────────────────────────────────────────────
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

    // ── options: known-safe promises and calls ───────────────────────────────────────────────────────
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

    // ── found by differential testing against the runtime (fuzz/, docs "Known disagreements") ────────
    // A `for` loop whose own init makes its first test hold runs a first turn: an exit in it comes first.
    `async function work() { await null; }
function die() { process.exit(0); }
async function main() {
  for (let i = 0; i < 2; i++) {
    die();
  }
  work();
  die();
}
main();`,
    // Joined in every turn of a loop that runs: joined before the exit after it.
    `async function work() { await null; }
async function main() {
  const t = work();
  for (let i = 0; i < 2; i++) {
    await t;
  }
  process.exit(0);
}`,
    // An async function that never awaits has settled (resolved) when its call returns: a `.catch()` on it has nothing to run.
    `async function log() { console.log('x'); }
async function main() {
  log().catch(() => {});
  const t = log().catch(() => {});
  process.exit(0);
}`,
  ],
  invalid: [
    // ── the floating kinds ───────────────────────────────────────────────────────────────────────────
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

    // ── the floating kinds, of tasks only the checker sees ───────────────────────────────────────────
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

    // ── promise sources without types ────────────────────────────────────────────────────────────────
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
    {
      // The chained callback is the work, even when the root promise is already settled.
      code: `Promise.resolve().then(() => console.log('later'));\nprocess.exit(0);`,
      errors: [
        {
          messageId: 'exit',
          line: 1,
          suggestions: [{ messageId: 'awaitInPlace', output: `await Promise.resolve().then(() => console.log('later'));\nprocess.exit(0);` }],
        },
      ],
    },

    // ── tasks only the checker sees ──────────────────────────────────────────────────────────────────
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
      // A method that returns a pending promise without being async, on an instance the syntax knows exactly.
      code: `class Repo {
  save(): Promise<void> { return fetch('https://example.com').then(() => undefined); }
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

    // ── tasks the checker sees where syntax sees none (the untyped cases are valid above) ────────────
    {
      code: `declare function fetchUser(): Promise<{ id: string }>;
fetchUser();
process.exit(0);`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('fetchUser()', 'process.exit(0)', 3),
          line: 2,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `declare function fetchUser(): Promise<{ id: string }>;
await fetchUser();
process.exit(0);`,
            },
          ],
        },
      ],
    },
    {
      typed: 'only',
      reason: 'types decide: the type of `work` returns a promise, whichever function it holds (without types the same code is valid)',
      code: `let work = async () => { await null; };
work = async () => {};
work();
process.exit(0);`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('work()', 'process.exit(0)', 4),
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `let work = async () => { await null; };
work = async () => {};
await work();
process.exit(0);`,
            },
          ],
        },
      ],
    },
    {
      typed: 'only',
      reason: 'types decide: `api` keeps its declared type, whose `save()` returns a promise (without types the same code is valid)',
      code: `let api = { async save() { await null; } };
api = makeApi();
api.save();
process.exit(0);`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('api.save()', 'process.exit(0)', 4),
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `let api = { async save() { await null; } };
api = makeApi();
await api.save();
process.exit(0);`,
            },
          ],
        },
      ],
    },
    {
      typed: 'only',
      reason: 'types decide: in the type of `api`, the spread `{}` replaces no member (without types the same code is valid)',
      code: `async function save() { await null; }
const defaults = {};
const api = { save, ...defaults };
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
              output: `async function save() { await null; }
const defaults = {};
const api = { save, ...defaults };
await api.save();
process.exit(0);`,
            },
          ],
        },
      ],
    },

    // ── propagation through same-file functions ──────────────────────────────────────────────────────
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
    {
      // `work()` starts only after `bg()` resumes: the exit kills `bg()`, and that is the one report.
      code: `${work}async function bg() {\n  await null;\n  work();\n}\nfunction main() {\n  bg();\n  process.exit(0);\n}`,
      errors: [{ messageId: 'exit', line: 7, data: { task: 'bg()', chain: '', end: 'process.exit(0)', line: 8 }, suggestions: [] }],
    },
    {
      // …but once `bg()` is awaited, the work it leaves behind is pending in its turn.
      code: `${work}async function bg() {\n  await null;\n  work();\n}\nawait bg();\nprocess.exit(0);`,
      errors: [
        {
          messageId: 'exit',
          line: 4,
          data: { task: 'work()', chain: ' (via `bg()` → the module top level)', end: 'process.exit(0)', line: 7 },
          suggestions: [],
        },
      ],
    },
    {
      // Private methods are followed like public ones.
      code: `${work}class Job {\n  #start() {\n    work();\n  }\n  run() {\n    this.#start();\n    process.exit(0);\n  }\n}`,
      errors: [
        {
          messageId: 'exit',
          line: 4,
          data: { task: 'work()', chain: ' (via `#start()` → `run()`)', end: 'process.exit(0)', line: 8 },
          suggestions: [],
        },
      ],
    },
    {
      // Static blocks run where the class is defined.
      code: `${work}class Setup {\n  static {\n    work();\n    process.exit(0);\n  }\n}`,
      errors: [{ messageId: 'exit', line: 4, suggestions: [] }],
    },
    {
      // A `const` alias of a function is that function.
      code: `${work}function helper() {\n  work();\n}\nconst alias = helper;\nalias();\nprocess.exit(0);`,
      errors: [
        {
          messageId: 'exit',
          line: 3,
          data: { task: 'work()', chain: ' (via `helper()` → the module top level)', end: 'process.exit(0)', line: 7 },
          suggestions: [],
        },
      ],
    },
    {
      code: `${work}class Base {\n  start() {\n    work();\n  }\n}\nclass Job extends Base {\n  run() {\n    super.start();\n    process.exit(0);\n  }\n}`,
      errors: [
        {
          messageId: 'exit',
          line: 4,
          data: { task: 'work()', chain: ' (via `start()` → `run()`)', end: 'process.exit(0)', line: 10 },
          suggestions: [],
        },
      ],
    },
    {
      // `forEach` runs its callback before it returns: work the callback drops is the caller's.
      code: `${work}function main(items) {\n  items.forEach((item) => {\n    work(item);\n  });\n  process.exit(0);\n}`,
      errors: [
        {
          messageId: 'exit',
          line: 4,
          data: { task: 'work(item)', chain: ' (via the callback passed to `items.forEach()` → `main()`)', end: 'process.exit(0)', line: 6 },
          suggestions: [],
        },
      ],
    },
    {
      // `map` collects the promises into an array nobody awaits.
      code: `${work}async function main(items) {\n  items.map((item) => work(item));\n  process.exit(0);\n}`,
      errors: [
        {
          messageId: 'exit',
          line: 3,
          data: { task: 'items.map((item) => work(item))', chain: '', end: 'process.exit(0)', line: 4 },
          suggestions: [
            { messageId: 'awaitInPlace', output: `${work}async function main(items) {\n  await items.map((item) => work(item));\n  process.exit(0);\n}` },
          ],
        },
      ],
    },
    {
      // An async callback's promise is dropped by `forEach`.
      code: `${work}function main(items) {\n  items.forEach(async (item) => {\n    await work(item);\n  });\n  process.exit(0);\n}`,
      errors: [{ messageId: 'exit', line: 3, suggestions: [] }],
    },

    // ── propagation, with type information ───────────────────────────────────────────────────────────
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

    // ── branches ─────────────────────────────────────────────────────────────────────────────────────
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
          // The codemod's plan: the exit under a braceless `if` becomes a block that joins first.
          suggestions: [
            {
              messageId: 'awaitBeforeEnd',
              output: `async function work() { await null; }
async function main(failed) {
  const workTask = work();
  if (failed) { await workTask; process.exit(1); }
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
          messageId: 'exitPartial',
          data: exitData('work()', 'process.exit(0)', 5),
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
          messageId: 'exitPartial',
          data: exitData('work()', 'process.exit(0)', 5),
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
          messageId: 'exitPartial',
          data: exitData('work()', 'process.exit(0)', 5),
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
      errors: [
        {
          messageId: 'exit',
          data: exitData('work()', 'process.exit(0)', 6),
          line: 3,
          // The codemod's plan: the handle is in scope in the `case`, so the join goes right before the exit.
          suggestions: [
            {
              messageId: 'awaitBeforeEnd',
              output: `async function work() { await null; }
async function main(kind) {
  const workTask = work();
  switch (kind) {
    case 'quit':
      await workTask;
      process.exit(0);
    default:
      await null;
  }
}`,
            },
          ],
        },
      ],
    },
    {
      code: `${work}function main(ready) {\n  ready && work();\n  process.exit(0);\n}`,
      errors: [{ messageId: 'exit', line: 3, suggestions: [] }],
    },
    {
      code: `${work}function main(ready) {\n  ready ? work() : null;\n  process.exit(0);\n}`,
      errors: [{ messageId: 'exit', line: 3, suggestions: [] }],
    },
    {
      code: `${work}function main() {\n  (work(), 1);\n  process.exit(0);\n}`,
      errors: [{ messageId: 'exit', line: 3, suggestions: [] }],
    },
    {
      code: `${work}async function main(ready) {\n  const t = ready ? work() : null;\n  process.exit(0);\n}`,
      errors: [
        {
          messageId: 'exit',
          line: 3,
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `${work}async function main(ready) {\n  const t = ready ? work() : null;\n  await t;\n  process.exit(0);\n}`,
            },
          ],
        },
      ],
    },
    {
      // Both branches' tasks are joined by awaiting the one handle.
      code: `${work}async function main(ready) {\n  const t = ready ? work(1) : work(2);\n  if (ready) await t;\n  process.exit(0);\n}`,
      errors: [
        {
          messageId: 'exitPartial',
          line: 3,
          data: { task: 'work(1)', chain: '', end: 'process.exit(0)', line: 5 },
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `${work}async function main(ready) {\n  const t = ready ? work(1) : work(2);\n  if (ready) await t;\n  await t;\n  process.exit(0);\n}`,
            },
          ],
        },
        {
          messageId: 'exitPartial',
          line: 3,
          data: { task: 'work(2)', chain: '', end: 'process.exit(0)', line: 5 },
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `${work}async function main(ready) {\n  const t = ready ? work(1) : work(2);\n  if (ready) await t;\n  await t;\n  process.exit(0);\n}`,
            },
          ],
        },
      ],
    },

    // ── early returns ────────────────────────────────────────────────────────────────────────────────
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

    // ── loops ────────────────────────────────────────────────────────────────────────────────────────
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
    {
      // The exit comes earlier in the loop body than the task: it ends the task of the previous turn.
      code: `${work}async function main(jobs) {\n  while (true) {\n    const job = jobs.shift();\n    if (!job) process.exit(0);\n    work(job);\n  }\n}`,
      errors: [{ messageId: 'exit', line: 6, suggestions: [] }],
    },

    // ── try / catch / finally ────────────────────────────────────────────────────────────────────────
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
      errors: [
        {
          messageId: 'exit',
          data: exitData('work()', 'process.exit(0)', 6),
          line: 4,
          // The codemod's plan: the end is in `finally`, so the task is joined at the end of `try`.
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
async function main() {
  try {
    await work();
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
      code: `async function work() { await null; }
async function main() {
  const t = work();
  try {
    throw new Error('boom');
  } catch (error) {
    process.exit(1);
  }
}`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('work()', 'process.exit(1)', 7),
          line: 3,
          // The codemod's plan: `t` is in scope in `catch`, so it is awaited right before the exit.
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `async function work() { await null; }
async function main() {
  const t = work();
  try {
    throw new Error('boom');
  } catch (error) {
    await t;
    process.exit(1);
  }
}`,
            },
          ],
        },
      ],
    },

    // ── branches, loops and try, with type information ───────────────────────────────────────────────
    {
      code: `declare function fetchUser(): Promise<{ id: string }>;
async function main(flag: boolean): Promise<void> {
  const user = fetchUser();
  if (flag) await user;
  process.exit(0);
}`,
      errors: [
        {
          messageId: 'exitPartial',
          data: exitData('fetchUser()', 'process.exit(0)', 5),
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

    // ── suggestion details ───────────────────────────────────────────────────────────────────────────
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
    {
      // The task is in a braceless `if`: no suggestion can keep the condition and still await.
      code: `${work}async function main(c) {\n  if (c) work();\n  process.exit(0);\n}`,
      errors: [{ messageId: 'exit', line: 3, suggestions: [] }],
    },
    {
      code: `${work}async function main(xs) {\n  for (const x of xs) work(x);\n  process.exit(0);\n}`,
      errors: [{ messageId: 'exit', line: 3, suggestions: [] }],
    },

    // ── options: what is a task ──────────────────────────────────────────────────────────────────────
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

    // ── options: known-safe promises and calls ───────────────────────────────────────────────────────
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
  ],
};

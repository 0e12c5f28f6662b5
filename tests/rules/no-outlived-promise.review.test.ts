import rule from '../../rules/no-outlived-promise';
import { createRuleTester } from '../rule-tester';

/*
 * Cases found in review of the first test suite: each was a wrong report, a missed one or a broken
 * suggestion. `work` awaits, so each call to it is a task.
 */
const ruleTester = createRuleTester();
const work = 'async function work(...args) { await null; }\n';

ruleTester.run('no-outlived-promise (review)', rule, {
  valid: [
    // A drain before the close waits for everything the queue runs (p-queue).
    `${work}async function main(queue) {\n  work(queue);\n  await queue.onIdle();\n  queue.close();\n}`,
    // Calling a generator runs none of its body.
    `${work}function* steps() {\n  work();\n  yield 1;\n}\nsteps();\nprocess.exit(0);`,
    `${work}async function* steps() {\n  work();\n  yield 1;\n}\nsteps();\nprocess.exit(0);`,
    // node:test and mocha callbacks that take `done` end when `done` is called.
    `import { it } from 'node:test';\n${work}it('x', (t, done) => {\n  work();\n  setTimeout(done, 10);\n});`,
    // A callback-style Lambda handler is frozen only once the event loop is empty.
    `${work}export function handler(event, context, callback) {\n  work();\n  callback(null, { statusCode: 200 });\n}`,
    // `await Promise.all(items.map(…))` joins every callback's promise.
    `${work}async function main(items) {\n  await Promise.all(items.map((item) => work(item)));\n  process.exit(0);\n}`,
  ],
  invalid: [
    {
      // The task is in a braceless `if`: no suggestion can keep the condition and still await.
      code: `${work}async function main(c) {\n  if (c) work();\n  process.exit(0);\n}`,
      errors: [{ messageId: 'exit', line: 3, suggestions: [] }],
    },
    {
      code: `${work}async function main(xs) {\n  for (const x of xs) work(x);\n  process.exit(0);\n}`,
      errors: [{ messageId: 'exit', line: 3, suggestions: [] }],
    },
    {
      // The exit comes earlier in the loop body than the task: it ends the task of the previous turn.
      code: `${work}async function main(jobs) {\n  while (true) {\n    const job = jobs.shift();\n    if (!job) process.exit(0);\n    work(job);\n  }\n}`,
      errors: [{ messageId: 'exit', line: 6, suggestions: [] }],
    },
    {
      // Leaving a `using` block by `return` disposes the resource there: the join goes before the return.
      code: `${work}async function main(open) {\n  using r = open();\n  work(r);\n  return 1;\n}`,
      errors: [
        {
          messageId: 'resourceDispose',
          line: 4,
          data: { task: 'work(r)', chain: '', resource: 'r', line: 5, partial: '' },
          suggestions: [{ messageId: 'awaitInPlace', output: `${work}async function main(open) {\n  using r = open();\n  await work(r);\n  return 1;\n}` }],
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
      // The close comes first: that is the end to report and to join before.
      code: `${work}async function main(db) {\n  work(db);\n  db.close();\n  process.exit(0);\n}`,
      errors: [
        {
          messageId: 'resourceClose',
          data: { task: 'work(db)', chain: '', end: 'db.close()', line: 4, resource: 'db', partial: '' },
          line: 3,
          suggestions: [{ messageId: 'awaitInPlace', output: `${work}async function main(db) {\n  await work(db);\n  db.close();\n  process.exit(0);\n}` }],
        },
      ],
    },
    {
      // A `pages/api` handler is done when it sends its response.
      code: `${work}export default async function hello(req, res) {\n  work();\n  res.status(200).json({ ok: true });\n}`,
      filename: 'pages/api/hello.ts',
      errors: [
        {
          messageId: 'handlerEnd',
          line: 3,
          data: {
            task: 'work()',
            chain: '',
            line: 4,
            partial: '',
            runtime: 'Next.js route',
            moment: 'sends its response',
            fate: 'the function may be frozen once the response is sent',
            advice: ' Pass it to `after()` from `next/server` or await it.',
          },
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `${work}export default async function hello(req, res) {\n  await work();\n  res.status(200).json({ ok: true });\n}`,
            },
          ],
        },
      ],
    },
    {
      // `work()` starts only after `bg()` resumes: the exit kills `bg()`, and that is the one report.
      code: `${work}async function bg() {\n  await null;\n  work();\n}\nfunction main() {\n  bg();\n  process.exit(0);\n}`,
      errors: [{ messageId: 'exit', line: 7, data: { task: 'bg()', chain: '', end: 'process.exit(0)', line: 8, partial: '' }, suggestions: [] }],
    },
    {
      // …but once `bg()` is awaited, the work it leaves behind is pending in its turn.
      code: `${work}async function bg() {\n  await null;\n  work();\n}\nawait bg();\nprocess.exit(0);`,
      errors: [
        {
          messageId: 'exit',
          line: 4,
          data: { task: 'work()', chain: ' (via `bg()` → the module top level)', end: 'process.exit(0)', line: 7, partial: '' },
          suggestions: [],
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
          messageId: 'exit',
          line: 3,
          data: { task: 'work(1)', chain: '', end: 'process.exit(0)', line: 5, partial: ' It is not awaited on every path.' },
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `${work}async function main(ready) {\n  const t = ready ? work(1) : work(2);\n  if (ready) await t;\n  await t;\n  process.exit(0);\n}`,
            },
          ],
        },
        {
          messageId: 'exit',
          line: 3,
          data: { task: 'work(2)', chain: '', end: 'process.exit(0)', line: 5, partial: ' It is not awaited on every path.' },
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `${work}async function main(ready) {\n  const t = ready ? work(1) : work(2);\n  if (ready) await t;\n  await t;\n  process.exit(0);\n}`,
            },
          ],
        },
      ],
    },
    {
      // `void work()` as a handler's value: the handler hands back `undefined`, not the work.
      code: `${work}export const handler = async (event) => void work(event);`,
      errors: [{ messageId: 'handlerEnd', line: 2, suggestions: [] }],
    },
    {
      code: `${work}export const handler = async (event) => {\n  return void work(event);\n};`,
      errors: [{ messageId: 'handlerEnd', line: 3, suggestions: [] }],
    },
    {
      // Private methods are followed like public ones.
      code: `${work}class Job {\n  #start() {\n    work();\n  }\n  run() {\n    this.#start();\n    process.exit(0);\n  }\n}`,
      errors: [
        {
          messageId: 'exit',
          line: 4,
          data: { task: 'work()', chain: ' (via `#start()` → `run()`)', end: 'process.exit(0)', line: 8, partial: '' },
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
          data: { task: 'work()', chain: ' (via `helper()` → the module top level)', end: 'process.exit(0)', line: 7, partial: '' },
          suggestions: [],
        },
      ],
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
    {
      code: `${work}class Base {\n  start() {\n    work();\n  }\n}\nclass Job extends Base {\n  run() {\n    super.start();\n    process.exit(0);\n  }\n}`,
      errors: [
        {
          messageId: 'exit',
          line: 4,
          data: { task: 'work()', chain: ' (via `start()` → `run()`)', end: 'process.exit(0)', line: 10, partial: '' },
          suggestions: [],
        },
      ],
    },
    {
      code: `${work}const handler = async (event: unknown) => {\n  void work(event);\n  return { statusCode: 200 };\n};\nexport = { handler };`,
      filename: 'handler.ts',
      errors: [
        {
          messageId: 'handlerEnd',
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `${work}const handler = async (event: unknown) => {\n  await work(event);\n  return { statusCode: 200 };\n};\nexport = { handler };`,
            },
          ],
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
          data: { task: 'work(item)', chain: ' (via the callback passed to `items.forEach()` → `main()`)', end: 'process.exit(0)', line: 6, partial: '' },
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
          data: { task: 'items.map((item) => work(item))', chain: '', end: 'process.exit(0)', line: 4, partial: '' },
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
    {
      // Anonymous functions on the chain are named by what they are.
      code: `import { it } from 'vitest';\n${work}function setup() {\n  work();\n}\nit('x', () => {\n  setup();\n});`,
      errors: [
        {
          messageId: 'testEnd',
          line: 4,
          data: { task: 'work()', chain: ' (via `setup()` → the callback passed to `it()`)', line: 8, partial: '', advice: ' Await it in the test.' },
          suggestions: [],
        },
      ],
    },
  ],
});

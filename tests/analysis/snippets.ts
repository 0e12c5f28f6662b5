/**
 * Snippets that exercise every part of the lifetime model. The parity test runs each through both
 * syntax-tree dialects; the expectations pin what the analysis decides.
 */
export interface Snippet {
  readonly name: string;
  readonly code: string;
  readonly filename?: string;
  /** `describeFindings` lines. */
  readonly expected: readonly string[];
}

const work = 'async function work(...args: unknown[]) { await new Promise((r) => setTimeout(r, 10)); }\n';

export const snippets: readonly Snippet[] = [
  { name: 'void then exit', code: `${work}void work();\nprocess.exit(0);`, expected: ['2:work() [void] -> exit process.exit(0)@3'] },
  {
    name: 'catch-only then exit',
    code: `${work}work().catch(console.error);\nprocess.exit(1);`,
    expected: ['2:work() [catch-only] -> exit process.exit(1)@3'],
  },
  {
    name: 'then with two handlers',
    code: `${work}work().then(() => 1, () => 2);\nprocess.exit(1);`,
    expected: ['2:work() [catch-only] -> exit process.exit(1)@3'],
  },
  {
    name: 'node:test subtest left running, and a hook registered on the test context',
    code: `import test from 'node:test';\n${work}test('outer', async (t) => {\n  t.beforeEach(() => { work(); });\n  t.test('inner', async () => { await work(); });\n  t.test('sync', () => {});\n});`,
    expected: ['4:work() [discarded] -> test-end }@4', "5:t.test('inner', async () => { await work(); }) [discarded] -> test-end }@7"],
  },
  {
    name: 'object of named functions, with a getter and a spread that may replace members',
    code: `${work}const defaults = {};\nconst api = { work, get lazy() { return work; }, later: work, ...defaults };\nconst direct = { work };\napi.work();\napi.lazy();\ndirect.work();\nprocess.exit(0);`,
    expected: ['7:direct.work() [discarded] -> exit process.exit(0)@8'],
  },
  {
    name: 'process exit listeners: the end of the listener, and its first await',
    code: `${work}process.on('exit', () => { work(); });\nprocess.once('exit', async () => {\n  const t = work();\n  await work();\n  work();\n});\nchild.on('exit', () => { work(); });`,
    expected: [
      '2:work() [discarded] -> exit-listener }@2',
      '4:work() [unjoined-handle] -> exit-listener await work()@5',
      '5:work() [discarded] -> exit-listener await work()@5',
    ],
  },
  { name: 'awaited is safe', code: `${work}await work();\nprocess.exit(0);`, expected: [] },
  { name: 'deferred exit is safe', code: `${work}work().finally(() => process.exit(0));`, expected: [] },
  {
    name: 'deferred exit still kills other pending work',
    code: `${work}const other = work();\nwork().finally(() => process.exit(0));`,
    expected: ['2:work() [unjoined-handle] -> exit process.exit(0)@3'],
  },
  {
    name: 'Cloudflare Workers handle',
    code: `${work}export default {\n  async fetch(request: Request, env: unknown, ctx: { waitUntil(p: Promise<unknown>): void }) {\n    const t = work();\n    return new Response('ok');\n  },\n};`,
    expected: [`4:work() [unjoined-handle] -> handler-end return new Response('ok');@5`],
  },
  {
    name: 'Cloudflare Workers handle with satisfies, joined by waitUntil',
    code: `${work}export default {\n  async fetch(request: Request, env: unknown, ctx: any) {\n    ctx.waitUntil(work());\n    return new Response('ok');\n  },\n} satisfies object;`,
    expected: [],
  },
  {
    name: 'Lambda handler',
    code: `${work}export const handler = async (event: unknown) => {\n  void work();\n  return { statusCode: 200 };\n};`,
    expected: ['3:work() [void] -> handler-end return { statusCode: 200 };@4'],
  },
  {
    name: 'CommonJS Lambda handler',
    code: `${work}module.exports.handler = async function (event) {\n  work(event);\n};`,
    filename: 'handler.js',
    expected: ['3:work(event) [discarded] -> handler-end }@4'],
  },
  {
    name: 'resource closed while the task uses it',
    code: `${work}async function main(db: { close(): void }) {\n  const t = work(db);\n  db.close();\n  await t;\n}`,
    expected: ['3:work(db) [unjoined-handle] -> resource-close db.close()@4'],
  },
  {
    name: 'drained before close is safe',
    code: `${work}async function main(queue: any) {\n  work(queue);\n  queue.close();\n  await queue.onIdle();\n}`,
    expected: [],
  },
  {
    name: "a FileHandle's close waits for the writes started on it",
    code: `import { open } from 'node:fs/promises';\nasync function main() {\n  const file = await open('out.txt', 'w');\n  try {\n    file.write('data');\n  } finally {\n    await file.close();\n  }\n}`,
    expected: [],
  },
  {
    name: 'closed in finally while a helper still writes',
    code: `import { open } from 'node:fs/promises';\nasync function writeRows(file: any, rows: string[]) {\n  for (const row of rows) await file.write(row);\n}\nasync function main(rows: string[]) {\n  const file = await open('out.txt', 'w');\n  try {\n    writeRows(file, rows);\n  } finally {\n    await file.close();\n  }\n}`,
    expected: [`8:writeRows(file, rows) [discarded] -> resource-close file.close()@10`],
  },
  {
    name: 'using declaration disposes at block end',
    code: `${work}async function main(open: () => any) {\n  {\n    using connection = open();\n    work(connection);\n  }\n}`,
    expected: ['5:work(connection) [discarded] -> resource-close connection@6'],
  },
  {
    name: 'test callback',
    code: `import { it } from 'vitest';\n${work}it('works', async () => {\n  work();\n});`,
    expected: ['4:work() [discarded] -> test-end }@5'],
  },
  { name: 'describe body is not an owner', code: `${work}describe('x', () => {\n  work();\n});`, expected: [] },
  {
    name: 'exit through a helper',
    code: `${work}function die(message: string) {\n  console.error(message);\n  process.exit(1);\n}\nasync function main() {\n  work();\n  die('bad');\n}`,
    expected: [`7:work() [discarded] -> exit die('bad')@8`],
  },
  {
    name: 'headline: propagation through async and sync callers',
    code: `${work}async function backgroundTask() {\n  console.log('a');\n  work();\n  console.log('b');\n}\nfunction main() {\n  backgroundTask();\n  process.exit(0);\n}\nmain();`,
    expected: ['4:work() [discarded] -> exit process.exit(0)@9 via backgroundTask > main'],
  },
  {
    name: 'awaiting a leaky call does not join its leaked work',
    code: `${work}async function bg() {\n  work();\n  await 1;\n}\nawait bg();\nprocess.exit(0);`,
    expected: ['3:work() [discarded] -> exit process.exit(0)@7 via bg > (module)'],
  },
  {
    name: 'class method propagation',
    code: `${work}class Job {\n  start() {\n    work();\n  }\n  run() {\n    this.start();\n    process.exit(0);\n  }\n}`,
    expected: ['4:work() [discarded] -> exit process.exit(0)@8 via start > run'],
  },
  {
    name: 'joined on one path only',
    code: `${work}async function main(flag: boolean) {\n  const t = work();\n  if (flag) await t;\n  process.exit(0);\n}`,
    expected: ['3:work() [unjoined-handle] -> exit process.exit(0)@5 (partial)'],
  },
  {
    name: 'exit earlier in a loop body than the task',
    code: `${work}function drain(queue: string[]) {\n  while (true) {\n    const job = queue.pop();\n    if (!job) process.exit(0);\n    work(job);\n  }\n}`,
    expected: ['6:work(job) [discarded] -> exit process.exit(0)@5'],
  },
  {
    name: 'escapes are never reported',
    code: `${work}const all: unknown[] = [];\nfunction main() {\n  const t = work();\n  all.push(t);\n  setTimeout(() => work(), 1);\n  process.exit(0);\n}`,
    expected: [],
  },
  {
    name: 'joiner that is awaited joins its members',
    code: `${work}async function main() {\n  const a = work();\n  const b = work();\n  await Promise.all([a, b]);\n  process.exit(0);\n}`,
    expected: [],
  },
  {
    name: 'service worker listener',
    code: `${work}self.addEventListener('fetch', (event: any) => {\n  work();\n});`,
    expected: ['3:work() [discarded] -> handler-end }@4'],
  },
  {
    name: 'Next.js route handler',
    filename: 'app/api/report/route.ts',
    code: `${work}export async function POST() {\n  work();\n  return Response.json({ ok: true });\n}`,
    expected: ['3:work() [discarded] -> handler-end return Response.json({ ok: true });@4'],
  },
  {
    name: 'optional call and TS casts are transparent',
    code: `${work}const api: { work?: () => Promise<void> } = {};\n(work() as Promise<void>);\nprocess.exit(0);`,
    expected: ['3:work() [discarded] -> exit process.exit(0)@4'],
  },
  {
    name: 'node promise modules',
    code: `import { writeFile } from 'node:fs/promises';\nimport fs from 'node:fs';\nwriteFile('a', 'b');\nfs.promises.rm('c');\nprocess.exit(0);`,
    expected: [`3:writeFile('a', 'b') [discarded] -> exit process.exit(0)@5`, `4:fs.promises.rm('c') [discarded] -> exit process.exit(0)@5`],
  },
  {
    name: 'async function without await is done when called',
    code: `async function log() {\n  console.log('x');\n}\nlog();\nprocess.exit(0);`,
    expected: [],
  },
  {
    // Twelve nested loops, each starting work: walked once per level past the third (no 2^depth walks).
    name: 'deeply nested loops',
    code: `${work}function main(n: number) {\n${Array.from({ length: 12 }, (_, depth) => `${'  '.repeat(depth + 1)}for (let i${depth} = 0; i${depth} < n; i${depth}++) {\n${'  '.repeat(depth + 2)}work(${depth});`).join('\n')}\n${Array.from({ length: 12 }, (_, depth) => `${'  '.repeat(12 - depth)}}`).join('\n')}\n  process.exit(0);\n}`,
    expected: Array.from({ length: 12 }, (_, depth) => `${depth * 2 + 4}:work(${depth}) [discarded] -> exit process.exit(0)@39`),
  },
  {
    name: 'shadowed process is not the process',
    code: `${work}function main(process: { exit(): void }) {\n  work();\n  process.exit();\n}`,
    expected: [],
  },
  {
    name: 'a helper that always throws: its pending work meets only the catch',
    code: `${work}function fail(message: string): never {\n  void work(message);\n  throw new Error(message);\n}\nfunction main(ok: boolean) {\n  if (!ok) fail('a');\n  try {\n    fail('b');\n  } catch {\n    process.exit(1);\n  }\n  process.exit(0);\n}`,
    expected: ['3:work(message) [void] -> exit process.exit(1)@11 via fail > main'],
  },
  {
    name: 'constant arguments select the paths of a callee',
    code: `${work}function start({ watch = false }: { watch?: boolean } = {}, quiet = true) {\n  if (watch) work('w');\n  if (!quiet) work('q');\n}\nstart();\nstart({ watch: true });\nstart({}, false);\nprocess.exit(0);`,
    expected: [
      "3:work('w') [discarded] -> exit process.exit(0)@9 via start > (module)",
      "4:work('q') [discarded] -> exit process.exit(0)@9 via start > (module)",
    ],
  },
  {
    name: 'races, memoised promises, waits and handled signals',
    code: `import { once } from 'node:events';\n${work}let shared: Promise<void> | undefined;\nconst ready = () => (shared ??= work('ready'));\nasync function main() {\n  ready().then(() => 1);\n  await ready();\n  once(process, 'SIGTERM');\n  await Promise.race([work('a'), work('b')]);\n  process.kill(process.pid, 'SIGTERM');\n  process.exit(0);\n}`,
    expected: ["9:work('a') [raced] -> exit process.exit(0)@11", "9:work('b') [raced] -> exit process.exit(0)@11"],
  },
  {
    name: 'test completion callbacks, plans and fake timers',
    code: `import test from 'node:test';\nimport { it, vi } from 'vitest';\n${work}test('a', (t, done) => {\n  work().then(done);\n});\ntest('b', (t) => {\n  t.plan(1);\n  work();\n});\nit('c', () => {\n  vi.useFakeTimers();\n  work();\n});\nit('d', () => {\n  work('lost');\n});`,
    expected: ["16:work('lost') [discarded] -> test-end }@17"],
  },
];

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import jscodeshift, { type API } from 'jscodeshift';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import transform from '../../codemods/fix-promise-lifetime';

/*
 * `--strategy=worker` on real files: the transform (the default export, which writes the generated
 * files) runs in a fresh folder, and the folder is read back afterwards. Where moving the task into a
 * worker thread is not safe, or a generated name is taken, the codemod says why, leaves the file as it
 * is and writes nothing; under `auto` it joins the task instead, still writing nothing.
 */

const repoRoot = path.join(__dirname, '..', '..');
const fixturesRoot = path.join(repoRoot, 'fixtures');
// Inside the repository, in the same package scope as the runtime fixtures' copies.
const scratchRoot = path.join(repoRoot, 'node_modules', '.cache', 'promise-lifetime-worker-safety');

const folders: string[] = [];

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

afterAll(() => {
  rmSync(scratchRoot, { recursive: true, force: true });
});

/** A fresh folder holding `files`. */
function folderWith(files: Record<string, string>): string {
  mkdirSync(scratchRoot, { recursive: true });
  const folder = realpathSync(mkdtempSync(path.join(scratchRoot, 'case-')));
  folders.push(folder);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(folder, name), text);
  return folder;
}

/** Every file of a folder with its content. */
function contents(folder: string): Record<string, string> {
  return Object.fromEntries(readdirSync(folder).map((name) => [name, readFileSync(path.join(folder, name), 'utf8')]));
}

/** The transform on `folder/name`, as jscodeshift calls it: its result and its reports (paths as `<dir>`). */
async function run(folder: string, name: string, strategy: string, dry = false): Promise<{ output: string | undefined; reports: string[] }> {
  const file = path.join(folder, name);
  const reports: string[] = [];
  const api = {
    jscodeshift,
    j: jscodeshift,
    stats: () => undefined,
    report: (message: string) => reports.push(message.split(folder).join('<dir>')),
  } as unknown as API;
  // The plugin's defaults, without ESLint: these folders have no ESLint config.
  const output = await transform({ path: file, source: readFileSync(file, 'utf8') }, api, { strategy, dry, eslint: false });
  return { output, reports };
}

const counter = `let uploads = 0;

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function upload(name) {
  await sleep(100);
  uploads++;
  console.log(\`uploaded \${name} (\${uploads} so far)\`);
}

function main() {
  upload('report.csv');
  // Block the thread for 300 ms: no timer callback can run meanwhile.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
  process.exit(0);
}

main();
`;

const counterReason = '`upload` uses `uploads`, a module-level variable the worker would only get its own copy of';

const headline = readFileSync(path.join(fixturesRoot, 'asyncio-headline-worker', 'before.ts'), 'utf8');

describe('--strategy=worker refuses a task that mutates module state', () => {
  it('reports the reason, leaves the file unchanged and generates no file', async () => {
    const folder = folderWith({ 'main.mjs': counter });
    const { output, reports } = await run(folder, 'main.mjs', 'worker');
    expect(reports).toEqual([
      `skipped line 14: \`upload('report.csv')\` before \`process.exit(0)\` (line 17): it cannot run in a worker thread: ${counterReason}`,
    ]);
    expect(output).toBe(counter);
    expect(contents(folder)).toEqual({ 'main.mjs': counter });
  });

  it('is joined in place under auto, with the reason it stays on this thread, and no file generated', async () => {
    const folder = folderWith({ 'main.mjs': counter });
    const { output, reports } = await run(folder, 'main.mjs', 'auto');
    expect(reports).toEqual([
      "fixed line 14: `upload('report.csv')` before `process.exit(0)` (line 17)",
      `skipped line 14: \`upload('report.csv')\` starved by \`Atomics.wait(…)\` (line 16): it is awaited now, but still runs on the blocked main thread: ${counterReason}`,
    ]);
    expect(output).toContain('const uploadTask = upload(');
    expect(output).toContain('await uploadTask;');
    expect(readdirSync(folder)).toEqual(['main.mjs']);
  });
});

describe('generated files never replace existing ones', () => {
  const mine = "// Not generated: somebody else's module, which must survive the codemod.\nexport const mine = true;\n";

  for (const taken of ['main.task.ts', 'main.task.worker.ts']) {
    it(`refuses under --strategy=worker when ${taken} exists, and writes nothing`, async () => {
      const folder = folderWith({ 'main.ts': headline, [taken]: mine });
      const { output, reports } = await run(folder, 'main.ts', 'worker');
      expect(reports).toEqual([
        `skipped line 19: \`task()\` before \`process.exit(0)\` (line 30): it cannot run in a worker thread: \`${taken}\` already exists, and generated files never replace existing ones`,
      ]);
      expect(output).toBe(headline);
      expect(contents(folder)).toEqual({ 'main.ts': headline, [taken]: mine });
    });
  }

  it('joins the task in place under auto when a generated name is taken, and writes nothing', async () => {
    const folder = folderWith({ 'main.ts': headline, 'main.task.ts': mine });
    const { output, reports } = await run(folder, 'main.ts', 'auto');
    expect(reports).toEqual([
      'fixed line 19: `task()` before `process.exit(0)` (line 30)',
      'skipped line 19: `task()` starved by `Atomics.wait(…)` (line 27): it is awaited now, but still runs on the blocked main thread: `main.task.ts` already exists, and generated files never replace existing ones',
    ]);
    expect(output).toBe(readFileSync(path.join(fixturesRoot, 'asyncio-headline', 'after.ts'), 'utf8'));
    expect(contents(folder)).toEqual({ 'main.ts': headline, 'main.task.ts': mine });
  });

  it('creates both files when the names are free (the control)', async () => {
    const folder = folderWith({ 'main.ts': headline });
    const { output, reports } = await run(folder, 'main.ts', 'worker');
    expect(reports).toEqual([
      'fixed line 19: `task()` before `process.exit(0)` (line 30), run in a worker thread',
      'created <dir>/main.task.ts',
      'created <dir>/main.task.worker.ts',
    ]);
    expect(output).toBe(readFileSync(path.join(fixturesRoot, 'asyncio-headline-worker', 'after.ts'), 'utf8'));
    const generated = path.join(fixturesRoot, 'asyncio-headline-worker', 'generated');
    expect(contents(folder)).toEqual({ 'main.ts': headline, ...contents(generated) });
  });

  it('writes nothing with --dry, and says what it would create', async () => {
    const folder = folderWith({ 'main.ts': headline });
    const { output, reports } = await run(folder, 'main.ts', 'worker', true);
    expect(reports).toEqual([
      'fixed line 19: `task()` before `process.exit(0)` (line 30), run in a worker thread',
      'would create <dir>/main.task.ts',
      'would create <dir>/main.task.worker.ts',
    ]);
    // jscodeshift itself does not write the returned text under --dry.
    expect(output).toBe(readFileSync(path.join(fixturesRoot, 'asyncio-headline-worker', 'after.ts'), 'utf8'));
    expect(contents(folder)).toEqual({ 'main.ts': headline });
  });
});

describe('auto picks the worker for a task starved by blocking work', () => {
  for (const [fixture, program] of [
    ['asyncio-headline-worker', 'main.ts'],
    ['worker-cpu-bound-esm', 'main.mjs'],
    ['worker-exported-task-ts', 'main.ts'],
  ] as const) {
    it(`${fixture}: the same rewrite and files as --strategy=worker`, async () => {
      const source = readFileSync(path.join(fixturesRoot, fixture, `before${path.extname(program)}`), 'utf8');
      const results = await Promise.all(
        (['auto', 'worker'] as const).map(async (strategy) => {
          const folder = folderWith({ [program]: source });
          const { output, reports } = await run(folder, program, strategy);
          return { output, reports, files: contents(folder) };
        }),
      );
      expect(results[0]).toEqual(results[1]);
      expect(results[0]!.reports[0]).toMatch(/, run in a worker thread$/);
    });
  }
});

describe('an exported task stays an export of its module', () => {
  // The program runs its work only as the entry point, so that another module can import its task.
  const program = `import { fileURLToPath } from 'node:url';

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function upload(name) {
  await sleep(50);
  console.log(\`uploaded \${name}\`);
  return name.length;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  upload('report.csv');
  // Block the thread for 200 ms: no timer callback can run meanwhile.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
  process.exit(0);
}
`;
  const other = `import { upload } from './main.mjs';

const length = await upload('from another module');
console.log(\`another module got \${length}\`);
`;

  it('is moved to the worker, re-exported, and still runs when another module imports and calls it', async () => {
    const folder = folderWith({ 'main.mjs': program, 'other.mjs': other });
    const { output, reports } = await run(folder, 'main.mjs', 'worker');
    expect(reports).toEqual([
      "fixed line 14: `upload('report.csv')` before `process.exit(0)` (line 17), run in a worker thread",
      'created <dir>/main.upload.mjs',
      'created <dir>/main.upload.worker.mjs',
    ]);
    expect(output).toContain("export { upload } from './main.upload.mjs';");
    expect(output).toContain("const uploadTask = uploadInWorker('report.csv');");
    writeFileSync(path.join(folder, 'main.mjs'), output!);
    // The entry point now keeps its work, in the worker thread.
    expect(execFileSync(process.execPath, ['main.mjs'], { cwd: folder, encoding: 'utf8' })).toBe('uploaded report.csv\n');
    // Another module gets the same `upload` through the re-export, and runs it on its own thread.
    expect(execFileSync(process.execPath, ['other.mjs'], { cwd: folder, encoding: 'utf8' })).toBe('uploaded from another module\nanother module got 19\n');
  });
});

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import parser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import plugin from '../rules/index';
import { apply } from './helpers/apply-transform';

/*
 * Runtime fixtures: each `fixtures/<case>/` holds a program that really loses work (`before.<ext>`),
 * the codemod's exact output for it (`after.<ext>`) and a `fixture.json` naming the output lines of
 * the lost work. Running both proves the bug and the fix; fixtures/README.md describes the schema.
 */

const repoRoot = path.join(__dirname, '..');
const fixturesRoot = path.join(repoRoot, 'fixtures');
const lambdaRuntime = path.join(fixturesRoot, '_harness', 'lambda-runtime.mjs');
// Under the repository's node_modules, so that fixtures resolve packages (vitest) by walking up.
const scratchRoot = path.join(repoRoot, 'node_modules', '.cache', 'promise-lifetime-fixtures');

const requireFromRepo = createRequire(path.join(repoRoot, 'package.json'));
const tsxLoader = pathToFileURL(requireFromRepo.resolve('tsx')).href;
const vitestPackage = requireFromRepo.resolve('vitest/package.json');
const vitestCli = path.join(path.dirname(vitestPackage), (JSON.parse(readFileSync(vitestPackage, 'utf8')) as { bin: { vitest: string } }).bin.vitest);

/** A generous bound on one program run; a run that hits it fails its case (no assertion on speed). */
const RUN_TIMEOUT_MS = 60_000;
/** How long the Lambda "service" keeps the environment frozen between invocations. */
const FREEZE_MS = 500;
/** How many invocations the Lambda runner sends before it freezes and kills the environment. */
const INVOCATIONS = 2;

type Runner = 'node' | 'tsx' | 'vitest' | 'lambda';

interface FixtureSpec {
  readonly description: string;
  readonly runner: Runner;
  readonly lost: readonly string[];
  readonly files?: Readonly<Record<string, string>>;
  readonly window?: { readonly after?: string; readonly before?: string };
  readonly exitCode?: number;
  /** The codemod's `--strategy` (default `auto`). */
  readonly strategy?: 'auto' | 'await' | 'worker';
}

interface Fixture {
  readonly name: string;
  readonly dir: string;
  readonly ext: string;
  readonly spec: FixtureSpec;
  readonly before: string;
  readonly after: string;
}

const SPEC_KEYS = new Set(['description', 'runner', 'lost', 'files', 'window', 'exitCode', 'strategy']);
const RUNNERS = new Set<Runner>(['node', 'tsx', 'vitest', 'lambda']);

function discoverFixtures(): Fixture[] {
  return readdirSync(fixturesRoot, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(fixturesRoot, entry.name, 'fixture.json')))
    .map((entry) => loadFixture(entry.name))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function loadFixture(name: string): Fixture {
  const dir = path.join(fixturesRoot, name);
  const spec = JSON.parse(readFileSync(path.join(dir, 'fixture.json'), 'utf8')) as FixtureSpec;
  const befores = readdirSync(dir).filter((file) => /^before\.[cm]?[jt]s$/.test(file));
  if (befores.length !== 1) throw new Error(`fixtures/${name}: expected exactly one before.<ext>, found ${befores.length}`);
  const ext = path.extname(befores[0]!).slice(1);
  return {
    name,
    dir,
    ext,
    spec,
    before: readFileSync(path.join(dir, `before.${ext}`), 'utf8'),
    after: readFileSync(path.join(dir, `after.${ext}`), 'utf8'),
  };
}

/** Problems with a fixture.json, so that a typo fails loudly instead of weakening the case. */
function specProblems(fixture: Fixture): string[] {
  const { spec, ext } = fixture;
  const problems = Object.keys(spec)
    .filter((key) => !SPEC_KEYS.has(key))
    .map((key) => `unknown key "${key}"`);
  if (typeof spec.description !== 'string' || spec.description === '') problems.push('"description" must be a non-empty string');
  if (!RUNNERS.has(spec.runner)) problems.push(`"runner" must be one of ${[...RUNNERS].join(', ')}`);
  if (spec.runner === 'node' && ext === 'ts') problems.push('TypeScript programs use the "tsx" runner');
  if (spec.runner === 'tsx' && ext !== 'ts') problems.push('the "tsx" runner is for before.ts / after.ts');
  if (!Array.isArray(spec.lost) || spec.lost.length === 0 || spec.lost.some((marker) => typeof marker !== 'string' || marker === '')) {
    problems.push('"lost" must list at least one non-empty marker');
  }
  if (spec.window !== undefined && Object.keys(spec.window).some((key) => key !== 'after' && key !== 'before')) problems.push('"window" takes only "after" and "before"');
  if (spec.runner === 'lambda' && spec.exitCode !== undefined) problems.push('"exitCode" does not apply to the lambda runner (the environment is killed)');
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Running a program in a fresh temporary copy

interface Run {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  /** The `files` of the fixture as the run left them (null: not written). */
  readonly files: Readonly<Record<string, string | null>>;
}

/** The environment of a child: no inherited vitest worker state, no colours. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(VITEST|TINYPOOL)/.test(key) || key === 'FORCE_COLOR' || key === 'NODE_ENV') continue;
    env[key] = value;
  }
  env.NO_COLOR = '1';
  return env;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The program's file name in the temporary copy: the same for before and after, so outputs compare. */
function programName(fixture: Fixture): string {
  return fixture.spec.runner === 'vitest' ? `main.test.${fixture.ext}` : `main.${fixture.ext}`;
}

function commandFor(fixture: Fixture, program: string): string[] {
  const loader = fixture.ext === 'ts' ? ['--import', tsxLoader] : [];
  switch (fixture.spec.runner) {
    case 'vitest':
      return [vitestCli, 'run', '--root', '.', '--config', 'vitest.config.mjs'];
    case 'lambda':
      return [...loader, lambdaRuntime, program];
    default:
      return [...loader, program];
  }
}

async function runProgram(fixture: Fixture, source: string): Promise<Run> {
  mkdirSync(scratchRoot, { recursive: true });
  const dir = realpathSync(mkdtempSync(path.join(scratchRoot, `${fixture.name}-`)));
  try {
    const program = programName(fixture);
    writeFileSync(path.join(dir, program), source);
    if (fixture.spec.runner === 'vitest') {
      // A minimal inline config: only this file, no watch mode, nothing inherited from the repository.
      writeFileSync(path.join(dir, 'vitest.config.mjs'), `export default { test: { include: [${JSON.stringify(program)}], watch: false } };\n`);
    }
    const child = spawn(process.execPath, commandFor(fixture, program), { cwd: dir, env: childEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.stdin.on('error', () => undefined); // the child may exit without reading its input
    let timedOut = false;
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => resolve({ code, signal }));
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, RUN_TIMEOUT_MS);
    try {
      if (fixture.spec.runner === 'lambda') {
        await driveLambda(child, () => stdout, exited);
      } else {
        child.stdin.end();
      }
      const { code, signal } = await exited;
      const files: Record<string, string | null> = {};
      for (const name of Object.keys(fixture.spec.files ?? {})) {
        const file = path.join(dir, name);
        files[name] = existsSync(file) ? readFileSync(file, 'utf8') : null;
      }
      const scrub = (text: string): string => text.split(pathToFileURL(dir).href).join('<dir>').split(dir).join('<dir>');
      return { stdout: scrub(stdout), stderr: scrub(stderr), code, signal, timedOut, files };
    } finally {
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Plays the Lambda service for `fixtures/_harness/lambda-runtime.mjs`: sends an invocation, waits for
 * its `END` line, freezes the environment (SIGSTOP) for longer than the leaked work needs, thaws it
 * (SIGCONT) with the next invocation, and after the last one freezes and kills it.
 */
async function driveLambda(child: ReturnType<typeof spawn>, stdout: () => string, exited: Promise<unknown>): Promise<void> {
  let done = false;
  const markDone = (): void => {
    done = true;
  };
  const watchExit = exited.then(markDone, markDone);
  const waitForLine = async (line: string): Promise<void> => {
    while (!stdout().split('\n').includes(line)) {
      if (done) throw new Error(`the Lambda runtime exited before printing "${line}"\n${stdout()}`);
      await sleep(10);
    }
  };
  for (let id = 1; id <= INVOCATIONS; id++) {
    if (id > 1) {
      await sleep(FREEZE_MS);
      child.kill('SIGCONT');
    }
    child.stdin!.write(`${JSON.stringify({ id })}\n`);
    await waitForLine(`END RequestId: ${id}`);
    child.kill('SIGSTOP');
  }
  child.kill('SIGKILL');
  await watchExit;
}

// ---------------------------------------------------------------------------------------------
// Reading the output

/** Output lines without blank lines, with what varies between runs (timings, vitest's clock) left out. */
function outputLines(text: string, runner: Runner): string[] {
  let lines = text
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '');
  if (runner === 'vitest') {
    lines = lines.filter((line) => !/^\s*(Start at|Duration)\b/.test(line)).map((line) => line.replace(/\b\d+(?:\.\d+)?\s?m?s\b/g, '<time>'));
  }
  return lines;
}

/** The lines between the window's bounds (exclusive); each bound is the first line containing it. */
function windowOf(lines: string[], spec: FixtureSpec): string[] {
  let start = 0;
  let end = lines.length;
  if (spec.window?.after !== undefined) {
    const index = lines.findIndex((line) => line.includes(spec.window!.after!));
    expect(index, `the window's start line "${spec.window.after}" is printed`).not.toBe(-1);
    start = index + 1;
  }
  if (spec.window?.before !== undefined) {
    const index = lines.findIndex((line) => line.includes(spec.window!.before!));
    expect(index, `the window's end line "${spec.window.before}" is printed`).not.toBe(-1);
    end = index;
  }
  return lines.slice(start, end);
}

/** Whether `needles` appear in `haystack` in the same relative order; returns the first missing one. */
function firstMissingInOrder(needles: readonly string[], haystack: readonly string[]): string | null {
  let at = 0;
  for (const needle of needles) {
    while (at < haystack.length && haystack[at] !== needle) at++;
    if (at === haystack.length) return needle;
    at++;
  }
  return null;
}

function describeRun(run: Run): string {
  return `exit ${run.code ?? run.signal}${run.timedOut ? ' (timed out)' : ''}\n--- stdout\n${run.stdout}--- stderr\n${run.stderr}`;
}

// ---------------------------------------------------------------------------------------------
// Linting with the rule

function lint(fixture: Fixture, source: string, file: 'before' | 'after'): Linter.LintMessage[] {
  const linter = new Linter({ configType: 'flat', cwd: repoRoot });
  const config: Linter.Config = {
    files: ['**/*.{js,mjs,cjs,ts}'],
    plugins: { 'promise-lifetime': plugin as unknown as NonNullable<Linter.Config['plugins']>[string] },
    languageOptions: { parser, sourceType: fixture.ext === 'cjs' ? 'commonjs' : 'module' },
    rules: { 'promise-lifetime/no-outlived-promise': 'error' },
  };
  return linter.verify(source, [config], { filename: path.join(fixture.dir, `${file}.${fixture.ext}`) });
}

/** The task of a codemod report (`fixed line 3: \`work()\` before …`) or of a rule message (`\`work()\` is …`). */
function taskText(text: string): string {
  return /`([^`]*)`/.exec(text)?.[1] ?? text;
}

// ---------------------------------------------------------------------------------------------

const fixtures = discoverFixtures();

afterAll(() => {
  // Each run removes its own copy; remove the shared folder when nothing else is left in it.
  if (existsSync(scratchRoot) && readdirSync(scratchRoot).length === 0) rmSync(scratchRoot, { recursive: true, force: true });
});

describe('runtime fixtures', () => {
  it('finds the cases under fixtures/', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(10);
  });

  for (const fixture of fixtures) {
    const { name, spec } = fixture;
    const skipLambda = spec.runner === 'lambda' && process.platform === 'win32'; // SIGSTOP/SIGCONT are POSIX

    describe.skipIf(skipLambda)(name, () => {
      const beforePath = `fixtures/${name}/before.${fixture.ext}`;
      let before: Run;
      let after: Run;

      beforeAll(async () => {
        expect(specProblems(fixture), `fixtures/${name}/fixture.json`).toEqual([]);
        [before, after] = await Promise.all([runProgram(fixture, fixture.before), runProgram(fixture, fixture.after)]);
      }, 3 * RUN_TIMEOUT_MS);

      it('loses the work before the fix', () => {
        expect(before.timedOut, describeRun(before)).toBe(false);
        const lines = windowOf(outputLines(before.stdout, spec.runner), spec);
        for (const marker of spec.lost) {
          expect(
            lines.filter((line) => line.includes(marker)),
            `"${marker}" must be missing from before's output${spec.window ? ' window' : ''}\n${describeRun(before)}`,
          ).toEqual([]);
        }
        for (const [file, content] of Object.entries(spec.files ?? {})) {
          expect(before.files[file], `${file} must be missing or incomplete before the fix`).not.toBe(content);
        }
      });

      it('is rewritten by the codemod into after, byte for byte', () => {
        const { output, reports } = apply(fixture.before, beforePath, { strategy: spec.strategy ?? 'auto' });
        expect(reports.filter((report) => report.startsWith('fixed')).length, reports.join('\n')).toBeGreaterThan(0);
        expect(output ?? fixture.before).toBe(fixture.after);
      });

      it('keeps the work after the fix', () => {
        expect(after.timedOut, describeRun(after)).toBe(false);
        if (spec.runner !== 'lambda') expect(after.code, describeRun(after)).toBe(spec.exitCode ?? 0);
        const lines = windowOf(outputLines(after.stdout, spec.runner), spec);
        for (const marker of spec.lost) {
          expect(
            lines.some((line) => line.includes(marker)),
            `"${marker}" must be printed by after${spec.window ? ' within the window' : ''}\n${describeRun(after)}`,
          ).toBe(true);
        }
        for (const [file, content] of Object.entries(spec.files ?? {})) {
          expect(after.files[file], `${file} after the fix`).toBe(content);
        }
      });

      it("keeps the rest of before's output, in the same order", () => {
        // Standard error only when both runs end alike: a before that crashes reports the bug there.
        const streams = before.code === after.code && before.signal === after.signal ? (['stdout', 'stderr'] as const) : (['stdout'] as const);
        for (const stream of streams) {
          const kept = outputLines(before[stream], spec.runner).filter((line) => !spec.lost.some((marker) => line.includes(marker)));
          const missing = firstMissingInOrder(kept, outputLines(after[stream], spec.runner));
          expect(missing, `before's ${stream} line ${JSON.stringify(missing)} is missing (or out of order) in after's\n--- before\n${before[stream]}--- after\n${after[stream]}`).toBeNull();
        }
      });

      it('is linted clean after the fix, except for what the codemod skipped', () => {
        const { reports } = apply(fixture.before, beforePath, { strategy: spec.strategy ?? 'auto' });
        const beforeMessages = lint(fixture, fixture.before, 'before');
        expect(beforeMessages.filter((message) => message.ruleId !== 'promise-lifetime/no-outlived-promise')).toEqual([]);
        expect(beforeMessages.map((message) => taskText(message.message)).sort(), 'the rule reports what the codemod fixes and skips').toEqual(
          reports.map(taskText).sort(),
        );
        const afterMessages = lint(fixture, fixture.after, 'after');
        expect(afterMessages.filter((message) => message.ruleId !== 'promise-lifetime/no-outlived-promise')).toEqual([]);
        const skipped = reports.filter((report) => report.startsWith('skipped'));
        expect(afterMessages.map((message) => taskText(message.message)).sort()).toEqual(skipped.map(taskText).sort());
      });
    });
  }
});

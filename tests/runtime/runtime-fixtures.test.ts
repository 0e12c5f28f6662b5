import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import parser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import plugin from '../../index';
import { apply } from '../helpers/apply-transform';

/*
 * Runtime fixtures: each `fixtures/<case>/` holds a program that really loses work (`before.<ext>`),
 * the codemod's exact output for it (`after.<ext>`, with the files it generates in `generated/`) and a
 * `fixture.json` naming the output lines of the lost work. Running both proves the bug and the fix;
 * for worker offloads, stamped output proves the task ran in parallel with the blocking main thread.
 * fixtures/README.md describes the schema.
 */

const repoRoot = path.join(__dirname, '..', '..');
const fixturesRoot = path.join(repoRoot, 'fixtures');
const lambdaRuntime = path.join(fixturesRoot, '_harness', 'lambda-runtime.mjs');
const workerdRuntime = path.join(fixturesRoot, '_harness', 'workerd-runtime.mjs');
const stampConsole = path.join(fixturesRoot, '_harness', 'stamp-console.cjs');
// Under the repository's node_modules, so that fixtures resolve packages (vitest) by walking up.
const scratchRoot = path.join(repoRoot, 'node_modules', '.cache', 'promise-lifetime-fixtures');

const requireFromRepo = createRequire(path.join(repoRoot, 'package.json'));
const tsxLoader = pathToFileURL(requireFromRepo.resolve('tsx')).href;
const vitestPackage = requireFromRepo.resolve('vitest/package.json');
const vitestCli = path.join(path.dirname(vitestPackage), (JSON.parse(readFileSync(vitestPackage, 'utf8')) as { bin: { vitest: string } }).bin.vitest);
// What `npx jest` runs (jest's bin), started with this node.
const jestPackage = requireFromRepo.resolve('jest/package.json');
const jestCli = path.join(path.dirname(jestPackage), (JSON.parse(readFileSync(jestPackage, 'utf8')) as { bin: string }).bin);
// What node_modules/.bin/tsc runs, started with this node (no shell, no .bin shim).
const tscCli = requireFromRepo.resolve('typescript/bin/tsc');

/** A generous bound on one program run; a run that hits it fails its case (no assertion on speed). */
const RUN_TIMEOUT_MS = 60_000;
/** How long the Lambda "service" keeps the environment frozen between invocations. */
const FREEZE_MS = 500;
/** How many invocations the Lambda runner sends before it freezes and kills the environment. */
const INVOCATIONS = 2;
/**
 * How many times a fixed program runs at most until its stamps show the parallelism (`"parallel"`): one
 * run that shows it proves it; a run where a loaded machine gave the worker no core in time does not
 * disprove it (run one after the other, the same work never shows it, however often it runs).
 */
const PARALLEL_ATTEMPTS = 3;

/**
 * The jest runner's config, written next to the copy (its rootDir): nothing inherited from the repository.
 * The copy lives under node_modules/.cache/, which jest leaves out of its file map and its test paths by
 * default; no watchman; no transform (babel-jest off, the test file runs as node loads it); a cache
 * of the copy's own, so no timings of an earlier run steer jest. `workerIdleMemoryLimit` makes jest run
 * the one file in a worker process, as it runs any project with more than one test file and no cached
 * timings (in band, with one file, a rejection after the run ends crashes jest's own process instead).
 */
const JEST_CONFIG = {
  testPathIgnorePatterns: [],
  haste: { retainAllFiles: true },
  watchman: false,
  transform: {},
  cacheDirectory: '<rootDir>/.jest-cache',
  workerIdleMemoryLimit: '1GB',
};

type Runner = 'node' | 'tsx' | 'vitest' | 'jest' | 'node-test' | 'lambda' | 'workerd';
/** The Workers events the workerd runner triggers. */
type WorkerEvent = 'fetch' | 'scheduled' | 'queue';

interface FixtureSpec {
  readonly description: string;
  readonly runner: Runner;
  readonly lost: readonly string[];
  readonly files?: Readonly<Record<string, string>>;
  readonly window?: { readonly after?: string; readonly before?: string };
  readonly exitCode?: number;
  /** The exit status of before, checked when given (required by the jest and node-test runners: the false green). */
  readonly beforeExitCode?: number;
  /** node-test runner: run with `--test-force-exit`, so the run ends when its tests do. */
  readonly testForceExit?: boolean;
  /** The codemod's `--strategy` (default `auto`). */
  readonly strategy?: 'auto' | 'await' | 'worker';
  /** Stamp the output and prove that the `lines` were produced while the main thread was still blocking. */
  readonly parallel?: { readonly during: string; readonly lines: readonly string[] };
  /** Also compile after (and the generated files) with tsc and run the JavaScript with plain node. */
  readonly compiled?: boolean;
  /** The codemod's `--allow-async-exports`: exported functions may become async. */
  readonly allowAsyncExports?: boolean;
  /** workerd runner: the handler the runtime calls (`fetch`, `scheduled`, `queue`). */
  readonly event?: WorkerEvent;
}

interface Fixture {
  readonly name: string;
  readonly dir: string;
  readonly ext: string;
  readonly spec: FixtureSpec;
  readonly before: string;
  readonly after: string;
  /** `generated/<name>`: the files the codemod creates next to the program (named after `main.<ext>`). */
  readonly generated: Readonly<Record<string, string>>;
}

const SPEC_KEYS = new Set([
  'description',
  'runner',
  'lost',
  'files',
  'window',
  'exitCode',
  'beforeExitCode',
  'testForceExit',
  'strategy',
  'parallel',
  'compiled',
  'allowAsyncExports',
  'event',
]);
const RUNNERS = new Set<Runner>(['node', 'tsx', 'vitest', 'jest', 'node-test', 'lambda', 'workerd']);
/** Runners whose program is a test file, named `main.test.<ext>`. */
const TEST_RUNNERS = new Set<Runner>(['vitest', 'jest', 'node-test']);
/**
 * Test runners whose verdict is what the fix changes (a false green turns into the failure it hid): their
 * report is where the markers are and is not compared line by line between before and after.
 */
const VERDICT_RUNNERS = new Set<Runner>(['jest', 'node-test']);
const WORKER_EVENTS = new Set<WorkerEvent>(['fetch', 'scheduled', 'queue']);

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
  const generatedDir = path.join(dir, 'generated');
  const generated = existsSync(generatedDir)
    ? Object.fromEntries(readdirSync(generatedDir).map((file) => [file, readFileSync(path.join(generatedDir, file), 'utf8')]))
    : {};
  return {
    name,
    dir,
    ext,
    spec,
    before: readFileSync(path.join(dir, `before.${ext}`), 'utf8'),
    after: readFileSync(path.join(dir, `after.${ext}`), 'utf8'),
    generated,
  };
}

function isTypeScript(ext: string): boolean {
  return /^[cm]?ts$/.test(ext);
}

/** Problems with a fixture.json, so that a typo fails loudly instead of weakening the case. */
function specProblems(fixture: Fixture): string[] {
  const { spec, ext } = fixture;
  const problems = Object.keys(spec)
    .filter((key) => !SPEC_KEYS.has(key))
    .map((key) => `unknown key "${key}"`);
  if (typeof spec.description !== 'string' || spec.description === '') problems.push('"description" must be a non-empty string');
  if (!RUNNERS.has(spec.runner)) problems.push(`"runner" must be one of ${[...RUNNERS].join(', ')}`);
  if (spec.runner === 'node' && isTypeScript(ext)) problems.push('TypeScript programs use the "tsx" runner');
  if (spec.runner === 'tsx' && !isTypeScript(ext)) problems.push('the "tsx" runner is for before.ts / after.ts (.mts, .cts)');
  if (!Array.isArray(spec.lost) || spec.lost.length === 0 || spec.lost.some((marker) => typeof marker !== 'string' || marker === '')) {
    problems.push('"lost" must list at least one non-empty marker');
  }
  if (spec.window !== undefined && Object.keys(spec.window).some((key) => key !== 'after' && key !== 'before'))
    problems.push('"window" takes only "after" and "before"');
  if (spec.runner === 'lambda' && spec.exitCode !== undefined) problems.push('"exitCode" does not apply to the lambda runner (the environment is killed)');
  if (spec.beforeExitCode !== undefined && !Number.isInteger(spec.beforeExitCode)) problems.push('"beforeExitCode" must be an integer');
  if (spec.runner === 'lambda' && spec.beforeExitCode !== undefined)
    problems.push('"beforeExitCode" does not apply to the lambda runner (the environment is killed)');
  if (VERDICT_RUNNERS.has(spec.runner) && spec.beforeExitCode === undefined)
    problems.push(`the "${spec.runner}" runner needs "beforeExitCode" (the false green)`);
  // No transform (babel-jest off) and no TypeScript loader: the test file runs as node loads it.
  if (spec.runner === 'jest' && ext !== 'js' && ext !== 'cjs') problems.push('the "jest" runner is for CommonJS test files (before.js / before.cjs)');
  if (spec.runner === 'node-test' && isTypeScript(ext)) problems.push('the "node-test" runner is for JavaScript test files (before.mjs / .cjs / .js)');
  if (spec.testForceExit !== undefined && spec.testForceExit !== true) problems.push('"testForceExit" is true or left out');
  if (spec.testForceExit && spec.runner !== 'node-test') problems.push('"testForceExit" is for the node-test runner');
  if (spec.parallel !== undefined) {
    const { during, lines } = spec.parallel as { during?: unknown; lines?: unknown };
    if (Object.keys(spec.parallel).some((key) => key !== 'during' && key !== 'lines')) problems.push('"parallel" takes only "during" and "lines"');
    if (typeof during !== 'string' || during === '') problems.push('"parallel.during" must be a non-empty marker');
    if (!Array.isArray(lines) || lines.length === 0 || lines.some((marker) => typeof marker !== 'string' || marker === '')) {
      problems.push('"parallel.lines" must list at least one non-empty marker');
    }
    if (spec.runner !== 'node' && spec.runner !== 'tsx') problems.push('"parallel" is for the node and tsx runners');
  }
  if (spec.compiled !== undefined && spec.compiled !== true) problems.push('"compiled" is true or left out');
  if (spec.compiled && spec.runner !== 'tsx') problems.push('"compiled" is for TypeScript programs (the "tsx" runner)');
  if (spec.allowAsyncExports !== undefined && spec.allowAsyncExports !== true) problems.push('"allowAsyncExports" is true or left out');
  if (spec.runner === 'workerd') {
    if (spec.event === undefined || !WORKER_EVENTS.has(spec.event)) problems.push(`"event" must be one of ${[...WORKER_EVENTS].join(', ')}`);
    if (ext !== 'mjs' && ext !== 'js') problems.push('the "workerd" runner is for ES module Workers (before.mjs / before.js)');
    // The test-side stamps place the lost lines against the event's end; a window would only weaken that.
    if (spec.window !== undefined) problems.push('"window" does not apply to the workerd runner (the stamps order the lines)');
  } else if (spec.event !== undefined) problems.push('"event" is for the workerd runner');
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Running a program in a fresh temporary copy

/** A standard-output line of a stamped run (`"parallel"`): when and in which thread it was produced. */
interface StampedLine {
  readonly text: string;
  /** Milliseconds since the epoch, taken in the thread that produced the line. */
  readonly time: number;
  /** 0 for the main thread. */
  readonly thread: number;
}

interface Run {
  /** Standard output, without the stamps of a stamped run. */
  readonly stdout: string;
  /** Standard output as printed (with the stamps). */
  readonly rawStdout: string;
  readonly stderr: string;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  /** The `files` of the fixture as the run left them (null: not written). */
  readonly files: Readonly<Record<string, string | null>>;
  /** The stamped lines, in the order printed (empty when the run is not stamped). */
  readonly stamped: readonly StampedLine[];
  /** When the main thread exited (stamped runs). */
  readonly exitStamp: number | null;
  /** Earlier runs of the same program whose stamps did not show the parallelism, summarised. */
  readonly retried: readonly string[];
}

/** The environment of a child: no inherited vitest worker state, no colours. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(VITEST|TINYPOOL|JEST_)/.test(key) || key === 'FORCE_COLOR' || key === 'NODE_ENV' || key === 'NODE_TEST_CONTEXT') continue;
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
  return TEST_RUNNERS.has(fixture.spec.runner) ? `main.test.${fixture.ext}` : `main.${fixture.ext}`;
}

function commandFor(fixture: Fixture, program: string): string[] {
  const loader = isTypeScript(fixture.ext) ? ['--import', tsxLoader] : [];
  switch (fixture.spec.runner) {
    case 'vitest':
      return [vitestCli, 'run', '--root', '.', '--config', 'vitest.config.mjs'];
    case 'jest':
      return [jestCli, '--ci', '--config', 'jest.config.json', '--rootDir', '.'];
    case 'node-test':
      return ['--test', ...(fixture.spec.testForceExit ? ['--test-force-exit'] : []), program];
    case 'lambda':
      return [...loader, lambdaRuntime, program];
    case 'workerd':
      return [workerdRuntime, program, fixture.spec.event!];
    default:
      return [...loader, program];
  }
}

/** A fresh folder for one copy, inside the repository so that programs resolve its packages. */
function freshDir(fixture: Fixture): string {
  mkdirSync(scratchRoot, { recursive: true });
  return realpathSync(mkdtempSync(path.join(scratchRoot, `${fixture.name}-`)));
}

const STAMP = /^\[stamp (\d+(?:\.\d+)?) (\d+)\] ?(.*)$/;

/** Splits a stamped standard output into its plain text, its stamped lines and the exit stamp. */
function readStamps(stdout: string): { plain: string; stamped: StampedLine[]; exitStamp: number | null } {
  const stamped: StampedLine[] = [];
  let exitStamp: number | null = null;
  const plain = stdout
    .split('\n')
    .filter((line) => {
      const match = STAMP.exec(line);
      if (!match) return true;
      const [, time, thread, text] = match;
      if (text === '<exit>' && thread === '0') {
        exitStamp = Number(time);
        return false;
      }
      stamped.push({ text: text!.trimEnd(), time: Number(time), thread: Number(thread) });
      return true;
    })
    .map((line) => line.replace(STAMP, '$3'))
    .join('\n');
  return { plain, stamped, exitStamp };
}

interface RunOptions {
  /** Other files of the copy, next to the program (the generated files, for after). */
  readonly files?: Readonly<Record<string, string>>;
  /** Compile the copy with tsc first and run the JavaScript with plain node. */
  readonly compile?: boolean;
  /** Run again (up to PARALLEL_ATTEMPTS in all) while the stamps do not show the parallelism. */
  readonly provesParallel?: boolean;
}

async function runProgram(fixture: Fixture, source: string, options: RunOptions = {}): Promise<Run> {
  const dir = freshDir(fixture);
  try {
    const program = programName(fixture);
    writeFileSync(path.join(dir, program), source);
    for (const [name, text] of Object.entries(options.files ?? {})) writeFileSync(path.join(dir, name), text);
    if (fixture.spec.runner === 'vitest') {
      // A minimal inline config: only this file, no watch mode, nothing inherited from the repository.
      writeFileSync(path.join(dir, 'vitest.config.mjs'), `export default { test: { include: [${JSON.stringify(program)}], watch: false } };\n`);
    }
    if (fixture.spec.runner === 'jest') writeFileSync(path.join(dir, 'jest.config.json'), `${JSON.stringify(JEST_CONFIG, null, 2)}\n`);
    let command = commandFor(fixture, program);
    if (options.compile) {
      const compiled = await compileCopy(dir, [program, ...Object.keys(options.files ?? {})]);
      if (compiled.failure !== null) {
        return {
          stdout: '',
          rawStdout: '',
          stderr: compiled.failure,
          code: null,
          signal: null,
          timedOut: false,
          files: {},
          stamped: [],
          exitStamp: null,
          retried: [],
        };
      }
      command = [compiled.output(program)];
    }
    if (fixture.spec.parallel) command = ['--require', stampConsole, ...command];
    const retried: string[] = [];
    for (;;) {
      const run = await runIn(dir, fixture, command);
      const problems = options.provesParallel && fixture.spec.parallel ? parallelEvidence(fixture.spec.parallel, run).problems : [];
      if (problems.length === 0 || run.timedOut || retried.length + 1 >= PARALLEL_ATTEMPTS) return { ...run, retried };
      retried.push(`${problems.join('; ')}\n${run.rawStdout}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Compiles the TypeScript files of a copy with the repository's tsc into `out/`, with a tsconfig of its
 * own: `module` NodeNext, so each file compiles to the module system node will load it with (the
 * package scope's `type` for `.ts`, ES modules for `.mts`, CommonJS for `.cts`), strict type checks.
 */
async function compileCopy(dir: string, files: readonly string[]): Promise<{ failure: string | null; output: (file: string) => string }> {
  const compilerOptions = {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    lib: ['ES2023'],
    types: ['node'],
    strict: true,
    skipLibCheck: true,
    rootDir: '.',
    outDir: 'out',
  };
  const sources = files.filter((file) => /\.[cm]?ts$/.test(file));
  writeFileSync(path.join(dir, 'tsconfig.json'), `${JSON.stringify({ compilerOptions, files: sources }, null, 2)}\n`);
  const child = spawn(process.execPath, [tscCli, '-p', 'tsconfig.json', '--pretty', 'false'], { cwd: dir, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const output = (file: string): string => path.join('out', file.replace(/\.([cm]?)ts$/, '.$1js'));
  return { failure: code === 0 ? null : `tsc exited with ${code}:\n${text.split(dir).join('<dir>')}`, output };
}

/** Runs `node <args>` in the copy, playing the Lambda service for the lambda runner. */
async function runIn(dir: string, fixture: Fixture, args: readonly string[]): Promise<Omit<Run, 'retried'>> {
  const child = spawn(process.execPath, args, { cwd: dir, env: childEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
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
    const rawStdout = scrub(stdout);
    const stampedRun = fixture.spec.parallel !== undefined || fixture.spec.runner === 'workerd';
    const { plain, stamped, exitStamp } = stampedRun ? readStamps(rawStdout) : { plain: rawStdout, stamped: [], exitStamp: null };
    return { stdout: plain, rawStdout, stderr: scrub(stderr), code, signal, timedOut, files, stamped, exitStamp };
  } finally {
    clearTimeout(timer);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/** The codemod on a copy of before, named as the programs are, in a fresh folder of its own. */
function codemodInCopy(fixture: Fixture): { output: string | undefined; reports: readonly string[]; files: Record<string, string>; elsewhere: string[] } {
  const dir = freshDir(fixture);
  try {
    const program = path.join(dir, programName(fixture));
    writeFileSync(program, fixture.before);
    const { output, reports, files } = apply(fixture.before, program, {
      strategy: fixture.spec.strategy ?? 'auto',
      'allow-async-exports': fixture.spec.allowAsyncExports ?? false,
    });
    const created: Record<string, string> = {};
    const elsewhere: string[] = [];
    for (const file of files) {
      if (path.dirname(file.path) === dir) created[path.basename(file.path)] = file.text;
      else elsewhere.push(file.path);
    }
    return { output, reports, files: created, elsewhere };
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
  if (runner === 'jest') lines = lines.map((line) => line.replace(/\b\d+(?:\.\d+)?\s?m?s\b/g, '<time>'));
  if (runner === 'node-test') lines = lines.map((line) => line.replace(/\bduration_ms:? \d+(?:\.\d+)?/, 'duration_ms <time>'));
  return lines;
}

/** The stream a run reports on: jest's reporters write to standard error, every other runner's to standard output. */
function reportStream(runner: Runner): 'stdout' | 'stderr' {
  return runner === 'jest' ? 'stderr' : 'stdout';
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
  const retried = run.retried.map((attempt, index) => `--- attempt ${index + 1} did not show the parallelism: ${attempt}`).join('');
  return `exit ${run.code ?? run.signal}${run.timedOut ? ' (timed out)' : ''}\n--- stdout\n${run.rawStdout}--- stderr\n${run.stderr}${retried}`;
}

const ms = (value: number): string => `${Math.round(value)} ms`;

/**
 * What a stamped run shows about `"parallel"`, from the program's own stamps only (never absolute
 * speed): each of the `lines` was produced by a worker thread before the last `during` line of the
 * main thread, and the program (its first stamp to its exit) took about as long as the longer of its
 * two activities rather than their sum. The main thread's activity runs from its first line to its last
 * `during` line, the task's from the first line of a worker thread to the last of the `lines`; the
 * program may take the longer one plus half the shorter one, where one after the other takes the sum.
 */
function parallelEvidence(parallel: NonNullable<FixtureSpec['parallel']>, run: Omit<Run, 'retried'>): { problems: string[]; summary: string } {
  const problems: string[] = [];
  const { stamped, exitStamp } = run;
  const during = stamped.filter((line) => line.thread === 0 && line.text.includes(parallel.during));
  const workers = stamped.filter((line) => line.thread !== 0);
  const hits = parallel.lines.map((marker) => ({ marker, line: stamped.find((line) => line.text.includes(marker)) }));
  if (during.length === 0) problems.push(`no main-thread line contains "${parallel.during}"`);
  if (workers.length === 0) problems.push('no line was printed by a worker thread');
  if (exitStamp === null) problems.push('the main thread did not stamp its exit');
  for (const { marker, line } of hits) {
    if (line === undefined) problems.push(`"${marker}" is not printed`);
    else if (line.thread === 0) problems.push(`"${marker}" is printed by the main thread, not a worker thread`);
  }
  if (problems.length > 0) return { problems, summary: problems.join('; ') };

  const first = Math.min(...stamped.map((line) => line.time));
  const mainStart = Math.min(...stamped.filter((line) => line.thread === 0).map((line) => line.time));
  const lastDuring = Math.max(...during.map((line) => line.time));
  const taskStart = Math.min(...workers.map((line) => line.time));
  const taskEnd = Math.max(...hits.map(({ line }) => line!.time));
  for (const { marker, line } of hits) {
    if (line!.time >= lastDuring) {
      problems.push(`"${marker}" was produced ${ms(line!.time - lastDuring)} after the last "${parallel.during}" line, not while the main thread was blocking`);
    }
  }
  const main = lastDuring - mainStart;
  const task = taskEnd - taskStart;
  const total = exitStamp! - first;
  const bound = Math.max(main, task) + Math.min(main, task) / 2;
  if (total > bound)
    problems.push(`the program took ${ms(total)}, more than ${ms(bound)} (the longer activity plus half the shorter; one after the other: ${ms(main + task)})`);
  const summary =
    `main thread ${ms(main)} to its last "${parallel.during}" line; task ${ms(task)} in thread ${hits[0]!.line!.thread}, from ${ms(taskStart - mainStart)} ` +
    `to ${ms(taskEnd - mainStart)}, done ${ms(lastDuring - taskEnd)} before that line; program ${ms(total)} (bound ${ms(bound)}, sum ${ms(main + task)})`;
  return { problems, summary };
}

/**
 * What the test-side stamps of a workerd run show (fixtures/_harness/workerd-runtime.mjs): the event
 * ended (`response …` for fetch, `<event> outcome ok` otherwise) and the grace period after it ran out,
 * so a marker missing from before was cancelled, not just late. In a fixed run (`kept`), every marker
 * was received after the response for fetch (the work did not delay it), and before the outcome for
 * scheduled and queue (workerd reports those events done only once the `waitUntil()` work settles).
 */
function workerdEvidence(event: WorkerEvent, lost: readonly string[], run: Run, kept: boolean): string[] {
  const problems: string[] = [];
  const endPrefix = event === 'fetch' ? 'response 200 ' : `${event} outcome ok`;
  const end = run.stamped.find((line) => line.text.startsWith(endPrefix));
  const grace = run.stamped.find((line) => line.text === 'grace period over');
  if (end === undefined) problems.push(`no line starts with "${endPrefix}": the event did not end well`);
  if (grace === undefined) problems.push('the grace period after the event did not run out');
  if (!kept || end === undefined) return problems;
  for (const marker of lost) {
    const line = run.stamped.find((stampedLine) => stampedLine.text.includes(marker));
    if (line === undefined) problems.push(`"${marker}" is not printed`);
    else if (event === 'fetch' && line.time <= end.time)
      problems.push(`"${marker}" was received ${ms(end.time - line.time)} before the response: the work delayed it`);
    else if (event !== 'fetch' && line.time >= end.time) problems.push(`"${marker}" was received ${ms(line.time - end.time)} after the ${event} outcome`);
  }
  return problems;
}

/**
 * Whether before's lines (`kept`) appear in a fixed run's output in the same relative order. In a
 * stamped run with worker threads, each thread keeps its own order: a line that a worker prints in the
 * fixed run is looked for among the worker threads' lines (in the order produced), the others among the
 * main thread's, since work moved to another thread no longer interleaves with the main thread's lines.
 */
function firstMissingKept(kept: readonly string[], run: Run, runner: Runner): string | null {
  const workerLines = run.stamped.filter((line) => line.thread !== 0);
  if (workerLines.length === 0) return firstMissingInOrder(kept, outputLines(run.stdout, runner));
  const byWorkers = new Set(workerLines.map((line) => line.text));
  const produced = [...workerLines].sort((a, b) => a.time - b.time).map((line) => line.text);
  const mainLines = run.stamped.filter((line) => line.thread === 0).map((line) => line.text);
  return (
    firstMissingInOrder(
      kept.filter((line) => byWorkers.has(line)),
      produced,
    ) ??
    firstMissingInOrder(
      kept.filter((line) => !byWorkers.has(line)),
      mainLines,
    )
  );
}

// ---------------------------------------------------------------------------------------------
// Linting with the rule

function lint(fixture: Fixture, source: string, file: 'before' | 'after'): Linter.LintMessage[] {
  const linter = new Linter({ configType: 'flat', cwd: repoRoot });
  const config: Linter.Config = {
    files: ['**/*.{js,mjs,cjs,ts,mts,cts}'],
    plugins: { 'promise-lifetime': plugin as unknown as NonNullable<Linter.Config['plugins']>[string] },
    languageOptions: { parser, sourceType: fixture.ext === 'cjs' || fixture.ext === 'cts' ? 'commonjs' : 'module' },
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
      let before: Run;
      /** after as written, and (`"compiled"`) compiled by tsc: both must keep the work. */
      const fixed: { label: string; run: Run }[] = [];

      beforeAll(
        async () => {
          expect(specProblems(fixture), `fixtures/${name}/fixture.json`).toEqual([]);
          const afterOptions: RunOptions = { files: fixture.generated, provesParallel: true };
          const compiledLabel = 'after, compiled by tsc and run with plain node';
          if (spec.parallel) {
            // One at a time: a run that proves parallelism should not compete with the others for the cores.
            before = await runProgram(fixture, fixture.before);
            fixed.push({ label: 'after', run: await runProgram(fixture, fixture.after, afterOptions) });
            if (spec.compiled) fixed.push({ label: compiledLabel, run: await runProgram(fixture, fixture.after, { ...afterOptions, compile: true }) });
          } else {
            const [beforeRun, afterRun, compiledRun] = await Promise.all([
              runProgram(fixture, fixture.before),
              runProgram(fixture, fixture.after, afterOptions),
              spec.compiled ? runProgram(fixture, fixture.after, { ...afterOptions, compile: true }) : undefined,
            ]);
            before = beforeRun;
            fixed.push({ label: 'after', run: afterRun });
            if (compiledRun) fixed.push({ label: compiledLabel, run: compiledRun });
          }
        },
        3 * (PARALLEL_ATTEMPTS + 1) * RUN_TIMEOUT_MS,
      );

      it('loses the work before the fix', () => {
        expect(before.timedOut, describeRun(before)).toBe(false);
        // A test runner's false green: the run passes although the assertion it lost would fail.
        if (spec.beforeExitCode !== undefined) expect(before.code, `before's exit status\n${describeRun(before)}`).toBe(spec.beforeExitCode);
        const lines = windowOf(outputLines(before[reportStream(spec.runner)], spec.runner), spec);
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
        const { output, reports } = codemodInCopy(fixture);
        expect(reports.filter((report) => report.startsWith('fixed')).length, reports.join('\n')).toBeGreaterThan(0);
        expect(output ?? fixture.before).toBe(fixture.after);
      });

      it('creates exactly the files in generated/, next to the program', () => {
        const { files, elsewhere } = codemodInCopy(fixture);
        expect(elsewhere, "files generated outside the program's folder").toEqual([]);
        expect(files).toEqual(fixture.generated);
      });

      it('keeps the work after the fix', () => {
        for (const { label, run } of fixed) {
          expect(run.timedOut, `${label}: ${describeRun(run)}`).toBe(false);
          if (spec.runner !== 'lambda') expect(run.code, `${label}: ${describeRun(run)}`).toBe(spec.exitCode ?? 0);
          const lines = windowOf(outputLines(run[reportStream(spec.runner)], spec.runner), spec);
          for (const marker of spec.lost) {
            expect(
              lines.some((line) => line.includes(marker)),
              `"${marker}" must be printed by ${label}${spec.window ? ' within the window' : ''}\n${describeRun(run)}`,
            ).toBe(true);
          }
          for (const [file, content] of Object.entries(spec.files ?? {})) {
            expect(run.files[file], `${file}, ${label}`).toBe(content);
          }
        }
      });

      if (spec.runner === 'workerd') {
        const event = spec.event!;
        it(`holds the work ${event === 'fetch' ? 'after the response, without delaying it' : 'within the event'}, by the test-side stamps`, () => {
          for (const { label, run } of [{ label: 'before', run: before }, ...fixed]) {
            const problems = workerdEvidence(event, spec.lost, run, label !== 'before');
            expect(problems, `${label}: ${describeRun(run)}`).toEqual([]);
          }
        });
      }

      if (spec.parallel) {
        const parallel = spec.parallel;
        it('runs the task in parallel with the blocking main thread, by the stamps', () => {
          for (const { label, run } of fixed) {
            const { problems } = parallelEvidence(parallel, run);
            expect(problems, `${label}: ${describeRun(run)}`).toEqual([]);
          }
        });
      }

      it("keeps the rest of before's output, in the same order", () => {
        for (const { label, run } of fixed) {
          // Standard error only when both runs end alike: a before that crashes reports the bug there. When a
          // test runner's verdict turns (passed, then failed), its report differs by design: the other stream only.
          const alike = before.code === run.code && before.signal === run.signal;
          const others = { stdout: ['stderr'], stderr: ['stdout'] } as const;
          const streams: readonly ('stdout' | 'stderr')[] = alike
            ? ['stdout', 'stderr']
            : VERDICT_RUNNERS.has(spec.runner)
              ? others[reportStream(spec.runner)]
              : ['stdout'];
          for (const stream of streams) {
            const kept = outputLines(before[stream], spec.runner).filter((line) => !spec.lost.some((marker) => line.includes(marker)));
            const missing = stream === 'stdout' ? firstMissingKept(kept, run, spec.runner) : firstMissingInOrder(kept, outputLines(run[stream], spec.runner));
            expect(
              missing,
              `before's ${stream} line ${JSON.stringify(missing)} is missing (or out of order) in ${label}'s\n--- before\n${before[stream]}--- ${label}\n${describeRun(run)}`,
            ).toBeNull();
          }
        }
      });

      it('is linted clean after the fix, except for what the codemod skipped', () => {
        // Linted with no-outlived-promise alone: a task left starved (`starved by …`) is no-starved-promise's report.
        const reports = codemodInCopy(fixture).reports.filter((report) => !report.includes(' starved by '));
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

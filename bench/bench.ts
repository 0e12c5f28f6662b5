// What the plugin costs, measured side by side in one run on published packages (pinned in corpus/packages.json,
// fetched into the corpus cache outside the repository; bench/packages.json picks them). Every figure is the median
// of several runs, each in a process of its own (bench/lint-run.mjs), with the configurations interleaved so that
// a noisy machine slows all of them alike; the goals are ratios, never seconds. See bench/README.md.
//
//   npm run bench                        build, then every section, 3 runs each
//   npm run bench -- --runs 5 --readme   and write the table into README.md ("Performance")
//   npm run bench -- --only untyped,size a quick look at some sections

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Linter } from 'eslint';
import {
  defaultCacheDir,
  fetchPackages,
  listFiles,
  projectFiles,
  readPackages,
  sourceTypeOf,
  writeGeneratedTsconfig,
  type CorpusEntry,
} from '../corpus/review';
import { generatedFile } from './generated-file';

const here = __dirname;
const root = path.join(here, '..');
const readmeFile = path.join(root, 'README.md');
const TABLE_START = '<!-- bench-table:start -->';
const TABLE_END = '<!-- bench-table:end -->';
const SECTIONS = ['untyped', 'typed', 'codemod', 'size'] as const;
type Section = (typeof SECTIONS)[number];

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    only: { type: 'string', default: SECTIONS.join(',') },
    'size-base': { type: 'string', default: '256' },
    // Every n-th JavaScript file: a quick look while profiling, never the published figure.
    sample: { type: 'string', default: '1' },
    readme: { type: 'boolean', default: false },
  },
});
const runs = Math.max(1, Number(args.runs));
const only = new Set(args.only.split(',').filter(Boolean) as Section[]);
for (const section of only) if (!SECTIONS.includes(section)) throw new Error(`bench: unknown section ${section} (sections: ${SECTIONS.join(', ')})`);
const sizeBase = Math.max(8, Number(args['size-base']));
const sample = Math.max(1, Math.floor(Number(args.sample)));

interface BenchFile {
  readonly path: string;
  readonly parser: 'espree' | 'typescript';
  readonly sourceType: 'module' | 'commonjs';
}

interface LintRun {
  readonly wallMs: number;
  readonly parseMs: number;
  readonly ruleMs: Record<string, number>;
  readonly findings: number;
  readonly maxRssKb: number;
}

const work = mkdtempSync(path.join(os.tmpdir(), 'promise-lifetime-bench-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
let jobs = 0;

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(1);
}

/** One lint run of `files` with `config` (bench/lint-run.mjs), in a fresh process. */
function lintRun(config: string, files: readonly BenchFile[], extra: { root?: string; project?: string } = {}): LintRun {
  const job = path.join(work, `job-${jobs++}.json`);
  writeFileSync(job, JSON.stringify({ config, files, root: extra.root ?? root, project: extra.project }));
  // BENCH_CPU_PROF=<folder> keeps a CPU profile of each of our runs there (node --cpu-prof), to read where the time goes.
  const profile =
    process.env.BENCH_CPU_PROF && ['recommended', 'typed-ours'].includes(config) ? [`--cpu-prof`, `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawnSync(process.execPath, [...profile, path.join(here, 'lint-run.mjs'), job], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (child.status !== 0) fail(`the ${config} run failed:\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as LintRun;
}

/** A command's wall time and peak RSS (bench/peak-rss.cjs reports the latter from inside it). */
function commandRun(name: string, script: string, commandArgs: readonly string[], okStatuses: readonly number[]): { wallMs: number; maxRssKb: number } {
  const rssFile = path.join(work, `rss-${jobs++}`);
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--require', path.join(here, 'peak-rss.cjs'), script, ...commandArgs], {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, BENCH_PEAK_RSS_FILE: rssFile },
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = performance.now() - started;
  if (child.status === null || !okStatuses.includes(child.status)) fail(`${name} exited with ${child.status ?? child.signal}:\n${child.stderr.slice(-4000)}`);
  return { wallMs, maxRssKb: Number(readFileSync(rssFile, 'utf8')) };
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** `median (min–max)` of some runs, in the unit `format` gives. */
function spread(values: readonly number[], format: (value: number) => string): string {
  if (values.length === 1) return format(values[0]!);
  return `${format(median(values))} (${format(Math.min(...values))}–${format(Math.max(...values))})`;
}
const seconds = (ms: number): string => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const milliseconds = (ms: number): string => (ms >= 10_000 ? seconds(ms) : `${ms.toFixed(0)} ms`);
const megabytes = (kb: number): string => `${(kb / 1024).toFixed(0)} MB`;
const ratio = (value: number): string => `${value.toFixed(2)}×`;

/** The plugin's own rule time in a run: every rule under its namespace. */
const oursMs = (run: LintRun): number =>
  Object.entries(run.ruleMs)
    .filter(([rule]) => rule.startsWith('promise-lifetime/'))
    .reduce((sum, [, ms]) => sum + ms, 0);

const wall = (list: ReadonlyArray<{ wallMs: number }>): number[] => list.map((run) => run.wallMs);
const rss = (list: ReadonlyArray<{ maxRssKb: number }>): number[] => list.map((run) => run.maxRssKb);

/** Runs `configs` interleaved, `runs` times: one slow moment of the machine then costs each of them alike. */
function interleaved<T>(configs: readonly string[], run: (config: string) => T): Map<string, T[]> {
  const results = new Map(configs.map((config) => [config, [] as T[]]));
  for (let index = 0; index < runs; index++) {
    for (const config of configs) {
      process.stderr.write(`  run ${index + 1}/${runs}: ${config}\n`);
      results.get(config)!.push(run(config));
    }
  }
  return results;
}

// ---------------------------------------------------------------------------------------------------------------

interface Row {
  readonly measure: string;
  readonly value: string;
  readonly floor: string;
  readonly ratio: number;
  /** The goal of issue 11, when there is one: the ratio must not be above it. */
  readonly goal?: number;
}

const rows: Row[] = [];

/** A row comparing runs of ours with runs of the floor, by one figure of each run (`format` its unit). */
function compare(measure: string, ours: readonly number[], floor: readonly number[], format: (value: number) => string, goal?: number): Row {
  return { measure, value: spread(ours, format), floor: spread(floor, format), ratio: median(ours) / median(floor), ...(goal !== undefined && { goal }) };
}
const notes: string[] = [];

const packages = readPackages();
const picked = JSON.parse(readFileSync(path.join(here, 'packages.json'), 'utf8')) as { javascript: string[]; typed: string };
const entryOf = (name: string): CorpusEntry =>
  packages.find((entry) => entry.name === name) ?? fail(`${name} (bench/packages.json) is not in corpus/packages.json`);
const cacheDir = defaultCacheDir();

/** The JavaScript files of the picked packages, each with the module kind it parses as (the package's, else the other). */
function javascriptFiles(): { files: BenchFile[]; lines: number; label: string } {
  const entries = picked.javascript.map(entryOf);
  const roots = fetchPackages(entries, cacheDir);
  const linter = new Linter({ configType: 'flat' });
  let files: BenchFile[] = [];
  let lineCounts: number[] = [];
  for (const entry of entries) {
    const packageRoot = roots.get(entry.name)!;
    for (const file of listFiles(packageRoot, entry)) {
      if (!/\.[cm]?js$/.test(file)) continue;
      const full = path.join(packageRoot, file);
      const code = readFileSync(full, 'utf8');
      const preferred = sourceTypeOf(full);
      const kinds = /\.js$/.test(file) ? [preferred, preferred === 'module' ? 'commonjs' : 'module'] : [preferred];
      const sourceType = kinds.find(
        (kind) =>
          !linter
            .verify(
              code,
              [{ files: ['**/*'], languageOptions: { ecmaVersion: 'latest', sourceType: kind as 'module', parserOptions: { ecmaFeatures: { jsx: true } } } }],
              full,
            )
            .some((message) => message.fatal),
      ) as BenchFile['sourceType'] | undefined;
      if (!sourceType) continue;
      files.push({ path: full, parser: 'espree', sourceType });
      lineCounts.push(code.split('\n').length);
    }
  }
  if (sample > 1) {
    files = files.filter((_, index) => index % sample === 0);
    lineCounts = lineCounts.filter((_, index) => index % sample === 0);
  }
  const lines = lineCounts.reduce((sum, count) => sum + count, 0);
  const label = `${files.length.toLocaleString('en')} JavaScript files (${Math.round(lines / 1000)}k lines) of ${entries.map((entry) => `${entry.name}@${entry.version}`).join(', ')}`;
  return { files, lines, label };
}

function untyped(): void {
  const { files, label } = javascriptFiles();
  process.stderr.write(`untyped: ${label}\n`);
  const results = interleaved(['none', 'trivial', 'recommended'], (config) => lintRun(config, files, { root: cacheDir }));
  const none = results.get('none')!;
  const trivial = results.get('trivial')!;
  const recommended = results.get('recommended')!;
  rows.push(
    compare('Untyped: `recommended` vs one trivial rule, lint time', wall(recommended), wall(trivial), seconds, 1.1),
    compare('Untyped: one trivial rule vs no rules, lint time (the traversal every rule pays)', wall(trivial), wall(none), seconds),
    compare(
      "Untyped: our rules' own time (`TIMING`) vs parsing",
      recommended.map(oursMs),
      recommended.map((run) => run.parseMs),
      seconds,
      0.1,
    ),
    compare('Untyped: peak RSS, `recommended` vs one trivial rule', rss(recommended), rss(trivial), megabytes, 1.25),
  );
  notes.push(`Untyped: ${label}; espree, each file as the module kind it parses as; ${median(recommended.map((run) => run.findings))} reports.`);
  codemodFiles = files;
}

function typed(): void {
  const entry = entryOf(picked.typed);
  const packageRoot = fetchPackages([entry], cacheDir).get(entry.name)!;
  const project = entry.tsconfig === 'generated' ? writeGeneratedTsconfig(packageRoot, entry) : path.join(packageRoot, entry.tsconfig ?? 'tsconfig.json');
  const included = projectFiles(project, entry.name);
  const files: BenchFile[] = listFiles(packageRoot, entry)
    .map((file) => path.join(packageRoot, file))
    .filter((file) => included.has(file) && /\.[cm]?ts$/.test(file))
    .map((file) => ({ path: file, parser: 'typescript', sourceType: 'module' }));
  const label = `${files.length} TypeScript files of ${entry.name}@${entry.version} (${entry.include?.join(', ') ?? '.'}), with its tsconfig`;
  process.stderr.write(`typed: ${label}\n`);
  const results = interleaved(['typed-floor', 'typed-ours', 'typed-nfp'], (config) => lintRun(config, files, { root: packageRoot, project }));
  const floor = results.get('typed-floor')!;
  const ours = results.get('typed-ours')!;
  const nfp = results.get('typed-nfp')!;
  const nfpMs = (run: LintRun): number => run.ruleMs['@typescript-eslint/no-floating-promises'] ?? 0;
  rows.push(
    compare("Typed: our rules' `TIMING` vs `@typescript-eslint/no-floating-promises`' `TIMING`", ours.map(oursMs), nfp.map(nfpMs), seconds, 0.25),
    compare('Typed: lint time, `recommended-type-checked` vs the typed parser with one trivial rule', wall(ours), wall(floor), seconds),
    compare('Typed: peak RSS, `recommended-type-checked` vs the typed parser with one trivial rule', rss(ours), rss(floor), megabytes, 1.25),
    compare('Typed: peak RSS, `no-floating-promises` vs the same floor', rss(nfp), rss(floor), megabytes),
  );
  notes.push(`Typed: ${label}; typescript-eslint's parser with \`project\`; each rule's time as ESLint's stats (\`TIMING\`) give it, in runs of its own.`);
}

let codemodFiles: BenchFile[] | undefined;

function codemod(): void {
  const files = (codemodFiles ??= javascriptFiles().files).map((file) => file.path);
  process.stderr.write(`codemod: ${files.length} files\n`);
  const cli = path.join(root, 'dist', 'codemods', 'cli.js');
  const jscodeshift = path.join(root, 'node_modules', 'jscodeshift', 'bin', 'jscodeshift.js');
  const results = interleaved(['promise-lifetime fix --dry', 'jscodeshift parse-and-print'], (config) =>
    config.startsWith('promise-lifetime')
      ? // Exit status 1: some files of published packages are not JavaScript a parser reads (templates).
        commandRun(config, cli, ['fix', '--dry', '--no-config-lookup', ...files], [0, 1])
      : commandRun(
          config,
          jscodeshift,
          ['--dry', '--run-in-band', '--silent', '--extensions=js,cjs,mjs', '-t', path.join(here, 'parse-print-transform.cjs'), ...files],
          [0, 1],
        ),
  );
  const ours = results.get('promise-lifetime fix --dry')!;
  const floor = results.get('jscodeshift parse-and-print')!;
  rows.push(
    compare(
      '`promise-lifetime fix --dry --no-config-lookup` vs a jscodeshift parse-and-print transform (`--run-in-band`), same files',
      wall(ours),
      wall(floor),
      seconds,
    ),
    compare('Codemod: peak RSS, the same two commands', rss(ours), rss(floor), megabytes, 1.25),
  );
}

function size(): void {
  const sizes = [1, 10, 100];
  const files = new Map(
    sizes.map((factor) => {
      const file = path.join(work, `generated-${factor}x.mjs`);
      writeFileSync(file, generatedFile(sizeBase * factor));
      return [factor, [{ path: file, parser: 'espree', sourceType: 'module' } satisfies BenchFile]];
    }),
  );
  const configs = sizes.flatMap((factor) => [`trivial ${factor}`, `recommended ${factor}`]);
  process.stderr.write(`size: one generated file of ${sizes.map((factor) => sizeBase * factor).join(', ')} functions\n`);
  const results = interleaved(configs, (config) => {
    const [name, factor] = config.split(' ') as [string, string];
    return lintRun(name, files.get(Number(factor))!, { root: work });
  });
  const ruleTime = (factor: number): number[] => results.get(`recommended ${factor}`)!.map(oursMs);
  for (const factor of [10, 100]) {
    rows.push(
      compare(
        `Size: our rules' own time on one file of ${(sizeBase * factor).toLocaleString('en')} functions vs ${sizeBase} (${factor}×)`,
        ruleTime(factor),
        ruleTime(1),
        milliseconds,
        factor * 1.1,
      ),
    );
  }
  rows.push(
    compare(
      `Size: peak RSS on the ${(sizeBase * 100).toLocaleString('en')}-function file, \`recommended\` vs one trivial rule`,
      rss(results.get('recommended 100')!),
      rss(results.get('trivial 100')!),
      megabytes,
      1.25,
    ),
  );
}

const sections: Record<Section, () => void> = { untyped, typed, codemod, size };
for (const section of SECTIONS) if (only.has(section)) sections[section]();

const versions = (name: string): string => (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
const cpus = os.cpus();
const machine =
  `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}; ` +
  `Node ${process.version}, ESLint ${versions('eslint')}, typescript-eslint ${versions('@typescript-eslint/parser')}, TypeScript ${versions('typescript')}, jscodeshift ${versions('jscodeshift')}`;
const command = `npm run bench -- --runs ${runs}${only.size < SECTIONS.length ? ` --only ${[...only].join(',')}` : ''}${sample > 1 ? ` --sample ${sample}` : ''}`;
const table = [
  '| Measure | Ours | Floor | Ratio | Goal |',
  '| --- | --- | --- | --- | --- |',
  ...rows.map(
    (row) =>
      `| ${row.measure} | ${row.value} | ${row.floor} | ${ratio(row.ratio)} | ${row.goal === undefined ? '' : `≤ ${ratio(row.goal)} ${row.ratio <= row.goal ? '✓' : '✗'}`} |`,
  ),
  '',
  `Median of ${runs} runs (min–max), each in a process of its own, the configurations interleaved. ${notes.join(' ')}`,
  '',
  `Machine: ${machine}. Measured ${new Date().toISOString().slice(0, 10)} with \`${command}\`.`,
].join('\n');

process.stdout.write(`${table}\n`);
const missed = rows.filter((row) => row.goal !== undefined && row.ratio > row.goal);
if (missed.length > 0) process.stdout.write(`\n${missed.length} goal(s) missed: ${missed.map((row) => row.measure).join('; ')}\n`);

if (args.readme) {
  const readme = readFileSync(readmeFile, 'utf8');
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start === -1 || end === -1) fail(`README.md has no ${TABLE_START} … ${TABLE_END} section`);
  writeFileSync(readmeFile, `${readme.slice(0, start + TABLE_START.length)}\n${table}\n${readme.slice(end)}`);
  process.stderr.write('bench: README.md updated\n');
}

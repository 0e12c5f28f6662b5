// The review corpus: published packages at pinned versions, fetched from the npm registry into a cache outside the
// repository, linted with the plugin's recommended configs, and compared with the labels in `labels.json` (every
// report judged by reading the code: `true`, `harmless` or `false`). No third-party code is committed; only the
// package list (`packages.json`, with each tarball's integrity) and the labels.
//
//   npm run corpus                              fetch (once), lint, compare, print the table and what is unlabelled
//   npm run corpus -- --context                 also print the code around each unlabelled report, for labelling
//   npm run corpus -- --package pino            only that package
//   npm run corpus -- --readme                  write the table into README.md ("Precision on real code")
//
// tests/integration/review-corpus.test.ts runs the same functions and fails on any unlabelled report, any stale
// label, any rule exception, figures below the bar, or a README table that is not the latest run's.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import typescript from 'typescript';
import { moduleKindOfPackage, readTextFile, type ModuleKind } from '../analysis';
import plugin from '../index';
import type { PromiseLifetimePlugin } from '../configs';

const here = __dirname;

export const packagesFile = path.join(here, 'packages.json');
export const labelsFile = path.join(here, 'labels.json');
export const readmeFile = path.join(here, '..', 'README.md');

/** One package of the corpus, pinned by version and tarball integrity. */
export interface CorpusEntry {
  readonly name: string;
  readonly version: string;
  /** What kind of code it is (CLI that exits, handler, test suite…): why it is in the corpus. */
  readonly kind: string;
  readonly integrity: string;
  /** Folders to lint (default: the whole package); `exclude` folders are left out. */
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  /** Also lint with type information: the package's own tsconfig, or `generated` for TypeScript sources shipped without one. */
  readonly tsconfig?: string;
}

export type Verdict = 'true' | 'harmless' | 'false';

/** A report judged by reading the code. */
export interface Label {
  readonly package: string;
  readonly file: string;
  readonly line: number;
  readonly rule: string;
  readonly verdict: Verdict;
  readonly reason: string;
}

export interface Report {
  readonly package: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly rule: string;
  readonly message: string;
}

export interface LintResult {
  readonly name: string;
  readonly version: string;
  readonly typed: boolean;
  readonly files: number;
  readonly parseErrors: Array<{ file: string; message: string }>;
  readonly reports: Report[];
  readonly crashes: Array<{ file: string; stack: string }>;
  seconds: number;
}

export interface Row {
  readonly name: string;
  readonly version: string;
  readonly typed: boolean;
  readonly files: number;
  readonly reports: number;
  readonly true: number;
  readonly harmless: number;
  readonly false: number;
  readonly crashes: number;
}

/** Where the tarballs are unpacked: outside the repository, kept between runs. */
export function defaultCacheDir(): string {
  return (
    // An empty variable is as good as none (`VAR= npm run corpus`).
    (process.env.PROMISE_LIFETIME_CORPUS_CACHE || undefined) ??
    path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'eslint-plugin-promise-lifetime', 'corpus')
  );
}

export function readPackages(): CorpusEntry[] {
  return JSON.parse(readFileSync(packagesFile, 'utf8')) as CorpusEntry[];
}

export function readLabels(): Label[] {
  return existsSync(labelsFile) ? (JSON.parse(readFileSync(labelsFile, 'utf8')) as Label[]) : [];
}

function targetOf(entry: CorpusEntry, cacheDir: string): string {
  return path.join(cacheDir, `${entry.name.replace('/', '+')}@${entry.version}`);
}

/**
 * The unpacked packages (by name), fetched with one `npm pack` for all that the cache lacks. Each tarball must
 * have the integrity pinned in packages.json; a download that does not is an error, and nothing of it is kept.
 */
export function fetchPackages(entries: readonly CorpusEntry[], cacheDir = defaultCacheDir()): Map<string, string> {
  const roots = new Map(entries.map((entry) => [entry.name, path.join(targetOf(entry, cacheDir), 'package')]));
  const missing = entries.filter((entry) => !existsSync(path.join(targetOf(entry, cacheDir), '.complete')));
  if (missing.length === 0) return roots;
  mkdirSync(cacheDir, { recursive: true });
  const work = mkdtempSync(path.join(cacheDir, '.download-'));
  try {
    let packed: Array<{ name: string; version: string; integrity: string; filename: string }>;
    try {
      const specs = missing.map((entry) => `${entry.name}@${entry.version}`);
      const output = execFileSync('npm', ['pack', ...specs, '--json', '--silent', '--pack-destination', work], {
        cwd: work,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 600_000,
        maxBuffer: 256 * 1024 * 1024,
      });
      packed = JSON.parse(output) as typeof packed;
    } catch (error) {
      const { stderr, message } = error as { stderr?: string; message: string };
      throw new Error(
        `corpus: could not fetch ${missing.map((entry) => `${entry.name}@${entry.version}`).join(', ')} from the npm registry: ${stderr || message}`,
        { cause: error },
      );
    }
    for (const entry of missing) {
      const tarball = packed.find((item) => item.name === entry.name && item.version === entry.version);
      if (!tarball) throw new Error(`corpus: npm pack gave no tarball for ${entry.name}@${entry.version}`);
      if (tarball.integrity !== entry.integrity) {
        throw new Error(`corpus: ${entry.name}@${entry.version} has integrity ${tarball.integrity}, but corpus/packages.json pins ${entry.integrity}`);
      }
      const unpacked = path.join(work, `unpacked-${tarball.filename}`);
      mkdirSync(unpacked);
      execFileSync('tar', ['-xzf', path.join(work, tarball.filename), '-C', unpacked]);
      // Registry tarballs hold one folder, `package/` for nearly all of them.
      const [top] = readdirSync(unpacked);
      if (!top) throw new Error(`corpus: the tarball of ${entry.name}@${entry.version} is empty`);
      const target = targetOf(entry, cacheDir);
      rmSync(target, { recursive: true, force: true });
      mkdirSync(target, { recursive: true });
      renameSync(path.join(unpacked, top), path.join(target, 'package'));
      writeFileSync(path.join(target, '.complete'), `${tarball.integrity}\n`);
    }
    return roots;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** One unpacked package (see `fetchPackages`). */
export function fetchPackage(entry: CorpusEntry, cacheDir = defaultCacheDir()): string {
  return fetchPackages([entry], cacheDir).get(entry.name)!;
}

const SOURCE = /\.(?:js|mjs|cjs|jsx|ts|mts|cts|tsx)$/;
const DECLARATION = /\.d\.(?:ts|mts|cts)$/;
const TYPESCRIPT = /\.(?:ts|mts|cts|tsx)$/;
const MAX_BYTES = 1_000_000;

/** The package's script and TypeScript sources (relative, `/`-separated, sorted): its `include` folders, without its `exclude` ones, bundled node_modules, declarations and minified files. */
export function listFiles(root: string, entry: CorpusEntry): string[] {
  const files: string[] = [];
  const excluded = new Set((entry.exclude ?? []).map((folder) => path.join(root, folder)));
  const walk = (directory: string): void => {
    if (excluded.has(directory)) return;
    for (const dirent of readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, dirent.name);
      if (dirent.isDirectory()) {
        if (dirent.name !== 'node_modules' && !dirent.name.startsWith('.')) walk(full);
      } else if (dirent.isFile() && SOURCE.test(dirent.name) && !DECLARATION.test(dirent.name) && !/\.min\.[cm]?js$/.test(dirent.name)) {
        if (statSync(full).size <= MAX_BYTES) files.push(path.relative(root, full).split(path.sep).join('/'));
      }
    }
  };
  for (const folder of entry.include ?? ['.']) walk(path.join(root, folder));
  return files.sort();
}

/**
 * For a package that ships TypeScript sources but no tsconfig: a strict one over its `include` folders, written
 * next to the unpacked package (in the cache), so that its sources can be linted with type information too.
 */
export function writeGeneratedTsconfig(root: string, entry: CorpusEntry): string {
  const file = path.join(root, 'tsconfig.corpus.json');
  const config = {
    compilerOptions: {
      target: 'es2022',
      module: 'nodenext',
      moduleResolution: 'nodenext',
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      jsx: 'react-jsx',
      types: [],
    },
    include: (entry.include ?? ['.']).map((folder) => `${folder}/**/*`),
    exclude: ['**/node_modules/**'],
  };
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  return file;
}

/** The files a tsconfig includes (absolute). */
export function projectFiles(tsconfig: string, name: string): Set<string> {
  const read = typescript.readConfigFile(tsconfig, typescript.sys.readFile);
  if (read.error) throw new Error(`corpus: ${name}: cannot read ${tsconfig}: ${typescript.flattenDiagnosticMessageText(read.error.messageText, '\n')}`);
  const parsed = typescript.parseJsonConfigFileContent(read.config, typescript.sys, path.dirname(tsconfig));
  return new Set(parsed.fileNames.map((file) => path.resolve(file)));
}

const packageKinds = new Map<string, ModuleKind | undefined>();

/** How Node.js runs the file: its extension, else its package's `type` (TypeScript is linted as ES modules, as flat config does). */
export function sourceTypeOf(file: string): 'module' | 'commonjs' {
  if (TYPESCRIPT.test(file) && !/\.cts$/.test(file)) return 'module';
  return moduleKindOfPackage(file, readTextFile, packageKinds) === 'esm' ? 'module' : 'commonjs';
}

const FILES = ['**/*.js', '**/*.mjs', '**/*.cjs', '**/*.jsx', '**/*.ts', '**/*.mts', '**/*.cts', '**/*.tsx'];
const linterOptions = { noInlineConfig: true, reportUnusedDisableDirectives: 'off', reportUnusedInlineConfigs: 'off' } as const;

/**
 * Lints one package as a user would: `configs.recommended` (espree for scripts, typescript-eslint's parser for
 * TypeScript) or, with `typed`, `configs['recommended-type-checked']` over the files its tsconfig includes.
 * `config` picks the plugin's config by name (`all` for a sweep that only looks for crashes).
 */
export function lintPackage(
  plugin: PromiseLifetimePlugin,
  root: string,
  entry: CorpusEntry,
  {
    typed = false,
    config = typed ? 'recommended-type-checked' : 'recommended',
  }: { typed?: boolean; config?: 'recommended' | 'recommended-type-checked' | 'all' } = {},
): LintResult {
  const linter = new Linter({ configType: 'flat', cwd: root });
  let files = listFiles(root, entry);
  let project: string | null = null;
  if (typed) {
    project = entry.tsconfig === 'generated' ? writeGeneratedTsconfig(root, entry) : path.join(root, entry.tsconfig ?? 'tsconfig.json');
    const included = projectFiles(project, entry.name);
    files = files.filter((file) => included.has(path.join(root, file)));
  }
  const preset = plugin.configs[config] as Linter.Config;
  const configs = new Map<string, Linter.Config[]>();
  const configFor = (file: string, sourceType: 'module' | 'commonjs'): Linter.Config[] => {
    const parser = TYPESCRIPT.test(file) || typed ? 'typescript' : 'espree';
    const jsx = /\.[jt]sx$/.test(file) || (!TYPESCRIPT.test(file) && parser === 'espree');
    const key = `${parser}:${sourceType}:${jsx}`;
    let found = configs.get(key);
    if (!found) {
      const languageOptions: Linter.LanguageOptions =
        parser === 'espree'
          ? { ecmaVersion: 'latest', sourceType, parserOptions: { ecmaFeatures: { jsx } } }
          : {
              parser: tsParser as unknown as Linter.Parser,
              sourceType,
              parserOptions: { ecmaFeatures: { jsx }, ...(project ? { projectService: false, project, tsconfigRootDir: root } : {}) },
            };
      found = [{ ignores: ['!**/node_modules/'] }, { ...preset, files: FILES, languageOptions, linterOptions }];
      configs.set(key, found);
    }
    return found;
  };

  const result: LintResult = { name: entry.name, version: entry.version, typed, files: files.length, parseErrors: [], reports: [], crashes: [], seconds: 0 };
  const started = performance.now();
  for (const file of files) {
    const full = path.join(root, file);
    const code = readFileSync(full, 'utf8');
    const preferred = sourceTypeOf(full);
    // A .js file whose package says CommonJS may still be an ES module (Node detects the syntax), and the reverse.
    const sourceTypes = /\.js$/.test(file) ? [preferred, preferred === 'module' ? ('commonjs' as const) : ('module' as const)] : [preferred];
    let fatal: Linter.LintMessage | null = null;
    for (const sourceType of sourceTypes) {
      let messages: Linter.LintMessage[];
      try {
        messages = linter.verify(code, configFor(file, sourceType), full);
      } catch (error) {
        result.crashes.push({ file, stack: error instanceof Error ? (error.stack ?? error.message) : String(error) });
        fatal = null;
        break;
      }
      fatal = messages.find((message) => message.fatal) ?? null;
      if (fatal) continue;
      for (const { ruleId, line, column, message } of messages) {
        if (ruleId?.startsWith('promise-lifetime/'))
          result.reports.push({ package: entry.name, file, line, column, rule: ruleId.slice('promise-lifetime/'.length), message });
      }
      break;
    }
    if (fatal) result.parseErrors.push({ file, message: `${fatal.line}:${fatal.column} ${fatal.message}` });
  }
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

function keyOf(item: Pick<Label, 'package' | 'file' | 'line' | 'rule'>): string {
  return `${item.package}\u0000${item.file}\u0000${item.line}\u0000${item.rule}`;
}

/** Each run's counts by verdict; the reports nobody has judged; the labels no report matches any more; labels without a verdict or reason. */
export function compare(results: readonly LintResult[], labels: readonly Label[]): { rows: Row[]; unlabelled: Report[]; stale: Label[]; invalid: Label[] } {
  const byKey = new Map(labels.map((label) => [keyOf(label), label]));
  const seen = new Set<string>();
  const unlabelled: Report[] = [];
  const rows: Row[] = [];
  for (const result of results) {
    const counts: Record<Verdict, number> = { true: 0, harmless: 0, false: 0 };
    for (const report of result.reports) {
      const label = byKey.get(keyOf(report));
      seen.add(keyOf(report));
      if (!label) unlabelled.push(report);
      else counts[label.verdict]++;
    }
    rows.push({
      name: result.name,
      version: result.version,
      typed: result.typed,
      files: result.files,
      reports: result.reports.length,
      ...counts,
      crashes: result.crashes.length,
    });
  }
  const stale = labels.filter((label) => !seen.has(keyOf(label)) && results.some((result) => result.name === label.package));
  const invalid = labels.filter(
    (label) => !['true', 'harmless', 'false'].includes(label.verdict) || typeof label.reason !== 'string' || label.reason.length === 0,
  );
  return { rows, unlabelled, stale, invalid };
}

/** The totals over the untyped runs (each file counted once), and the precision figures the acceptance asks for. */
export function totals(rows: readonly Row[]) {
  const untyped = rows.filter((row) => !row.typed);
  const sum = (key: 'files' | 'reports' | Verdict): number => untyped.reduce((total, row) => total + row[key], 0);
  const reports = sum('reports');
  const files = sum('files');
  return {
    packages: untyped.length,
    files,
    reports,
    true: sum('true'),
    harmless: sum('harmless'),
    false: sum('false'),
    precision: reports === 0 ? 1 : (sum('true') + sum('harmless')) / reports,
    falsePerThousandFiles: files === 0 ? 0 : (sum('false') * 1000) / files,
  };
}

/** The README's table: one row per package (and per typed run), then the totals of the untyped runs. */
export function markdownTable(rows: readonly Row[]): string {
  const lines = ['| Package | Version | Files | Reports | True | Harmless | False |', '| :-- | :-- | --: | --: | --: | --: | --: |'];
  for (const row of rows) {
    lines.push(`| ${row.name}${row.typed ? ' (typed)' : ''} | ${row.version} | ${row.files} | ${row.reports} | ${row.true} | ${row.harmless} | ${row.false} |`);
  }
  const total = totals(rows);
  lines.push(
    `| **${total.packages} packages** (untyped) | | **${total.files}** | **${total.reports}** | **${total.true}** | **${total.harmless}** | **${total.false}** |`,
  );
  return lines.join('\n');
}

const TABLE_START = '<!-- corpus-table:start -->';
const TABLE_END = '<!-- corpus-table:end -->';

/** The table README.md shows (between its markers), or null when it has none. */
export function readmeTable(readme = readFileSync(readmeFile, 'utf8')): string | null {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  return start === -1 || end === -1 ? null : readme.slice(start + TABLE_START.length, end).trim();
}

function writeReadmeTable(table: string): void {
  const readme = readFileSync(readmeFile, 'utf8');
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start === -1 || end === -1) throw new Error(`corpus: README.md has no ${TABLE_START} … ${TABLE_END} section`);
  writeFileSync(readmeFile, `${readme.slice(0, start + TABLE_START.length)}\n${table}\n${readme.slice(end)}`);
}

/** The code around a report, for whoever labels it. */
function context(root: string, report: Report, before = 3, after = 3): string {
  const lines = readFileSync(path.join(root, report.file), 'utf8').split('\n');
  const from = Math.max(0, report.line - 1 - before);
  const to = Math.min(lines.length, report.line + after);
  return lines
    .slice(from, to)
    .map((text, index) => `${String(from + index + 1).padStart(6)}${from + index + 1 === report.line ? ' >' : '  '} ${text}`)
    .join('\n');
}

/** Fetches and lints every entry (and its typed run), printing one line per package to stderr. */
export function reviewCorpus(
  plugin: PromiseLifetimePlugin,
  entries: readonly CorpusEntry[],
  { typed = true, cacheDir = defaultCacheDir() } = {},
): { results: LintResult[]; roots: Map<string, string> } {
  const results: LintResult[] = [];
  const roots = fetchPackages(entries, cacheDir);
  for (const entry of entries) {
    const root = roots.get(entry.name)!;
    const runs = [lintPackage(plugin, root, entry)];
    if (entry.tsconfig && typed) runs.push(lintPackage(plugin, root, entry, { typed: true }));
    results.push(...runs);
    const crashes = runs.reduce((total, run) => total + run.crashes.length, 0);
    process.stderr.write(
      `${entry.name}@${entry.version}: ${runs.map((run) => `${run.typed ? 'typed ' : ''}${run.files} files, ${run.reports.length} reports, ${run.seconds.toFixed(1)} s`).join('; ')}${crashes ? `, ${crashes} CRASHES` : ''}\n`,
    );
  }
  return { results, roots };
}

function main(): void {
  const { values } = parseArgs({
    options: {
      package: { type: 'string', multiple: true },
      context: { type: 'boolean', default: false },
      'no-typed': { type: 'boolean', default: false },
      readme: { type: 'boolean', default: false },
      json: { type: 'string' },
    },
  });
  // An internal error of the analysis is a crash here, not a quietly missed report (analysis/internal-error.ts).
  process.env.PROMISE_LIFETIME_STRICT ??= '1';
  const entries = readPackages().filter((entry) => !values.package || values.package.includes(entry.name));
  const { results, roots } = reviewCorpus(plugin, entries, { typed: !values['no-typed'] });
  const { rows, unlabelled, stale, invalid } = compare(results, readLabels());
  const table = markdownTable(rows);
  console.log(table);
  const total = totals(rows);
  console.log(
    `\nprecision (true + harmless) / reports: ${total.precision.toFixed(3)}; false reports per 1,000 files: ${total.falsePerThousandFiles.toFixed(2)}`,
  );
  for (const result of results)
    for (const crash of result.crashes) console.log(`\nCRASH ${result.name} ${crash.file}${result.typed ? ' (typed)' : ''}\n${crash.stack}`);
  if (invalid.length > 0)
    console.log(
      `\n${invalid.length} label(s) without a valid verdict and reason:\n${invalid.map((label) => `  ${label.package} ${label.file}:${label.line}`).join('\n')}`,
    );
  if (stale.length > 0)
    console.log(
      `\n${stale.length} label(s) that no report matches any more (remove them, or find what stopped reporting):\n${stale.map((label) => `  ${label.package} ${label.file}:${label.line} ${label.rule} (${label.verdict})`).join('\n')}`,
    );
  if (unlabelled.length > 0) {
    console.log(`\n${unlabelled.length} unlabelled report(s):`);
    for (const report of unlabelled) {
      console.log(`\n${report.package} ${report.file}:${report.line}:${report.column} ${report.rule}\n  ${report.message}`);
      if (values.context) console.log(context(roots.get(report.package)!, report));
    }
  }
  if (values.json) writeFileSync(values.json, `${JSON.stringify(results, null, 2)}\n`);
  const failed = unlabelled.length > 0 || stale.length > 0 || invalid.length > 0 || results.some((result) => result.crashes.length > 0);
  if (values.readme && !values.package && !failed) writeReadmeTable(table);
  else if (values.readme) console.log('\nREADME.md not written: the run must cover every package and have every report labelled.');
  process.exitCode = failed ? 1 : 0;
}

if (require.main === module) main();

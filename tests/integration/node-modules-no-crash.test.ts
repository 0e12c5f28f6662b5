import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../index';

// Robustness on real code: every rule of the plugin (`configs.all`) runs over every script and TypeScript source file of this repository's own
// node_modules (thousands of files written in every style) and must never throw. Parse errors of the files
// themselves are counted and skipped; an exception from linting fails with the file, the rule and the stack.
// In-process with ESLint's `Linter`: no file system crawling by ESLint, no worker start-up, about a minute in all.

const root = path.join(__dirname, '..', '..');
const nodeModules = path.join(root, 'node_modules');
const RULE = 'promise-lifetime/no-outlived-promise';
const MAX_BYTES = 1_000_000;
const SWEEP_TIMEOUT = 6 * 60_000;
const SCRIPT = /\.(?:js|mjs|cjs)$/;
const TYPESCRIPT = /\.(?:ts|mts|cts)$/;
const DECLARATION = /\.d\.(?:ts|mts|cts)$/;

type SourceType = 'module' | 'commonjs';
type Parser = 'espree' | 'typescript-eslint';

interface Crash {
  file: string;
  parser: Parser;
  sourceType: SourceType;
  stack: string;
}

interface SweepReport {
  parser: string;
  files: number;
  parseErrors: number;
  findings: Record<string, number>;
  /** Each finding, as `file:line rule: message`, for a reader to judge (the sweep asserts only that nothing crashes). */
  found: string[];
  crashes: Crash[];
  unlinted: string[];
  seconds: number;
  slowest: Array<{ file: string; ms: number }>;
}

/** Every .js/.mjs/.cjs/.ts/.mts/.cts file under node_modules, sorted; declarations and files over 1 MB left out. */
function collectFiles(): { files: string[]; tooLarge: number } {
  const files: string[] = [];
  let tooLarge = 0;
  const walk = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      // Symbolic links (node_modules/.bin and workspace links) and dot-directories (tool caches) are not package sources.
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.')) walk(full);
      } else if (entry.isFile() && (SCRIPT.test(entry.name) || TYPESCRIPT.test(entry.name)) && !DECLARATION.test(entry.name)) {
        if (statSync(full).size > MAX_BYTES) tooLarge++;
        else files.push(full);
      }
    }
  };
  walk(nodeModules);
  return { files: files.sort(), tooLarge };
}

const packageTypes = new Map<string, SourceType>();

/** How Node.js would load a .js file: the `type` of the nearest package.json (ESM for `module`, CommonJS otherwise). */
function packageSourceType(directory: string): SourceType {
  const cached = packageTypes.get(directory);
  if (cached) return cached;
  let type: SourceType;
  const manifest = path.join(directory, 'package.json');
  if (existsSync(manifest)) {
    let json: { type?: unknown } = {};
    try {
      json = JSON.parse(readFileSync(manifest, 'utf8')) as { type?: unknown };
    } catch {
      // A broken or template package.json says nothing about the module system.
    }
    type = json.type === 'module' ? 'module' : 'commonjs';
  } else {
    const parent = path.dirname(directory);
    type = parent === directory ? 'commonjs' : packageSourceType(parent);
  }
  packageTypes.set(directory, type);
  return type;
}

function sourceTypeOf(file: string): SourceType {
  if (/\.c[jt]s$/.test(file)) return 'commonjs';
  if (/\.m[jt]s$/.test(file) || TYPESCRIPT.test(file)) return 'module';
  return packageSourceType(path.dirname(file));
}

const allRules = plugin.configs.all as unknown as Linter.Config;
const typescriptParser = tsParser as unknown as Linter.Parser;

function configFor(parser: Parser, sourceType: SourceType, file: string): Linter.Config[] {
  const jsx = SCRIPT.test(file);
  const languageOptions: Linter.LanguageOptions =
    parser === 'espree'
      ? { ecmaVersion: 'latest', sourceType, parserOptions: { ecmaFeatures: { jsx } } }
      : { parser: typescriptParser, sourceType, parserOptions: { ecmaFeatures: { jsx } } };
  return [
    // node_modules is ignored by default; the files pattern makes every extension lintable.
    { ignores: ['!**/node_modules/'] },
    {
      ...allRules,
      files: ['**/*.js', '**/*.mjs', '**/*.cjs', '**/*.ts', '**/*.mts', '**/*.cts'],
      languageOptions,
      // Inline `/* eslint ... */` comments of the packages must not switch on core rules or report stale directives.
      linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off', reportUnusedInlineConfigs: 'off' },
    },
  ];
}

const linter = new Linter({ configType: 'flat', cwd: root });

function sweep(files: string[], parserFor: (file: string) => Parser, label: string): SweepReport {
  const report: SweepReport = { parser: label, files: 0, parseErrors: 0, findings: {}, found: [], crashes: [], unlinted: [], seconds: 0, slowest: [] };
  const timings: Array<{ file: string; ms: number }> = [];
  const started = performance.now();
  for (const file of files) {
    const code = readFileSync(file, 'utf8');
    const parser = parserFor(file);
    const preferred = sourceTypeOf(file);
    // A .js file whose package says CommonJS may still be an ES module (and the reverse): try the other one too.
    const sourceTypes: SourceType[] = SCRIPT.test(file) && !/\.[mc]js$/.test(file) ? [preferred, preferred === 'module' ? 'commonjs' : 'module'] : [preferred];
    const fileStarted = performance.now();
    let parsed = false;
    for (const sourceType of sourceTypes) {
      let messages: Linter.LintMessage[];
      try {
        messages = linter.verify(code, configFor(parser, sourceType, file), file);
      } catch (error) {
        const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
        report.crashes.push({ file: path.relative(root, file), parser, sourceType, stack });
        parsed = true;
        break;
      }
      if (messages.some((message) => message.fatal)) continue;
      parsed = true;
      if (messages.some((message) => message.ruleId === null && /^(No matching configuration|File ignored)/.test(message.message))) {
        report.unlinted.push(path.relative(root, file));
      }
      for (const { ruleId, line, message } of messages) {
        if (!ruleId) continue;
        report.findings[ruleId] = (report.findings[ruleId] ?? 0) + 1;
        report.found.push(`${path.relative(root, file)}:${line} ${ruleId}: ${message}`);
      }
      break;
    }
    if (!parsed) report.parseErrors++;
    report.files++;
    timings.push({ file: path.relative(root, file), ms: performance.now() - fileStarted });
  }
  report.seconds = (performance.now() - started) / 1000;
  report.slowest = timings.sort((a, b) => b.ms - a.ms).slice(0, 5);
  return report;
}

function printReport(report: SweepReport, tooLarge: number): void {
  const findings = Object.keys(plugin.rules)
    .map((id) => `${id} ${report.findings[`promise-lifetime/${id}`] ?? 0}`)
    .join(', ');
  const slowest = report.slowest.map(({ file, ms }) => `    ${ms.toFixed(0).padStart(6)} ms  ${file}`).join('\n');
  console.log(
    `[${report.parser}] files linted: ${report.files}, parse errors: ${report.parseErrors}, findings: ${findings}, ` +
      `rule exceptions: ${report.crashes.length}, skipped over 1 MB: ${tooLarge}, ${report.seconds.toFixed(1)} s\n  slowest:\n${slowest}` +
      (report.found.length > 0 ? `\n  findings:\n${report.found.map((line) => `    ${line}`).join('\n')}` : ''),
  );
}

function describeCrashes(crashes: Crash[]): string {
  const shown = crashes.slice(0, 20).map((crash) => `--- ${crash.file} (${crash.parser}, sourceType ${crash.sourceType})\n${crash.stack}`);
  const more =
    crashes.length > 20
      ? `\n... and ${crashes.length - 20} more: ${crashes
          .slice(20)
          .map((crash) => crash.file)
          .join(', ')}`
      : '';
  return `${crashes.length} file(s) made the rule throw:\n${shown.join('\n')}${more}`;
}

describe('every rule over the node_modules of this repository', () => {
  const { files, tooLarge } = collectFiles();

  it('lints node_modules files at all (sanity check of the set-up)', () => {
    expect(files.length).toBeGreaterThan(1000);
    // The same configuration must report a known case under a node_modules path, so the sweeps are not vacuous.
    const sample = 'async function work() { await new Promise((r) => setTimeout(r, 10)); }\nvoid work();\nprocess.exit(0);\n';
    for (const parser of ['espree', 'typescript-eslint'] as const) {
      const file = path.join(nodeModules, 'sample-package', 'sample.mjs');
      const messages = linter.verify(sample, configFor(parser, 'module', file), file);
      const ours = messages.filter((message) => message.ruleId === RULE);
      expect(ours.map(({ ruleId, line, messageId }) => ({ ruleId, line, messageId }))).toEqual([{ ruleId: RULE, line: 2, messageId: 'exit' }]);
    }
  });

  it(
    'never throws with the default parsers (espree for scripts, typescript-eslint for TypeScript)',
    () => {
      const report = sweep(files, (file) => (TYPESCRIPT.test(file) ? 'typescript-eslint' : 'espree'), 'espree + typescript-eslint');
      printReport(report, tooLarge);
      expect(report.unlinted, 'files the configuration did not cover').toEqual([]);
      expect(report.crashes.length, describeCrashes(report.crashes)).toBe(0);
    },
    SWEEP_TIMEOUT,
  );

  it(
    'never throws on scripts parsed by typescript-eslint (as typescript-eslint configs lint .js files)',
    () => {
      const report = sweep(
        files.filter((file) => SCRIPT.test(file)),
        () => 'typescript-eslint',
        'typescript-eslint on scripts',
      );
      printReport(report, tooLarge);
      expect(report.unlinted, 'files the configuration did not cover').toEqual([]);
      expect(report.crashes.length, describeCrashes(report.crashes)).toBe(0);
    },
    SWEEP_TIMEOUT,
  );
});

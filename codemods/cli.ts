#!/usr/bin/env node
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { createTwoFilesPatch } from 'diff';
import { EslintConfigError, eslintLinterFor, type EslintLinter } from './eslint-reports';
import { isDeclarationFile } from '../analysis';
import { fixSource, fixSourceThroughEslint, type FixResult } from './fix-promise-lifetime';

/*
 * `promise-lifetime fix <paths…>`: lints each file through ESLint's Node API with the user's own config
 * (or, with --no-config-lookup, on the plugin's defaults without ESLint), rewrites exactly the findings
 * ESLint reports, and says for each one either fixed or skipped with the reason. It runs in this
 * process, one file after the other, so a typed config builds its TypeScript program once. It writes
 * files itself: in place (their mode, owner and group stay), never a read-only one, never over a file it
 * would create; every failure names the user's file, and the exit status is 0 only when every file was
 * handled.
 */

const EXTENSIONS = new Set(['.ts', '.tsx', '.js', '.jsx', '.mts', '.cts', '.mjs', '.cjs']);
/** Folders nobody wants rewritten, skipped as ESLint skips them by default. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);
/** Options with a fixed set of values, checked once here rather than by the transform in every file. */
const CHOICES: Readonly<Record<string, readonly string[]>> = { strategy: ['auto', 'await', 'worker'], 'module-kind': ['esm', 'cjs'] };
const USAGE = `Usage: promise-lifetime fix <paths…> [options]

Rewrites what ESLint reports with your config: promises that outlive their caller (no-outlived-promise)
become awaited handles, or are handed to the runtime's waitUntil()/after(); tasks that blocking work
starves (no-starved-promise) run in a worker thread.

Options:
  -d, --dry                Write nothing; print a unified diff of each change and of each file it would create.
  --print                  Print each rewritten file.
  -q, --quiet              Print only the changes and the failures (and the summary line).
  -c, --config=<file>      The ESLint config file to use, instead of the one ESLint would find.
  --no-config-lookup       Do not use ESLint: the plugin's defaults, without your config, its disable
                           comments or type information.
  --strategy=<s>           auto (default: a worker thread for starved tasks, else await) | await | worker.
  --allow-async-exports    Let exported functions become async (their other-module callers get a promise).
  --module-kind=<k>        esm | cjs: how the files run, for top-level await and worker paths (default: as
                           Node decides, from the extension and the nearest package.json "type").
  -h, --help               Print this help.
  -v, --version            Print the version.`;

const OPTIONS = {
  dry: { type: 'boolean', short: 'd' },
  print: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  config: { type: 'string', short: 'c' },
  'no-config-lookup': { type: 'boolean' },
  strategy: { type: 'string' },
  'allow-async-exports': { type: 'boolean' },
  'module-kind': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} satisfies ParseArgsConfig['options'];

/** The package's version, from its package.json (next to dist/ when built, or the repository root). */
function version(): string {
  for (const candidate of [path.join(__dirname, '..', 'package.json'), path.join(__dirname, '..', '..', 'package.json')]) {
    if (!existsSync(candidate)) continue;
    const manifest = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
    if (manifest.name === 'eslint-plugin-promise-lifetime' && manifest.version) return manifest.version;
  }
  return 'unknown';
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** The files under the given paths the codemod reads, in a stable order; a named file is always read. */
function filesUnder(target: string, found: string[]): void {
  if (!statSync(target).isDirectory()) {
    found.push(target);
    return;
  }
  for (const entry of readdirSync(target, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const child = path.join(target, entry.name);
    if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) filesUnder(child, found);
    else if (entry.isFile() && EXTENSIONS.has(path.extname(entry.name)) && !isDeclarationFile(entry.name)) found.push(child);
  }
}

/** A unified diff, as `git diff` prints it (without the `Index:` header jsdiff adds). */
function unifiedDiff(from: string, to: string, before: string, after: string): string {
  return createTwoFilesPatch(from, to, before, after, '', '', { context: 3 })
    .split('\n')
    .filter((line) => !/^(?:Index: |={20,}$)/.test(line))
    .join('\n');
}

/** Why a file cannot be written, before trying: read-only for everyone (root could write it anyway). */
function readOnly(file: string): boolean {
  return (statSync(file).mode & 0o222) === 0;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface Counts {
  changed: number;
  fixed: number;
  skipped: number;
  errors: number;
}

async function fix(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    // An unknown or misspelt flag (`--dyr`) would otherwise be taken for something else, or run anyway.
    process.stderr.write(`promise-lifetime fix: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals: paths } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  for (const [option, choices] of Object.entries(CHOICES)) {
    const value = values[option as keyof typeof values];
    if (typeof value === 'string' && !choices.includes(value)) {
      process.stderr.write(`promise-lifetime fix: --${option} must be one of ${choices.join(', ')} (got "${value}")\n`);
      return 2;
    }
  }
  if (values.config !== undefined && values['no-config-lookup']) {
    process.stderr.write('promise-lifetime fix: --config and --no-config-lookup exclude each other\n');
    return 2;
  }
  if (values.config !== undefined && !existsSync(values.config)) {
    process.stderr.write(`promise-lifetime fix: --config ${values.config}: no such file\n`);
    return 2;
  }
  if (paths.length === 0) {
    process.stderr.write(`promise-lifetime fix: no paths given\n\n${USAGE}\n`);
    return 2;
  }
  for (const target of paths) {
    if (!existsSync(target)) {
      process.stderr.write(`promise-lifetime fix: ${target}: no such file or directory\n`);
      return 2;
    }
  }
  const files: string[] = [];
  for (const target of paths) filesUnder(target, files);

  const dry = values.dry === true;
  const options = {
    ...(values.strategy !== undefined && { strategy: values.strategy }),
    ...(values['module-kind'] !== undefined && { moduleKind: values['module-kind'] }),
    ...(values['allow-async-exports'] && { allowAsyncExports: true }),
  };
  let linter: EslintLinter | null = null;
  if (!values['no-config-lookup']) {
    try {
      linter = eslintLinterFor({ cwd: process.cwd(), configFile: values.config });
    } catch (error) {
      process.stderr.write(`promise-lifetime fix: ${describeError(error)}\n`);
      return 2;
    }
  }
  const counts: Counts = { changed: 0, fixed: 0, skipped: 0, errors: 0 };
  const say = (line: string): void => {
    process.stdout.write(`${line}\n`);
  };
  const fail = (file: string, problem: string): void => {
    counts.errors++;
    say(`  error   ${problem.startsWith(file) ? problem : `${file}: ${problem}`}`);
  };
  for (const file of files) {
    const shown = path.relative(process.cwd(), file) || file;
    let source: string;
    let result: FixResult;
    try {
      source = readFileSync(file, 'utf8');
      const info = { path: file, source };
      result = linter ? await fixSourceThroughEslint(info, options, linter) : fixSource(info, options);
    } catch (error) {
      // No file can be linted without the config: say it once, and touch nothing.
      if (error instanceof EslintConfigError) {
        process.stderr.write(`promise-lifetime fix: ${describeError(error)}\n`);
        return 2;
      }
      fail(shown, describeError(error).split(path.resolve(file)).join(shown).split(file).join(shown));
      continue;
    }
    const { output, files: created } = result;
    const changes = output !== undefined && output !== source;
    if (changes && !dry) {
      const problem = write(file, output, created);
      if (problem) {
        fail(shown, problem);
        continue;
      }
    }
    for (const report of result.reports) {
      const [, verdict = '', rest = ''] = /^(fixed|skipped) (.*)$/s.exec(report) ?? [];
      if (verdict === 'fixed') counts.fixed++;
      else counts.skipped++;
      if (verdict === 'fixed' || !values.quiet) say(`  ${verdict.padEnd(7)} ${shown} ${rest}`);
    }
    if (!changes) continue;
    counts.changed++;
    for (const generated of created) say(`  ${dry ? 'would create' : 'created'} ${path.relative(process.cwd(), generated.path)}`);
    if (dry) {
      process.stdout.write(unifiedDiff(shown, shown, source, output));
      for (const generated of created) process.stdout.write(unifiedDiff('/dev/null', path.relative(process.cwd(), generated.path), '', generated.text));
    }
    if (values.print) process.stdout.write(output);
  }
  say(
    `promise-lifetime fix: ${plural(counts.changed, 'file')} ${dry ? 'would change' : 'changed'}, ${plural(counts.fixed, 'finding')} fixed, ${counts.skipped} skipped, ${plural(counts.errors, 'error')}${dry ? ' (dry run: nothing written)' : ''}`,
  );
  return counts.errors > 0 ? 1 : 0;
}

/**
 * Writes a rewrite and the files it creates, or nothing: returns the problem, naming the file, when
 * any of it cannot be written. The file is written in place, so its mode, owner and group stay.
 */
function write(file: string, output: string, created: FixResult['files']): string | null {
  if (readOnly(file)) return 'read-only, left unchanged (its findings are not fixed)';
  const done: string[] = [];
  try {
    // `wx`: never replace a file that appeared since the plan was made.
    for (const generated of created) {
      writeFileSync(generated.path, generated.text, { flag: 'wx' });
      done.push(generated.path);
    }
  } catch (error) {
    for (const generatedPath of done) rmSync(generatedPath, { force: true });
    return `cannot create ${(error as NodeJS.ErrnoException).path ?? 'a file'} (${(error as NodeJS.ErrnoException).code ?? describeError(error)}), left unchanged`;
  }
  try {
    writeFileSync(file, output);
    return null;
  } catch (error) {
    for (const generatedPath of done) rmSync(generatedPath, { force: true });
    return `cannot be written (${(error as NodeJS.ErrnoException).code ?? describeError(error)}), left unchanged`;
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'fix') return fix(rest);
  if (command === '--help' || command === '-h' || command === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  process.stderr.write(`promise-lifetime: unknown command "${command}"\n\n${USAGE}\n`);
  return 2;
}

// `promise-lifetime fix … | head -2`: the reader is gone; end quietly, as other command-line tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`promise-lifetime: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);

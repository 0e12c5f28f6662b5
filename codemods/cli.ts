#!/usr/bin/env node
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';

/*
 * `promise-lifetime fix <paths…>`: runs the fix-promise-lifetime transform through the real jscodeshift
 * CLI with the right extensions and ignores, then summarises what it did: files changed, findings
 * fixed, findings skipped with their reasons, and errors (which make the command fail).
 */

const EXTENSIONS = 'ts,tsx,js,jsx,mts,cts,mjs,cjs';
/** Options with a fixed set of values, checked once here rather than by the transform in every file. */
const CHOICES: Readonly<Record<string, readonly string[]>> = { strategy: ['auto', 'await', 'worker'], 'module-kind': ['esm', 'cjs'] };
const USAGE = `Usage: promise-lifetime fix <paths…> [options]

Rewrites promises that outlive their caller (no-outlived-promise) into awaited handles, or hands them
to the runtime's waitUntil()/after(); runs tasks that blocking work starves (no-starved-promise) in a
worker thread.

Options:
  -d, --dry                Write nothing; report what would change.
  --print                  Print the rewritten files.
  -q, --quiet              Print only the findings fixed and the errors (and the summary line).
  --strategy=<s>           auto (default: a worker thread for starved tasks, else await) | await | worker.
  --allow-async-exports    Let exported functions become async (their other-module callers get a promise).
  --module-kind=<k>        esm | cjs: how the files run, for top-level await and worker paths (default: as
                           Node decides, from the extension and the nearest package.json "type").
  --cpus=<n>               Worker processes for jscodeshift.
  -h, --help               Print this help.
  -v, --version            Print the version.`;

const OPTIONS = {
  dry: { type: 'boolean', short: 'd' },
  print: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  strategy: { type: 'string' },
  'allow-async-exports': { type: 'boolean' },
  'module-kind': { type: 'string' },
  cpus: { type: 'string' },
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

interface Summary {
  created: string[];
  changed: number;
  unmodified: number;
  errors: string[];
  fixed: string[];
  skipped: string[];
}

function transformPath(): string {
  const compiled = path.join(__dirname, 'fix-promise-lifetime.js');
  return existsSync(compiled) ? compiled : path.join(__dirname, 'fix-promise-lifetime.ts');
}

function parseOutput(output: string, summary: Summary): void {
  for (const raw of output.split('\n')) {
    const line = raw.trim();
    const report = /^REP\s+(\S+)\s+(fixed|skipped)\s+(.*)$/.exec(line);
    if (report) {
      (report[2] === 'fixed' ? summary.fixed : summary.skipped).push(`${path.relative(process.cwd(), report[1] ?? '')} ${report[3]}`);
      continue;
    }
    const created = /^REP\s+\S+\s+(?:created|would create)\s+(.*)$/.exec(line);
    if (created) {
      summary.created.push(path.relative(process.cwd(), created[1] ?? ''));
      continue;
    }
    const error = /^ERR\s+(.*)$/.exec(line);
    if (error) summary.errors.push(error[1] ?? '');
    const ok = /^(\d+) ok$/.exec(line);
    if (ok) summary.changed = Number(ok[1]);
    const unmodified = /^(\d+) unmodified$/.exec(line);
    if (unmodified) summary.unmodified = Number(unmodified[1]);
  }
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
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
  if (values.cpus !== undefined && !/^[1-9]\d*$/.test(values.cpus)) {
    process.stderr.write(`promise-lifetime fix: --cpus must be a positive whole number (got "${values.cpus}")\n`);
    return 2;
  }
  const dry = values.dry === true;
  const passed = [
    ...(dry ? ['--dry'] : []),
    ...(values.print ? ['--print'] : []),
    ...(values['allow-async-exports'] ? ['--allow-async-exports=true'] : []),
    ...(values.strategy !== undefined ? [`--strategy=${values.strategy}`] : []),
    ...(values['module-kind'] !== undefined ? [`--module-kind=${values['module-kind']}`] : []),
    ...(values.cpus !== undefined ? [`--cpus=${values.cpus}`] : []),
  ];
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
  let jscodeshiftBin: string;
  try {
    jscodeshiftBin = require.resolve('jscodeshift/bin/jscodeshift.js');
  } catch {
    process.stderr.write('promise-lifetime fix: jscodeshift is not installed (npm install --save-dev jscodeshift)\n');
    return 2;
  }
  const transform = transformPath();
  const jscodeshiftArgs = [
    jscodeshiftBin,
    '--transform',
    transform,
    `--extensions=${EXTENSIONS}`,
    '--ignore-pattern=**/node_modules/**',
    '--parser=tsx',
    '--fail-on-error',
    ...(transform.endsWith('.js') ? ['--no-babel'] : []),
    ...passed,
    ...paths,
  ];
  const child = spawn(process.execPath, jscodeshiftArgs, { env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const code = await new Promise<number>((resolve) => child.on('close', (exitCode) => resolve(exitCode ?? 1)));
  if (values.print) process.stdout.write(output.replace(/^(?:REP|ERR|OKK|NOC|SKIP)\s.*\n?/gm, ''));

  const summary: Summary = { created: [], changed: 0, unmodified: 0, errors: [], fixed: [], skipped: [] };
  parseOutput(output, summary);
  const verb = dry ? 'would change' : 'changed';
  process.stdout.write(
    `promise-lifetime fix: ${plural(summary.changed, 'file')} ${verb}, ${plural(summary.fixed.length, 'finding')} fixed, ${summary.skipped.length} skipped, ${plural(summary.errors.length, 'error')}${dry ? ' (dry run: nothing written)' : ''}\n`,
  );
  for (const line of summary.fixed) process.stdout.write(`  fixed   ${line}\n`);
  for (const file of summary.created) process.stdout.write(`  ${dry ? 'would create' : 'created'} ${file}\n`);
  if (!values.quiet) for (const line of summary.skipped) process.stdout.write(`  skipped ${line}\n`);
  for (const line of summary.errors) process.stdout.write(`  error   ${line}\n`);
  if (code !== 0 && summary.errors.length === 0) process.stderr.write(output);
  return summary.errors.length > 0 || code !== 0 ? 1 : 0;
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

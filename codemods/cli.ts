#!/usr/bin/env node
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

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
  --dry                    Write nothing; report what would change.
  --print                  Print the rewritten files.
  --strategy=<s>           auto (default: a worker thread for starved tasks, else await) | await | worker.
  --allow-async-exports    Let exported functions become async (their other-module callers get a promise).
  --module-kind=<k>        esm | cjs: how the files run, for top-level await and worker paths (default: as
                           Node decides, from the extension and the nearest package.json "type").
  --cpus=<n>               Worker processes for jscodeshift.
  Any other --flag is passed to jscodeshift.`;

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
  const paths: string[] = [];
  const passed: string[] = [];
  let dry = false;
  for (const arg of args) {
    const [, option = '', value = ''] = /^--([\w-]+)=(.*)$/.exec(arg) ?? [];
    const choices = CHOICES[option];
    if (choices && !choices.includes(value)) {
      process.stderr.write(`promise-lifetime fix: --${option} must be one of ${choices.join(', ')} (got "${value}")\n`);
      return 2;
    }
    if (arg === '--allow-async-exports') passed.push('--allow-async-exports=true');
    else if (arg === '--dry' || arg === '-d') {
      dry = true;
      passed.push('--dry');
    } else if (arg.startsWith('-')) passed.push(arg);
    else paths.push(arg);
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
  if (args.includes('--print')) process.stdout.write(output.replace(/^(?:REP|ERR|OKK|NOC|SKIP)\s.*\n?/gm, ''));

  const summary: Summary = { created: [], changed: 0, unmodified: 0, errors: [], fixed: [], skipped: [] };
  parseOutput(output, summary);
  const verb = dry ? 'would change' : 'changed';
  process.stdout.write(
    `promise-lifetime fix: ${plural(summary.changed, 'file')} ${verb}, ${plural(summary.fixed.length, 'finding')} fixed, ${summary.skipped.length} skipped, ${plural(summary.errors.length, 'error')}${dry ? ' (dry run: nothing written)' : ''}\n`,
  );
  for (const line of summary.fixed) process.stdout.write(`  fixed   ${line}\n`);
  for (const file of summary.created) process.stdout.write(`  ${dry ? 'would create' : 'created'} ${file}\n`);
  for (const line of summary.skipped) process.stdout.write(`  skipped ${line}\n`);
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
  process.stderr.write(`promise-lifetime: unknown command "${command}"\n\n${USAGE}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`promise-lifetime: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// `promise-lifetime fix` from the source, as `npm test` has it (the tarball test runs the built one).

const cli = path.join(__dirname, '..', '..', 'codemods', 'cli.ts');
const tsx = pathToFileURL(createRequire(__filename).resolve('tsx')).href;
const scratch = mkdtempSync(path.join(os.tmpdir(), 'promise-lifetime-cli-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsx, cli, ...args], { cwd: scratch, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('promise-lifetime fix', () => {
  it.each([
    [['fix', 'src', '--strategy=threads'], 'promise-lifetime fix: --strategy must be one of auto, await, worker (got "threads")'],
    [['fix', 'src', '--module-kind=umd'], 'promise-lifetime fix: --module-kind must be one of esm, cjs (got "umd")'],
    [['fix'], 'promise-lifetime fix: no paths given'],
    [['fix', 'missing'], 'promise-lifetime fix: missing: no such file or directory'],
    [
      ['fix', 'src', '--dyr'],
      "promise-lifetime fix: Unknown option '--dyr'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- \"--dyr\"",
    ],
    [['fix', 'src', '--cpus=many'], 'promise-lifetime fix: --cpus must be a positive whole number (got "many")'],
  ])('refuses %j before running anything', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(message);
  });

  it.each([[['fix', '--help']], [['fix', 'src', '--help']], [['fix', '-h']], [['--help']]])('prints the usage for %j, and runs nothing', async (args) => {
    const result = await runCli(args);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('Usage: promise-lifetime fix <paths…> [options]');
    expect(result.stderr).toBe('');
  });

  it.each([[['--version']], [['fix', '--version']], [['-v']]])('prints the version for %j', async (args) => {
    const result = await runCli(args);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${(JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version}\n`);
  });

  it('with --quiet, lists the findings fixed but not the skipped ones; the summary still counts both', async () => {
    const folder = path.join(scratch, 'quiet', 'src');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(scratch, 'quiet', 'package.json'), '{ "type": "module" }\n');
    const fixed = "import { writeFile } from 'node:fs/promises';\nwriteFile('out.txt', 'done');\nprocess.exit(0);\n";
    // Refused: an exit listener cannot wait for anything.
    const skipped = "async function flush() { await null; }\nprocess.on('exit', () => {\n  flush();\n});\n";
    writeFileSync(path.join(folder, 'fixed.js'), fixed);
    writeFileSync(path.join(folder, 'skipped.js'), skipped);
    const result = await runCli(['fix', 'quiet/src', '--quiet', '--dry']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('1 finding fixed, 1 skipped');
    expect(result.stdout).toContain('  fixed   ');
    expect(result.stdout).not.toContain('  skipped ');
  });

  it('ends quietly when its reader has gone (`… | head -1`)', async () => {
    // The read end is closed before the command writes (tsx takes longer to start): its first write fails with EPIPE.
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', tsx, cli, '--help'], { cwd: scratch, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.destroy();
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('reads the module kind from the package, and takes --module-kind through jscodeshift', async () => {
    // A package without "type": its .ts entry point runs as CommonJS (no top-level await), unless the user says otherwise.
    const source = "import { writeFile } from 'node:fs/promises';\nwriteFile('out.txt', 'done');\nprocess.exit(0);\n";
    const entryIn = (name: string): string => {
      mkdirSync(path.join(scratch, name, 'src'), { recursive: true });
      writeFileSync(path.join(scratch, name, 'package.json'), '{ "private": true }\n');
      writeFileSync(path.join(scratch, name, 'src', 'cli.ts'), source);
      return path.join(scratch, name, 'src', 'cli.ts');
    };

    const commonjs = entryIn('as-node-runs-it');
    expect((await runCli(['fix', 'as-node-runs-it/src'])).stdout).toContain('promise-lifetime fix: 1 file changed, 1 finding fixed, 0 skipped, 0 errors');
    expect(readFileSync(commonjs, 'utf8')).toBe(
      "import { writeFile } from 'node:fs/promises';\nwriteFile('out.txt', 'done').then(\n  () => process.exit(0),\n  (error) => {\n    console.error(error);\n    process.exit(1);\n  },\n);\n",
    );

    const esm = entryIn('said-to-be-esm');
    expect((await runCli(['fix', 'said-to-be-esm/src', '--module-kind=esm'])).stdout).toContain(
      'promise-lifetime fix: 1 file changed, 1 finding fixed, 0 skipped, 0 errors',
    );
    expect(readFileSync(esm, 'utf8')).toBe("import { writeFile } from 'node:fs/promises';\nawait writeFile('out.txt', 'done');\nprocess.exit(0);\n");
  }, 120_000);
});

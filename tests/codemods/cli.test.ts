import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

function runCli(args: string[], cwd = scratch): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsx, cli, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
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
    [['fix', 'src', '--config=missing.mjs'], 'promise-lifetime fix: --config missing.mjs: no such file'],
    [['fix', 'src', '--config=x.mjs', '--no-config-lookup'], 'promise-lifetime fix: --config and --no-config-lookup exclude each other'],
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
    const result = await runCli(['fix', 'quiet/src', '--quiet', '--dry', '--no-config-lookup']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('1 finding fixed, 1 skipped');
    expect(result.stdout).toContain('  fixed   ');
    expect(result.stdout).not.toContain('  skipped ');
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe(
      'promise-lifetime fix: 1 file would change, 1 finding fixed, 1 skipped, 0 errors (dry run: nothing written)',
    );
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

  it('reads the module kind from the package, and takes --module-kind', async () => {
    // A package without "type": its .ts entry point runs as CommonJS (no top-level await), unless the user says otherwise.
    const source = "import { writeFile } from 'node:fs/promises';\nwriteFile('out.txt', 'done');\nprocess.exit(0);\n";
    const entryIn = (name: string): string => {
      mkdirSync(path.join(scratch, name, 'src'), { recursive: true });
      writeFileSync(path.join(scratch, name, 'package.json'), '{ "private": true }\n');
      writeFileSync(path.join(scratch, name, 'src', 'cli.ts'), source);
      return path.join(scratch, name, 'src', 'cli.ts');
    };

    const commonjs = entryIn('as-node-runs-it');
    expect((await runCli(['fix', 'as-node-runs-it/src', '--no-config-lookup'])).stdout).toContain(
      'promise-lifetime fix: 1 file changed, 1 finding fixed, 0 skipped, 0 errors',
    );
    expect(readFileSync(commonjs, 'utf8')).toBe(
      "import { writeFile } from 'node:fs/promises';\nwriteFile('out.txt', 'done').then(\n  () => process.exit(0),\n  (error) => {\n    console.error(error);\n    process.exit(1);\n  },\n);\n",
    );

    const esm = entryIn('said-to-be-esm');
    expect((await runCli(['fix', 'said-to-be-esm/src', '--module-kind=esm', '--no-config-lookup'])).stdout).toContain(
      'promise-lifetime fix: 1 file changed, 1 finding fixed, 0 skipped, 0 errors',
    );
    expect(readFileSync(esm, 'utf8')).toBe("import { writeFile } from 'node:fs/promises';\nawait writeFile('out.txt', 'done');\nprocess.exit(0);\n");
  }, 120_000);
});

/** A project folder in the scratch space, with these files. */
function project(name: string, files: Record<string, string>): string {
  const root = path.join(scratch, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

// The plugin from the source, as the CLI under test is (tsx loads it in the CLI's process).
const plugin = pathToFileURL(path.join(__dirname, '..', '..', 'index.ts')).href;
const configWith = (rules: string): string =>
  `import promiseLifetime from '${plugin}';\nexport default [promiseLifetime.configs.recommended, { rules: ${rules} }];\n`;

const lostWrites = `import { writeFile } from 'node:fs/promises';

async function sendBestEffortPing() {
  await new Promise((resolve) => setTimeout(resolve, 10));
}

writeFile('a.txt', 'a');
sendBestEffortPing();
// eslint-disable-next-line promise-lifetime/no-outlived-promise -- best effort
writeFile('b.txt', 'b');
process.exit(0);
`;

describe('promise-lifetime fix rewrites what ESLint reports', () => {
  it('with the config ESLint finds: its options and disable comments hold, the rest is fixed', async () => {
    const root = project('eslint-config', {
      'package.json': '{ "type": "module" }\n',
      'eslint.config.mjs': configWith(`{ 'promise-lifetime/no-outlived-promise': ['error', { allowForKnownSafeCalls: ['sendBestEffortPing'] }] }`),
      'src/main.js': lostWrites,
    });
    const result = await runCli(['fix', 'src'], root);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(
      [
        "  fixed   src/main.js line 7: `writeFile('a.txt', 'a')` before `process.exit(0)` (line 11)",
        'promise-lifetime fix: 1 file changed, 1 finding fixed, 0 skipped, 0 errors',
        '',
      ].join('\n'),
    );
    expect(result.code).toBe(0);
    expect(readFileSync(path.join(root, 'src/main.js'), 'utf8')).toBe(
      lostWrites
        .replace("writeFile('a.txt', 'a');", "const writeFileTask = writeFile('a.txt', 'a');")
        .replace('process.exit(0);', 'await writeFileTask;\nprocess.exit(0);'),
    );
  });

  it('without the allowance, the same call is fixed too; the disabled one still is not', async () => {
    const root = project('eslint-no-allowance', {
      'package.json': '{ "type": "module" }\n',
      'eslint.config.mjs': configWith('{}'),
      'src/main.js': lostWrites,
    });
    const result = await runCli(['fix', 'src', '--dry'], root);
    expect(result.stdout).toContain('promise-lifetime fix: 1 file would change, 2 findings fixed, 0 skipped, 0 errors (dry run: nothing written)');
    expect(result.stdout).toContain('+const sendBestEffortPingTask = sendBestEffortPing();');
    expect(result.stdout).not.toContain("+await writeFile('b.txt'");
  });

  it('takes --config, and leaves alone the files that config ignores or does not lint', async () => {
    const root = project('eslint-other-config', {
      'package.json': '{ "type": "module" }\n',
      'lint/strict.mjs': `import promiseLifetime from '${plugin}';\nexport default [{ ignores: ['src/vendored/**'] }, { files: ['src/app/**/*.js'], ...promiseLifetime.configs.recommended }];\n`,
      'src/app/main.js': lostWrites,
      'src/vendored/main.js': lostWrites,
      'src/other/main.js': lostWrites,
    });
    const result = await runCli(['fix', 'src', '--config', 'lint/strict.mjs'], root);
    expect(result.stdout).toContain('promise-lifetime fix: 1 file changed, 2 findings fixed, 0 skipped, 0 errors');
    expect(readFileSync(path.join(root, 'src/app/main.js'), 'utf8')).not.toBe(lostWrites);
    expect(readFileSync(path.join(root, 'src/vendored/main.js'), 'utf8')).toBe(lostWrites);
    expect(readFileSync(path.join(root, 'src/other/main.js'), 'utf8')).toBe(lostWrites);
  });

  it('leaves alone what ESLint suppresses in bulk (eslint-suppressions.json)', async () => {
    const root = project('eslint-suppressions', {
      'package.json': '{ "type": "module" }\n',
      'eslint.config.mjs': configWith('{}'),
      'eslint-suppressions.json': JSON.stringify({ 'src/main.js': { 'promise-lifetime/no-outlived-promise': { count: 2 } } }),
      'src/main.js': lostWrites,
    });
    const result = await runCli(['fix', 'src'], root);
    expect(result.stdout).toBe('promise-lifetime fix: 0 files changed, 0 findings fixed, 0 skipped, 0 errors\n');
    expect(readFileSync(path.join(root, 'src/main.js'), 'utf8')).toBe(lostWrites);
  });

  it('says once that ESLint has no config, and touches nothing', async () => {
    const root = project('eslint-none', { 'package.json': '{ "type": "module" }\n', 'src/main.js': lostWrites });
    const result = await runCli(['fix', 'src'], root);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^promise-lifetime fix: ESLint cannot load its config for .*main\.js: /);
    expect(result.stdout).toBe('');
    expect(readFileSync(path.join(root, 'src/main.js'), 'utf8')).toBe(lostWrites);
  });
});

const headline = readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'asyncio-headline', 'before.ts'), 'utf8');

describe('promise-lifetime fix manners', () => {
  it('--dry prints a unified diff of each change and of each file it would create, and writes nothing', async () => {
    const root = project('dry-diff', { 'package.json': '{ "type": "module" }\n', 'src/main.ts': headline });
    const result = await runCli(['fix', 'src', '--dry', '--strategy=worker', '--no-config-lookup'], root);
    expect(result.code).toBe(0);
    const { stdout } = result;
    expect(stdout).toContain('--- src/main.ts\n+++ src/main.ts\n@@ ');
    expect(stdout).toContain("+import { taskInWorker } from './main.task.js';");
    expect(stdout).toContain('--- /dev/null\n+++ src/main.task.ts\n@@ -0,0 +1,');
    expect(stdout).toContain('--- /dev/null\n+++ src/main.task.worker.ts\n@@ -0,0 +1,');
    expect(stdout).toContain('  would create src/main.task.ts\n');
    expect(stdout.trimEnd().split('\n').at(-1)).toBe(
      'promise-lifetime fix: 1 file would change, 1 finding fixed, 0 skipped, 0 errors (dry run: nothing written)',
    );
    expect(readdirSync(path.join(root, 'src'))).toEqual(['main.ts']);
    expect(readFileSync(path.join(root, 'src/main.ts'), 'utf8')).toBe(headline);
  });

  it('leaves a read-only file unchanged, reports it, does not count it as fixed, and fails', async () => {
    const root = project('read-only', {
      'package.json': '{ "type": "module" }\n',
      'src/locked.mjs': "import { writeFile } from 'node:fs/promises';\nwriteFile('out.txt', 'done');\nprocess.exit(0);\n",
      'src/open.mjs': "import { writeFile } from 'node:fs/promises';\nwriteFile('out.txt', 'done');\nprocess.exit(0);\n",
    });
    const locked = path.join(root, 'src/locked.mjs');
    chmodSync(locked, 0o444);
    const result = await runCli(['fix', 'src', '--no-config-lookup'], root);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('  error   src/locked.mjs: read-only, left unchanged (its findings are not fixed)\n');
    expect(result.stdout).toContain('promise-lifetime fix: 1 file changed, 1 finding fixed, 0 skipped, 1 error');
    expect(readFileSync(locked, 'utf8')).toBe("import { writeFile } from 'node:fs/promises';\nwriteFile('out.txt', 'done');\nprocess.exit(0);\n");
    expect(statSync(locked).mode & 0o777).toBe(0o444);
    expect(readFileSync(path.join(root, 'src/open.mjs'), 'utf8')).toContain("await writeFile('out.txt', 'done');");
  });

  it('skips type declaration files, which run no code', async () => {
    const root = project('declarations', {
      'package.json': '{ "type": "module" }\n',
      'types/index.d.ts': 'export declare const version: string;\nexport declare function main(): Promise<void>;\n',
    });
    const result = await runCli(['fix', 'types', '--no-config-lookup'], root);
    expect(result.stdout).toBe('promise-lifetime fix: 0 files changed, 0 findings fixed, 0 skipped, 0 errors\n');
    expect(result.code).toBe(0);
  });

  it('keeps the mode of a file it rewrites', async () => {
    const root = project('mode-kept', {
      'package.json': '{ "type": "module" }\n',
      'bin/run.mjs': "#!/usr/bin/env node\nimport { writeFile } from 'node:fs/promises';\nwriteFile('out.txt', 'done');\nprocess.exit(0);\n",
    });
    chmodSync(path.join(root, 'bin/run.mjs'), 0o751);
    expect((await runCli(['fix', 'bin', '--no-config-lookup'], root)).code).toBe(0);
    expect(statSync(path.join(root, 'bin/run.mjs')).mode & 0o777).toBe(0o751);
  });

  it("names the user's file when a write fails, changes nothing, does not count it as fixed, and fails", async () => {
    // The worker offload creates `<name>.task.worker.ts`, a name longer than the file system allows.
    const name = `${'a'.repeat(245)}.ts`;
    const root = project('write-fails', { 'package.json': '{ "type": "module" }\n', [`src/${name}`]: headline });
    const result = await runCli(['fix', 'src', '--strategy=worker', '--no-config-lookup'], root);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      new RegExp(`  error   src/${name.replace('.', '\\.')}: cannot create .*\\.task\\.(?:worker\\.)?ts \\(ENAMETOOLONG\\), left unchanged\\n`),
    );
    expect(result.stdout).toContain('promise-lifetime fix: 0 files changed, 0 findings fixed, 0 skipped, 1 error');
    expect(readdirSync(path.join(root, 'src'))).toEqual([name]);
    expect(readFileSync(path.join(root, 'src', name), 'utf8')).toBe(headline);
  });
});

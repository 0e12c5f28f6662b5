import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';

/*
 * What the tests that install this package as users get it share: running a command as a user would (npm,
 * npx, a project's own eslint), and `npm pack` of the built repository.
 */

export const repositoryRoot = path.join(__dirname, '..', '..');
const isWindows = process.platform === 'win32';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment of `npm test` without the variables npm sets for *this* package's lifecycle. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_(package_|lifecycle_|config_local_prefix$|config_prefix$)/i.test(key)) continue;
    env[key] = value;
  }
  return env;
}

export function run(command: string, args: string[], cwd: string, timeout: number): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: childEnv(), shell: isWindows, timeout, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal) reject(new Error(`\`${command} ${args.join(' ')}\` in ${cwd} was killed (${signal}), after ${timeout} ms at most.\n${stderr}`));
      // CI terminals may force colour (FORCE_COLOR); the assertions are about the words, not the styling.
      else resolve({ code, stdout: stripVTControlCharacters(stdout), stderr: stripVTControlCharacters(stderr) });
    });
  });
}

export async function runOk(command: string, args: string[], cwd: string, timeout: number): Promise<RunResult> {
  const result = await run(command, args, cwd, timeout);
  if (result.code !== 0) throw new Error(`\`${command} ${args.join(' ')}\` in ${cwd} exited with ${result.code}:\n${result.stderr}\n${result.stdout}`);
  return result;
}

/** `npm pack` of the built repository into `destination`: the tarball's path and the files it holds. */
export async function packRepository(destination: string): Promise<{ tarball: string; files: string[] }> {
  const entry = path.join(repositoryRoot, 'dist', 'index.js');
  if (!existsSync(entry)) throw new Error(`dist/ is missing (${entry} not found): run \`npm run build\` first (\`npm test\` builds before vitest).`);
  const pack = await runOk('npm', ['pack', '--json', '--pack-destination', destination], repositoryRoot, 2 * 60_000);
  const [info] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as Array<{ filename: string; files: Array<{ path: string }> }>;
  if (!info) throw new Error(`npm pack printed no package:\n${pack.stdout}`);
  return { tarball: path.join(destination, path.basename(info.filename)), files: info.files.map((file) => file.path) };
}

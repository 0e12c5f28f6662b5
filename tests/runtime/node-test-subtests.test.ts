import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applied } from '../helpers/apply-transform';

/*
 * node:test cancels a subtest that is still running when its parent test ends, and fails the parent
 * ("test did not finish before its parent and was cancelled"). The codemod pair
 * `node-test-subtests` is run here with `node --test`, before and after the rewrite, to prove both.
 */

const pairs = path.join(__dirname, '..', 'fixtures', 'codemod', 'fix-promise-lifetime');
const before = readFileSync(path.join(pairs, 'node-test-subtests.input.mjs'), 'utf8');
const after = readFileSync(path.join(pairs, 'node-test-subtests.output.mjs'), 'utf8');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'promise-lifetime-node-test-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface TestRun {
  readonly code: number | null;
  /** The run's TAP summary counters: `{ tests: 3, pass: 3, fail: 0, cancelled: 0, … }`. */
  readonly counts: Readonly<Record<string, number>>;
  readonly output: string;
}

async function runNodeTest(name: string, source: string): Promise<TestRun> {
  const file = path.join(scratch, name);
  writeFileSync(file, source);
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const key of Object.keys(env)) if (/^(VITEST|TINYPOOL)|^FORCE_COLOR$|^NODE_TEST_CONTEXT$/.test(key)) delete env[key];
  const child = spawn(process.execPath, ['--test', '--test-reporter=tap', file], { cwd: scratch, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const counts = Object.fromEntries([...output.matchAll(/^# (tests|pass|fail|cancelled) (\d+)$/gm)].map(([, key, value]) => [key!, Number(value)]));
  return { code, counts, output };
}

describe('node:test subtests, before and after fix-promise-lifetime', () => {
  it('is the codemod output of the pair', () => {
    expect(applied(before, path.join(scratch, 'users.test.mjs'))).toBe(after);
  });

  it('before: node:test cancels both subtests and fails the parent', async () => {
    const run = await runNodeTest('before.test.mjs', before);
    expect(run.code, run.output).toBe(1);
    expect(run.counts, run.output).toEqual({ tests: 3, pass: 0, fail: 1, cancelled: 2 });
    expect(run.output).toContain('test did not finish before its parent and was cancelled');
  });

  it('after: both subtests run to the end and pass', async () => {
    const run = await runNodeTest('after.test.mjs', after);
    expect(run.code, run.output).toBe(0);
    expect(run.counts, run.output).toEqual({ tests: 3, pass: 3, fail: 0, cancelled: 0 });
  });
});

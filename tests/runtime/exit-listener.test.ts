import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { apply } from '../helpers/apply-transform';

/*
 * Node exits right after its `exit` listeners return: asynchronous work they start never runs, and no
 * rewrite can make them wait. The codemod pair `no-transform-exit-listener` is run here with node to
 * prove the loss, and through the codemod to prove it is left alone with the reason.
 */

const input = path.join(__dirname, '..', 'fixtures', 'codemod', 'fix-promise-lifetime', 'no-transform-exit-listener.input.mjs');
const source = readFileSync(input, 'utf8');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'promise-lifetime-exit-listener-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('a process exit listener that starts asynchronous work', () => {
  it('loses the work: only the synchronous write reaches the file', () => {
    writeFileSync(path.join(scratch, 'main.mjs'), source);
    const run = spawnSync(process.execPath, ['main.mjs'], { cwd: scratch, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe('main done\n');
    expect(readFileSync(path.join(scratch, 'exit.log'), 'utf8')).toBe('sync: exited with 0\n');
  });

  it('is left as it is by the codemod, which says why', () => {
    const { output, reports } = apply(source, path.join(scratch, 'main.mjs'));
    expect(output).toBe(source);
    expect(reports).toEqual([
      'skipped line 9: `recordExit(code)` before the process `exit` listener returns (line 11): nothing can wait in a process `exit` listener (Node exits right after it): do the work synchronously, or finish it before the process exits',
    ]);
  });
});

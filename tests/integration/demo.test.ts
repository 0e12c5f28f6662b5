import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';

// `npm run demo` is the project's main job: lint, run, fix, lint again, run again. It runs on the build (`npm test` builds first).

const root = path.join(__dirname, '..', '..');

it('npm run demo shows the lost work, fixes it through ESLint, and the rewritten program completes it', () => {
  const demo = spawnSync(process.execPath, [path.join(root, 'scripts', 'demo.mjs')], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  expect(demo.stderr).toBe('');
  expect(demo.status).toBe(0);
  const steps = demo.stdout.split(/^═+ \d\. /m).slice(1);
  expect(steps.map((step) => step.split(' ═')[0])).toEqual([
    'Lint fixtures/asyncio-headline/before.ts',
    'Run fixtures/asyncio-headline/before.ts',
    'Apply the codemod to a copy of fixtures/asyncio-headline/before.ts',
    'Lint the rewritten file',
    'Run the rewritten file',
  ]);
  expect(steps[0]).toContain('promise-lifetime/no-outlived-promise');
  expect(steps[1]).not.toMatch(/^finished$/m);
  expect(steps[2]).toContain('promise-lifetime fix: 1 file changed, 1 finding fixed, 0 skipped, 0 errors');
  expect(steps[3]).toContain('No problems found.');
  expect(steps[4]).toContain('finished\n(exit code 0)');
}, 150_000);

import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';

// A long-lived process (an editor, `eslint --concurrency`, the codemod over a monorepo) keeps only a bounded
// part of the other modules it read (analysis/project/cache-limits.ts): after a warm-up that fills the
// caches, the heap retained after a forced collection stays flat however many more files are linted.

const script = path.join(__dirname, '..', 'helpers', 'lint-many-files.mjs');
const MB = 1024 * 1024;

it('keeps the retained heap flat while it lints thousands of files that each import a module of their own', () => {
  const output = execFileSync(process.execPath, ['--expose-gc', script, '3000', '500'], { encoding: 'utf8', timeout: 240_000 });
  const { reports, marks } = JSON.parse(output) as { reports: number; marks: Array<{ files: number; heap: number }> };
  // Every file's import was read: each reports its task before the exit.
  expect(reports).toBe(3000);
  const warm = marks.find((mark) => mark.files === 1000)!;
  const last = marks.at(-1)!;
  const shown = marks.map((mark) => `${mark.files}: ${Math.round(mark.heap / MB)} MB`).join(', ');
  // Generous: 2,000 more files, each with a module of its own, may add a little, never their own weight.
  expect(last.heap, `retained heap by files linted: ${shown}`).toBeLessThan(warm.heap * 1.15 + 24 * MB);
}, 300_000);

import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compare, fetchPackage, type CorpusEntry, type LintResult } from '../../corpus/review';

// The corpus's own guarantees: a tarball must have its pinned integrity (nothing is kept otherwise), and every
// report must meet a label, every label a report.
const cache = mkdtempSync(path.join(os.tmpdir(), 'promise-lifetime-corpus-'));
afterAll(() => rmSync(cache, { recursive: true, force: true }));

const isNumber: CorpusEntry = {
  name: 'is-number',
  version: '7.0.0',
  kind: 'a small package, for the fetch test',
  integrity: 'sha512-41Cifkg6e8TylSpdtTpeLVMqvSBEVzTttHvERD741+pnZ8ANv0004MRL43QKPDlK9cGvNp6NZWZUBlbGXYxxng==',
};

describe('the corpus', () => {
  it('fetches a package whose tarball has the pinned integrity, once', () => {
    const root = fetchPackage(isNumber, cache);
    expect(existsSync(path.join(root, 'package.json'))).toBe(true);
    expect(fetchPackage(isNumber, cache)).toBe(root);
  }, 120_000);

  it('refuses a tarball whose integrity is not the pinned one, and keeps nothing of it', () => {
    const other = path.join(cache, 'other');
    expect(() => fetchPackage({ ...isNumber, integrity: 'sha512-wrong' }, other)).toThrow(
      /is-number@7\.0\.0 has integrity sha512-.* but corpus\/packages\.json pins sha512-wrong/,
    );
    expect(readdirSync(other)).toEqual([]);
  }, 120_000);

  it('finds the unlabelled reports, the stale labels and the labels without a verdict', () => {
    const report = { package: 'p', file: 'a.js', line: 3, column: 1, rule: 'no-outlived-promise', message: 'm' };
    const result: LintResult = {
      name: 'p',
      version: '1.0.0',
      typed: false,
      files: 10,
      parseErrors: [],
      reports: [report, { ...report, line: 9 }],
      crashes: [],
      seconds: 0,
    };
    const labels = [
      { package: 'p', file: 'a.js', line: 3, rule: 'no-outlived-promise', verdict: 'true', reason: 'lost' },
      { package: 'p', file: 'a.js', line: 5, rule: 'no-outlived-promise', verdict: 'false', reason: 'gone' },
      { package: 'p', file: 'b.js', line: 1, rule: 'no-outlived-promise', verdict: 'maybe', reason: '' },
    ] as const;
    const { rows, unlabelled, stale, invalid } = compare([result], labels as never);
    expect(unlabelled.map((item) => item.line)).toEqual([9]);
    expect(stale.map((item) => item.line)).toEqual([5, 1]);
    expect(invalid.map((item) => item.file)).toEqual(['b.js']);
    expect(rows[0]).toMatchObject({ reports: 2, true: 1, false: 0 });
  });
});

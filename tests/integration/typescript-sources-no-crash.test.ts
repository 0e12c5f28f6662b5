import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fetchPackage, lintPackage, type CorpusEntry } from '../../corpus/review';
import plugin from '../../index';

// Real TypeScript sources, which this repository's node_modules hardly has: a large code base (corpus/sweep.json),
// linted with every rule and without type information (the typed runs over packages with their own tsconfig are
// the review corpus's, tests/integration/review-corpus.test.ts). Its reports are not judged here; a rule exception
// fails, and in this suite an internal error of the analysis is one (PROMISE_LIFETIME_STRICT=1).

const entries = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'corpus', 'sweep.json'), 'utf8')) as CorpusEntry[];
const TIMEOUT = 10 * 60_000;

describe('every rule over large TypeScript sources', () => {
  for (const entry of entries) {
    it(
      `never throws on ${entry.name}@${entry.version}`,
      () => {
        const result = lintPackage(plugin, fetchPackage(entry), entry, { config: 'all' });
        console.log(
          `[${entry.name}] ${result.files} files, ${result.parseErrors.length} parse errors, ${result.reports.length} reports, ${result.seconds.toFixed(1)} s`,
        );
        expect(result.files).toBeGreaterThan(300);
        expect(result.crashes.map((crash) => `${crash.file}\n${crash.stack}`)).toEqual([]);
      },
      TIMEOUT,
    );
  }
});

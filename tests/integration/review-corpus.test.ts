import { describe, expect, it } from 'vitest';
import { compare, markdownTable, readLabels, readmeTable, readPackages, reviewCorpus, totals, type LintResult } from '../../corpus/review';
import plugin from '../../index';

// Precision on real code (corpus/): published packages at pinned versions, fetched into a cache outside the
// repository, linted with `configs.recommended` (and typed where a package has a tsconfig). Every report must
// carry a label judged by reading the code, so a new report is work before it lands; a label no report matches
// any more means something stopped reporting. See corpus/review.ts, and `npm run corpus -- --context` to label.

const entries = readPackages();
const TIMEOUT = 12 * 60_000;

describe('the review corpus', () => {
  let results: LintResult[] = [];

  it(
    'lints every package without a rule exception',
    () => {
      results = reviewCorpus(plugin, entries).results;
      const crashes = results.flatMap((result) =>
        result.crashes.map((crash) => `${result.name}${result.typed ? ' (typed)' : ''} ${crash.file}\n${crash.stack}`),
      );
      expect(crashes, crashes.join('\n\n')).toEqual([]);
    },
    TIMEOUT,
  );

  it('has a label for every report, and a report for every label', () => {
    expect(results.length, 'the corpus was not linted').toBeGreaterThan(0);
    const { unlabelled, stale, invalid } = compare(results, readLabels());
    const describeReport = (report: (typeof unlabelled)[number]) => `${report.package} ${report.file}:${report.line} ${report.rule}: ${report.message}`;
    expect(invalid, 'labels need a verdict (true, harmless or false) and a reason').toEqual([]);
    expect(unlabelled.map(describeReport), 'new reports: judge each by reading the code and add it to corpus/labels.json').toEqual([]);
    expect(
      stale.map((label) => `${label.package} ${label.file}:${label.line} ${label.rule} (${label.verdict})`),
      'labels without a report: find what stopped reporting',
    ).toEqual([]);
  });

  it('meets the precision bar: (true + harmless) / reports ≥ 0.90, at most 1 false report per 1,000 files, on 12+ packages and 2,000+ files', () => {
    const total = totals(compare(results, readLabels()).rows);
    expect(total.packages).toBeGreaterThanOrEqual(12);
    expect(total.files).toBeGreaterThanOrEqual(2000);
    expect(total.precision).toBeGreaterThanOrEqual(0.9);
    expect(total.falsePerThousandFiles).toBeLessThanOrEqual(1);
  });

  it('is what README.md shows ("Precision on real code"; `npm run corpus -- --readme` writes it)', () => {
    expect(readmeTable()).toBe(markdownTable(compare(results, readLabels()).rows));
  });
});

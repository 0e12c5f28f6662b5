import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import {
  compare,
  defaultCacheDir,
  fetchPackages,
  listFiles,
  markdownTable,
  readLabels,
  readmeTable,
  readPackages,
  reviewCorpus,
  totals,
  type LintResult,
} from '../../corpus/review';
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

  it(
    'gets the same reports from `eslint --concurrency=2` as from one thread, on the packages it reports in',
    async () => {
      const reported = entries.filter((entry) => results.some((result) => result.name === entry.name && result.reports.length > 0));
      expect(reported.length, 'the corpus was not linted').toBeGreaterThan(0);
      const roots = fetchPackages(reported);
      const files = reported.flatMap((entry) => listFiles(roots.get(entry.name)!, entry).map((file) => path.join(roots.get(entry.name)!, file)));
      // Worker threads get their options by cloning: the config is a file, as a user's is.
      const folder = mkdtempSync(path.join(os.tmpdir(), 'promise-lifetime-concurrency-'));
      const built = pathToFileURL(path.join(__dirname, '..', '..', 'dist', 'index.js')).href;
      const parser = pathToFileURL(createRequire(__filename).resolve('@typescript-eslint/parser')).href;
      const config = path.join(folder, 'eslint.config.mjs');
      writeFileSync(
        config,
        [
          `import promiseLifetime from '${built}';`,
          `import * as parser from '${parser}';`,
          `export default [`,
          `  { ignores: ['!**/node_modules/'] },`,
          `  { ...promiseLifetime.configs.recommended, files: ['**/*.{js,mjs,cjs}'] },`,
          `  { ...promiseLifetime.configs.recommended, files: ['**/*.{ts,mts,cts}'], languageOptions: { parser } },`,
          `];`,
          ``,
        ].join('\n'),
      );
      const lint = async (concurrency: 'off' | number): Promise<string[]> => {
        const eslint = new ESLint({ cwd: defaultCacheDir(), overrideConfigFile: config, concurrency, warnIgnored: false });
        return (await eslint.lintFiles(files))
          .flatMap((result) =>
            result.messages.map((m) => `${path.relative(defaultCacheDir(), result.filePath)}:${m.line}:${m.column} ${m.ruleId} ${m.message}`),
          )
          .sort();
      };
      try {
        const alone = await lint('off');
        expect(alone.filter((line) => line.includes(' promise-lifetime/')).length).toBeGreaterThan(0);
        expect(await lint(2)).toEqual(alone);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
    TIMEOUT,
  );
});

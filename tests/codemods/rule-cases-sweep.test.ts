import { describe, expect, it } from 'vitest';
import { checkGuarantees } from '../helpers/codemod-guarantees';
import { distinctSnippets, snippetsOf, type Snippet } from '../rules/cases';
import { sections as outlivedSections } from '../rules/no-outlived-promise';
import { sections as starvedSections } from '../rules/no-starved-promise';

/*
 * The codemod's guarantees (output parses, a second run changes nothing, nothing is left but what it
 * reported as skipped) checked on every snippet of the rules' own tests (tests/rules/<rule>/, valid and
 * invalid, typed-only ones included): hundreds of shapes of code the input/output pairs do not spell out,
 * under each strategy. Each snippet also runs with CRLF line endings, with tab indentation and after a
 * byte order mark, which must change nothing but those.
 */

const STRATEGIES = ['auto', 'await', 'worker'] as const;

const sources: Record<string, readonly Snippet[]> = {
  'no-outlived-promise': distinctSnippets(snippetsOf(outlivedSections), 'file'),
  'no-starved-promise': distinctSnippets(snippetsOf(starvedSections), 'file'),
};

const withCrlf = (text: string): string => text.replace(/\r?\n/g, '\r\n');
const withTabs = (text: string): string => text.replace(/^(?: {2})+/gm, (indent) => '\t'.repeat(indent.length / 2));
const tokensOf = (text: string): string => text.replace(/\s+/g, '');

for (const rule of Object.keys(sources)) {
  describe(`fix-promise-lifetime on the ${rule} test cases`, () => {
    // One test per strategy, listing every snippet that breaks a guarantee: a failure shows them all at once.
    it.each(STRATEGIES.map((strategy) => [strategy, (sources[rule] ?? []).length] as const))(
      'keeps its guarantees with --strategy=%s on all %i snippets, also with CRLF, tabs and a BOM',
      (strategy) => {
        const broken: string[] = [];
        (sources[rule] ?? []).forEach((snippet, index) => {
          const filename = snippet.filename ?? 'file.ts';
          const fail = (variant: string, code: string, problem: string): void => {
            broken.push(`#${index} (${snippet.section}, ${filename}, ${variant}):\n${code}\n→ ${problem}`);
          };
          try {
            const base = checkGuarantees(snippet.code, filename, { strategy });
            for (const problem of base.problems) fail('as written', snippet.code, problem);

            const crlf = checkGuarantees(withCrlf(snippet.code), filename, { strategy });
            for (const problem of crlf.problems) fail('CRLF', withCrlf(snippet.code), problem);
            if (crlf.output !== withCrlf(base.output))
              fail('CRLF', withCrlf(snippet.code), `the output is not the LF output with CRLF:\n${JSON.stringify(crlf.output)}`);
            const createdCrlf = crlf.result.files.map((file) => file.text);
            if (createdCrlf.join('\0') !== base.result.files.map((file) => withCrlf(file.text)).join('\0'))
              fail('CRLF', withCrlf(snippet.code), 'the created files do not end their lines with CRLF');

            const bom = checkGuarantees(`\uFEFF${snippet.code}`, filename, { strategy });
            for (const problem of bom.problems) fail('BOM', snippet.code, problem);
            if (bom.output !== `\uFEFF${base.output}`) fail('BOM', snippet.code, `the output is not the output after a BOM:\n${JSON.stringify(bom.output)}`);

            const tabs = checkGuarantees(withTabs(snippet.code), filename, { strategy });
            for (const problem of tabs.problems) fail('tabs', withTabs(snippet.code), problem);
            if (tokensOf(tabs.output) !== tokensOf(base.output))
              fail('tabs', withTabs(snippet.code), `the output differs from the space-indented one beyond whitespace:\n${tabs.output}`);
          } catch (error) {
            fail('as written', snippet.code, `threw ${(error as Error).stack ?? String(error)}`);
          }
        });
        expect(broken.join('\n\n')).toBe('');
      },
    );
  });
}

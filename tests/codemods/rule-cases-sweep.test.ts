import { describe, expect, it } from 'vitest';
import { checkGuarantees } from '../helpers/codemod-guarantees';
import { cases as outlivedCases } from '../rules/no-outlived-promise.cases';
import { cases as starvedCases } from '../rules/no-starved-promise.cases';

/*
 * The codemod's guarantees (output parses, a second run changes nothing, nothing is left but what it
 * reported as skipped) checked on every snippet of the rules' own tests: hundreds of shapes of code
 * the input/output pairs do not spell out, under each strategy. Each snippet also runs with CRLF line
 * endings, with tab indentation and after a byte order mark, which must change nothing but those.
 */

const STRATEGIES = ['auto', 'await', 'worker'] as const;

interface Snippet {
  readonly code: string;
  readonly filename?: string;
}

const sources: Record<string, { valid: ReadonlyArray<string | Snippet>; invalid: readonly Snippet[] }> = {
  'no-outlived-promise': outlivedCases,
  'no-starved-promise': starvedCases,
};

const withCrlf = (text: string): string => text.replace(/\r?\n/g, '\r\n');
const withTabs = (text: string): string => text.replace(/^(?: {2})+/gm, (indent) => '\t'.repeat(indent.length / 2));
const tokensOf = (text: string): string => text.replace(/\s+/g, '');

for (const [rule, { valid, invalid }] of Object.entries(sources)) {
  describe(`fix-promise-lifetime on the ${rule} test cases`, () => {
    const snippets = [...valid.map((item) => (typeof item === 'string' ? { code: item } : item)), ...invalid];
    // One test per strategy, listing every snippet that breaks a guarantee: a failure shows them all at once.
    it.each(STRATEGIES)(`keeps its guarantees on all ${snippets.length} snippets with --strategy=%s, also with CRLF, tabs and a BOM`, (strategy) => {
      const broken: string[] = [];
      snippets.forEach((snippet, index) => {
        const filename = snippet.filename ?? 'file.ts';
        const fail = (variant: string, code: string, problem: string): void => {
          broken.push(`#${index} (${filename}, ${variant}):\n${code}\n→ ${problem}`);
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
    });
  });
}

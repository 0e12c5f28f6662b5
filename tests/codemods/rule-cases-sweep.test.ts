import { describe, expect, it } from 'vitest';
import { checkGuarantees } from '../helpers/codemod-guarantees';
import { cases as outlivedCases } from '../rules/no-outlived-promise.cases';
import { cases as starvedCases } from '../rules/no-starved-promise.cases';

/*
 * The codemod's guarantees (output parses, a second run changes nothing, nothing is left but what it
 * reported as skipped) checked on every snippet of the rules' own tests: hundreds of shapes of code
 * the input/output pairs do not spell out, under each strategy.
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

for (const [rule, { valid, invalid }] of Object.entries(sources)) {
  describe(`fix-promise-lifetime on the ${rule} test cases`, () => {
    const snippets = [...valid.map((item) => (typeof item === 'string' ? { code: item } : item)), ...invalid];
    // One test per strategy, listing every snippet that breaks a guarantee: a failure shows them all at once.
    it.each(STRATEGIES)(`keeps its guarantees on all ${snippets.length} snippets with --strategy=%s`, (strategy) => {
      const broken: string[] = [];
      snippets.forEach((snippet, index) => {
        const filename = snippet.filename ?? 'file.ts';
        try {
          const { problems } = checkGuarantees(snippet.code, filename, { strategy });
          for (const problem of problems) broken.push(`#${index} (${filename}):\n${snippet.code}\n→ ${problem}`);
        } catch (error) {
          broken.push(`#${index} (${filename}):\n${snippet.code}\n→ threw ${(error as Error).stack ?? String(error)}`);
        }
      });
      expect(broken.join('\n\n')).toBe('');
    });
  });
}

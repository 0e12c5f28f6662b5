import { describe, expect, it } from 'vitest';
import { analyzeWithBabel, analyzeWithEstree, describeFindings } from '../helpers/analyze-snippet';
import { snippets } from './snippets';

// The rule reads typescript-estree trees and the codemod Babel trees: both must reach the same findings.
describe('analysis', () => {
  for (const snippet of snippets) {
    describe(snippet.name, () => {
      it('finds what the model says (typescript-estree)', () => {
        expect(describeFindings(analyzeWithEstree(snippet.code, snippet.filename))).toEqual(snippet.expected);
      });
      it('finds the same with the Babel adapter', () => {
        const estree = analyzeWithEstree(snippet.code, snippet.filename);
        const babel = analyzeWithBabel(snippet.code, snippet.filename);
        expect(babel.findings).toEqual(estree.findings);
        expect(babel.summaries).toEqual(estree.summaries);
      });
    });
  }
});

import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { analyzeProgram, createAnalysisOptions, fromTypescriptEstree, type AnalysisOptions, type AnalysisResult, type TypeOrValueSpecifier } from '../../analysis';
import { createTypeOracle } from './type-oracle';

/** Every option of the analysis a rule can set; rules leave the others at their defaults so results can be shared. */
export type SharedAnalysisOptions = Partial<Omit<AnalysisOptions, 'filename' | 'isThenable' | 'isKnownSafe'>> & {
  allowForKnownSafePromises?: readonly TypeOrValueSpecifier[];
};

const cache = new WeakMap<TSESTree.Program, Map<string, AnalysisResult>>();

/**
 * The analysis of this file for these options, computed once per file however many of our rules ask
 * (their results are keyed by the options, so differently configured rules never share a wrong answer).
 */
export function analyzeOnce(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  program: TSESTree.Program,
  options: SharedAnalysisOptions,
): AnalysisResult {
  const { allowForKnownSafePromises = [], ...rest } = options;
  // ESLint knows how the file runs: top-level `await` needs `sourceType: 'module'`.
  const parserOptions = context.languageOptions.parserOptions as { sourceType?: string } | undefined;
  const sourceType = parserOptions?.sourceType ?? context.languageOptions.sourceType;
  const moduleKind = sourceType === 'module' ? 'esm' : sourceType === 'commonjs' || sourceType === 'script' ? 'cjs' : undefined;
  const analysisOptions = createAnalysisOptions({ filename: context.filename, ...(moduleKind && { moduleKind }), ...rest });
  const key = JSON.stringify({ ...analysisOptions, allowForKnownSafePromises });
  let results = cache.get(program);
  const known = results?.get(key);
  if (known) return known;
  const oracle = createTypeOracle(context, allowForKnownSafePromises, analysisOptions.allowForKnownSafeCalls);
  const result = analyzeProgram(fromTypescriptEstree(program), context.sourceCode.text, {
    ...analysisOptions,
    ...(oracle && {
      isThenable: (node) => oracle.isThenable(node as TSESTree.Node),
      isKnownSafe: (node) => oracle.isKnownSafe(node as TSESTree.Node),
    }),
  });
  if (!results) {
    results = new Map();
    cache.set(program, results);
  }
  results.set(key, result);
  return result;
}

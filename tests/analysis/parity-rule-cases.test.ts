import { parse } from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import {
  createDeclarationResolver,
  createImportResolver,
  fromBabel,
  nodeFileHost,
  type AnalysisOptions,
  type AnalysisResult,
  type DeclarationResolver,
  type Program,
} from '../../analysis';
import { parseFile } from '../../codemods/parser-for';
import { parseDeclarationFile } from '../../parsers/declaration-file';
import { analyzeWithBabel, analyzeWithEstree } from '../helpers/analyze-snippet';
import { distinctSnippets, snippetsOf, type Snippet } from '../rules/cases';
import { sections as outlivedSections } from '../rules/no-outlived-promise';
import { sections as starvedSections } from '../rules/no-starved-promise';

/*
 * The rule reads typescript-estree trees and the codemod Babel trees: both must reach the same findings,
 * starvations and function summaries on every case of both rules (tests/rules/<rule>/), not only on
 * tests/analysis/snippets.ts. Each snippet is analysed without type information, with its file name and
 * the analysis options its rule options stand for, and with the project's other modules read from disk
 * (each dialect parsing them its own way, as the rule and the codemod do).
 */

type Overrides = Partial<Omit<AnalysisOptions, 'filename'>>;

/** What the rules' options mean to the analysis (rules/*.ts pass them on the same way). */
function overridesOf(options: readonly unknown[] | undefined): { overrides: Overrides; followImports: boolean; followPackageTypes: boolean } {
  const given = (options?.[0] ?? {}) as Record<string, unknown> & { lifetimeEnds?: Partial<AnalysisOptions['lifetimeEnds']>; fsSync?: boolean };
  const overrides: Record<string, unknown> = {};
  for (const key of [
    'exitFunctions',
    'handlerExports',
    'closeMethods',
    'promiseFunctions',
    'allowForKnownSafeCalls',
    'allowForKnownSafePromises',
    'blockingFunctions',
  ] as const) {
    if (given[key] !== undefined) overrides[key] = given[key];
  }
  if (given.lifetimeEnds) overrides.lifetimeEnds = { exit: true, handlerEnd: true, testEnd: true, resourceClose: true, ...given.lifetimeEnds };
  if (given.fsSync !== undefined) overrides.fsSyncBlocks = given.fsSync === true;
  return { overrides: overrides as Overrides, followImports: given.followImports !== false, followPackageTypes: given.followPackageTypes !== false };
}

/** Other modules read as the rule reads them: parsed by typescript-estree (the rule uses its own parser). */
const estreeHost = nodeFileHost(
  (file, text) => parse(text, { range: true, loc: true, jsx: /\.[jt]sx$/.test(file), sourceType: 'module', filePath: file }) as unknown as Program,
);
const estreeImports = createImportResolver(estreeHost);
const babelHost = nodeFileHost((file, text) => fromBabel(parseFile(file, text), text));

/** Declared types of other modules and packages, for each dialect and each combination of the two `follow…` options. */
const declarationResolvers = new Map<string, DeclarationResolver>();
function declarationsFor(dialect: 'estree' | 'babel', projectModules: boolean, packages: boolean): DeclarationResolver {
  const key = `${dialect}/${projectModules}/${packages}`;
  let resolver = declarationResolvers.get(key);
  if (!resolver) {
    resolver = createDeclarationResolver(dialect === 'estree' ? estreeHost : babelHost, { projectModules, packages, parseDeclarations: parseDeclarationFile });
    declarationResolvers.set(key, resolver);
  }
  return resolver;
}

const shown = (value: unknown): string => (JSON.stringify(value) ?? String(value)).slice(0, 300);

/** The first place where two analysis results part (`summaries[1].tasks[0].range`), or undefined; undefined properties count as absent, as for `toEqual`. */
function firstDifference(estree: unknown, babel: unknown, at: string): string | undefined {
  if (Object.is(estree, babel)) return undefined;
  if (typeof estree !== 'object' || typeof babel !== 'object' || estree === null || babel === null || Array.isArray(estree) !== Array.isArray(babel)) {
    return `${at}: ${shown(estree)} with typescript-estree, ${shown(babel)} with Babel`;
  }
  const left = estree as Record<string, unknown>;
  const right = babel as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])].filter((key) => left[key] !== undefined || right[key] !== undefined);
  for (const key of keys) {
    const difference = firstDifference(left[key], right[key], Array.isArray(estree) ? `${at}[${key}]` : `${at}.${key}`);
    if (difference) return difference;
  }
  return undefined;
}

type Part = 'findings' | 'starvations' | 'summaries';
const PARTS: readonly Part[] = ['findings', 'starvations', 'summaries'];

/** Where the dialects part, one line per part of the result; empty when they agree. */
function differences(estree: AnalysisResult, babel: AnalysisResult): string[] {
  return PARTS.flatMap((key) => firstDifference(estree[key], babel[key], key) ?? []);
}

const rules: Record<string, readonly Snippet[]> = {
  'no-outlived-promise': distinctSnippets(snippetsOf(outlivedSections), 'file and options'),
  'no-starved-promise': distinctSnippets(snippetsOf(starvedSections), 'file and options'),
};

describe('typescript-estree and Babel agree on every rule case', () => {
  for (const [rule, snippets] of Object.entries(rules)) {
    // One test per rule, listing every snippet where the dialects part: a failure shows them all at once.
    it(`${rule}: the same findings, starvations and summaries on all ${snippets.length} snippets`, () => {
      const mismatches: string[] = [];
      snippets.forEach((snippet, index) => {
        const filename = snippet.filename ?? 'file.ts';
        const { overrides, followImports, followPackageTypes } = overridesOf(snippet.options);
        const where = `#${index} (${snippet.section}, ${filename}${snippet.options ? `, ${JSON.stringify(snippet.options)}` : ''}):\n${snippet.code}`;
        try {
          const estree = analyzeWithEstree(snippet.code, filename, {
            ...overrides,
            ...(followImports && { resolveImport: estreeImports }),
            resolveDeclarations: declarationsFor('estree', followImports, followPackageTypes),
          });
          const babel = analyzeWithBabel(snippet.code, filename, {
            ...overrides,
            ...(!followImports && { resolveImport: undefined }),
            resolveDeclarations: declarationsFor('babel', followImports, followPackageTypes),
          });
          for (const difference of differences(estree, babel)) mismatches.push(`${where}\n→ ${difference}`);
        } catch (error) {
          mismatches.push(`${where}\n→ threw ${(error as Error).stack ?? String(error)}`);
        }
      });
      expect(mismatches.join('\n\n')).toBe('');
    });
  }
});

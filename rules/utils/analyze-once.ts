import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import {
  createAnalysisOptions,
  createDeclarationResolver,
  createImportResolver,
  fromTypescriptEstree,
  moduleKindOfPackage,
  nodeFileHost,
  readTextFile,
  tryAnalyzeFile,
  type AnalysisOptions,
  type AnalyzedFile,
  type DeclarationResolver,
  type ImportResolver,
  type ModuleKind,
} from '../../analysis';
import { parseDeclarationFile } from '../../parsers/declaration-file';
import { moduleFileParser, type LanguageParser } from '../../parsers/module-file';
import { createTypeOracle } from './type-oracle';

/** Every option of the analysis a rule can set; rules leave the others at their defaults so results can be shared. */
export type SharedAnalysisOptions = Partial<Omit<AnalysisOptions, 'filename' | 'isThenable' | 'isKnownSafe' | 'resolveImport' | 'resolveDeclarations'>> & {
  /** Read the project's other modules (the `followImports` option of both rules). */
  followImports?: boolean;
  /** Read installed packages' type declarations (the `followPackageTypes` option of both rules). */
  followPackageTypes?: boolean;
};

const cache = new WeakMap<TSESTree.Program, Map<string, AnalyzedFile | null>>();
/** package.json answers per folder, for the life of the ESLint process. */
const packageKinds = new Map<string, ModuleKind | undefined>();

/** One resolver of each kind per parser, for the life of the ESLint process: the modules a file imports are read once. */
const resolvers = new WeakMap<object, { imports: ImportResolver; declarations: Map<string, DeclarationResolver> }>();

/**
 * Reads the project's other modules with the parser this file was parsed with, without type information
 * (a parse per file, no program), to learn what their exported functions do and what their exports are
 * declared as; installed packages' `.d.ts` files are read by the declaration resolver itself.
 */
function resolversFor(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>) {
  const parser = context.languageOptions.parser as LanguageParser | undefined;
  if (!parser || (!parser.parse && !parser.parseForESLint)) return undefined;
  let known = resolvers.get(parser);
  if (!known) {
    const host = nodeFileHost(moduleFileParser(parser));
    const declarations = new Map<string, DeclarationResolver>();
    known = { imports: createImportResolver(host), declarations };
    for (const projectModules of [true, false]) {
      for (const packages of [true, false])
        declarations.set(
          `${projectModules}/${packages}`,
          createDeclarationResolver(host, { projectModules, packages, parseDeclarations: parseDeclarationFile }),
        );
    }
    resolvers.set(parser, known);
  }
  return known;
}

/**
 * How the file runs, which decides whether a rewrite may use top-level `await`. A script or CommonJS
 * `sourceType` says so; `module` is only how ESLint parses (flat config's default for .js and .ts
 * files), so the file's package decides as Node does; without a package.json, the file's extension
 * and syntax decide, as Node's own detection does (a `.js` file written with `require()` runs as
 * CommonJS whatever ESLint parsed it as).
 */
function moduleKindOf(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): ModuleKind | undefined {
  const parserOptions = context.languageOptions.parserOptions as { sourceType?: string } | undefined;
  const sourceType = parserOptions?.sourceType ?? context.languageOptions.sourceType;
  if (sourceType === 'commonjs' || sourceType === 'script') return 'cjs';
  return moduleKindOfPackage(context.physicalFilename, readTextFile, packageKinds);
}

/**
 * The analysis of this file for these options, computed once per file however many of our rules ask
 * (their results are keyed by the options, so differently configured rules never share a wrong answer);
 * null when the analysis cannot reason about the file (it then reports nothing, and never fails the run).
 */
export function analyzeOnce(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  program: TSESTree.Program,
  options: SharedAnalysisOptions,
): AnalyzedFile | null {
  const { allowForKnownSafePromises = [], followImports = true, followPackageTypes = true, ...rest } = options;
  const moduleKind = moduleKindOf(context);
  const analysisOptions = createAnalysisOptions({ filename: context.filename, ...(moduleKind && { moduleKind }), allowForKnownSafePromises, ...rest });
  const resolvers = followImports || followPackageTypes ? resolversFor(context) : undefined;
  const resolveImport = followImports ? resolvers?.imports : undefined;
  const resolveDeclarations = resolvers?.declarations.get(`${followImports}/${followPackageTypes}`);
  const key = JSON.stringify({ ...analysisOptions, followImports, followPackageTypes });
  let results = cache.get(program);
  const known = results?.get(key);
  if (known !== undefined) return known;
  const oracle = createTypeOracle(context, allowForKnownSafePromises, analysisOptions.allowForKnownSafeCalls);
  const analyzed = tryAnalyzeFile(fromTypescriptEstree(program), context.sourceCode.text, {
    ...analysisOptions,
    ...(resolveImport && { resolveImport }),
    ...(resolveDeclarations && { resolveDeclarations }),
    ...(oracle && {
      isThenable: (node) => oracle.isThenable(node as TSESTree.Node),
      isKnownSafe: (node) => oracle.isKnownSafe(node as TSESTree.Node),
    }),
  });
  if (!results) {
    results = new Map();
    cache.set(program, results);
  }
  results.set(key, analyzed);
  return analyzed;
}

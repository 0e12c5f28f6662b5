/**
 * The lifetime model: which promises are still pending when their caller's world ends, and how each is
 * fixed. Pure: no ESLint, no jscodeshift. `rules/` reports these findings, `codemods/` rewrites them.
 *
 * Layers, each importing only the ones before it: `syntax/` (the trees and names of one file), `lifetime/`
 * (tasks, joins, ends: the findings), `project/` (what other modules' exports do), `fix/` (the rewrites).
 *
 * Unstable: this entry serves the plugin's own rules and codemod (`eslint-plugin-promise-lifetime/analysis`);
 * it may change in any release.
 */

// syntax
export { fromBabel } from './syntax/from-babel';
export { fromTypescriptEstree } from './syntax/from-typescript-estree';
export type { Program } from './syntax/ast';
export { orUnknown } from './syntax/internal-error';
export { certainModuleKind, hasModuleSyntax, moduleKindOfPackage, startupProblems, type ModuleKind, type StartupProblem } from './syntax/module-kind';
export { undeclaredNames } from './syntax/scope';
export type { TypeOrValueSpecifier } from './syntax/specifier';

// lifetime
export { analyzeFile, analyzeProgram, tryAnalyzeFile, type AnalyzedFile } from './lifetime/analyze';
export type * from './lifetime/model';
export { createAnalysisOptions, DEFAULT_LIFETIME_ENDS, type AnalysisOptions, type LifetimeEndSwitches } from './lifetime/options';
export { RUNTIMES, type PendingWork, type RuntimeFacts } from './lifetime/runtimes';

// project
export { createImportResolver, type ExternalFunction, type ImportResolver, type ModuleHost } from './project/module-graph';
export { nodeFileHost, readTextFile } from './project/node-file-host';
export { createDeclarationResolver, isDeclarationFile, type DeclarationFilesOptions } from './project/declaration-files';
export type { DeclarationResolver } from './lifetime/imports';

// fix
export { lineEndingOf, planningText, withLineEnding, type PlanningText } from './fix/code-style';
export type { GeneratedFile } from './fix/offload';
export {
  planFindingFix,
  planRewrite,
  type FindingPlan,
  type JoinKind,
  type RewriteOptions,
  type RewritePlan,
  type SkippedFinding,
  type Strategy,
  type SuggestionMode,
} from './fix/rewrite';
export { applyEdits, type TextEdit } from './fix/text-edits';

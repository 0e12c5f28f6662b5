/**
 * The lifetime model: which promises are still pending when their caller's world ends, and what a fix
 * needs to know. Pure: no ESLint, no jscodeshift. `rules/` reports these findings, `codemods/` rewrites them.
 */
export { analyzeProgram } from './lifetime/analyze';
export { fromBabel } from './syntax/from-babel';
export { fromTypescriptEstree } from './syntax/from-typescript-estree';
export { createAnalysisOptions, DEFAULT_LIFETIME_ENDS, type AnalysisOptions, type LifetimeEndSwitches } from './lifetime/options';
export type { TypeOrValueSpecifier } from './syntax/specifier';
export type { Program } from './syntax/ast';
export type * from './lifetime/model';
export { planJoinEdits, type JoinEditKind, type JoinEdits } from './fix/join-edits';
export { analyzeFile, type AnalyzedFile } from './lifetime/analyze';
export { orUnknown } from './syntax/internal-error';
export { applyEdits, lineEndingOf, withLineEnding, type TextEdit } from './fix/text-edits';
export { moduleKindOfPackage, type ModuleKind } from './syntax/module-kind';
export { undeclaredNames } from './syntax/scope';
export { createImportResolver, type ExternalFunction, type ImportResolver, type ModuleHost } from './project/module-graph';
export { nodeFileHost, readTextFile } from './project/node-file-host';
export { planRewrite, type RewriteOptions, type RewritePlan, type SkippedFinding, type Strategy } from './fix/rewrite';
export type { GeneratedFile } from './fix/offload';

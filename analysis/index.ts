/**
 * The lifetime model: which promises are still pending when their caller's world ends, and what a fix
 * needs to know. Pure: no ESLint, no jscodeshift. `rules/` reports these findings, `codemods/` rewrites them.
 */
export { analyzeProgram } from './analyze';
export { fromBabel } from './adapters/from-babel';
export { fromTypescriptEstree } from './adapters/from-typescript-estree';
export { createAnalysisOptions, DEFAULT_LIFETIME_ENDS, type AnalysisOptions, type LifetimeEndSwitches } from './options';
export type { TypeOrValueSpecifier } from './specifier';
export type { Program } from './ast';
export type * from './model';
export { planJoinEdits, type JoinEditKind, type JoinEdits } from './join-edits';
export { analyzeFile, type AnalyzedFile } from './analyze';
export { orUnknown } from './internal-error';
export { applyEdits, lineEndingOf, withLineEnding, type TextEdit } from './text-edits';
export { moduleKindOfPackage, type ModuleKind } from './module-kind';
export { undeclaredNames } from './scope';
export { createImportResolver, type ExternalFunction, type ImportResolver, type ModuleHost } from './module-graph';
export { nodeFileHost, readTextFile } from './adapters/node-file-host';
export { planRewrite, type RewriteOptions, type RewritePlan, type SkippedFinding, type Strategy } from './rewrite';
export type { GeneratedFile } from './offload';

import type { Node } from '../syntax/ast';
import type { TypeOrValueSpecifier } from '../syntax/specifier';
import type { ModuleKind } from '../syntax/module-kind';
import type { DeclarationResolver, ExternalFunction } from './imports';

export interface LifetimeEndSwitches {
  /** `process.exit()`, `process.abort()`, `process.kill(process.pid)` and helpers that call them. */
  exit: boolean;
  /** The return of a Lambda, Workers, service worker, Next.js/Vercel or Firebase handler. */
  handlerEnd: boolean;
  /** The end of a test or hook callback. */
  testEnd: boolean;
  /** `r.close()` and friends, or the end of a `using r` block, while a task still uses `r`. */
  resourceClose: boolean;
}

export interface AnalysisOptions {
  /** The file's path; route handlers are recognised by it (`app/…/route.ts`, `pages/api/…`). */
  readonly filename: string;
  readonly lifetimeEnds: LifetimeEndSwitches;
  /** How the file runs, when the caller knows (ESLint's `sourceType`); otherwise read from the file. */
  readonly moduleKind?: ModuleKind;
  /** More functions that end the process, like `shutdown` or `{ from: 'package', package: 'exit', name: 'default' }`. */
  readonly exitFunctions: readonly TypeOrValueSpecifier[];
  /** More exported names that a runtime invokes as handlers and freezes after they return. */
  readonly handlerExports: readonly string[];
  /** More method names that close the resource they are called on (`r.shutdown()`). */
  readonly closeMethods: readonly string[];
  /** More functions whose calls return promises, for code without type information. */
  readonly promiseFunctions: readonly TypeOrValueSpecifier[];
  /** More functions that block the event loop (starvation). */
  readonly blockingFunctions: readonly TypeOrValueSpecifier[];
  /** Count `fs` `*Sync` calls as blocking (starvation). */
  readonly fsSyncBlocks: boolean;
  /** Calls whose promise may outlive the caller by design (telemetry flushes, fire-and-forget queues). */
  readonly allowForKnownSafeCalls: readonly TypeOrValueSpecifier[];
  /** Promise types that may outlive their caller by design; without a type checker, read from the declared types. */
  readonly allowForKnownSafePromises: readonly TypeOrValueSpecifier[];
  /**
   * With type information: whether an expression's type is a thenable (true/false), or undefined when
   * the checker cannot say. Supplied by the ESLint rule from parser services; absent in the codemod.
   */
  readonly isThenable?: (node: Node) => boolean | undefined;
  /** With type information: whether a promise's type or a call is on a known-safe allowlist. */
  readonly isKnownSafe?: (node: Node) => boolean;
  /**
   * What a function imported from another module of the project does (returns a pending promise, may
   * exit, blocks). Supplied by the rule and the codemod, which can read files; absent, imports are unknown.
   */
  readonly resolveImport?: ImportResolver;
  /**
   * The modules a file imports, as trees, for the declared types of what they export: the project's own
   * modules and installed packages' `.d.ts` files. Absent, only the file's own declarations are read.
   */
  readonly resolveDeclarations?: DeclarationResolver;
}

/**
 * The exported function `name` of the module `specifier` names, seen from `fromFile` (relative or not: the
 * resolver decides what is the project's own code), summarised with `options`, the importing file's (of
 * them, those SUMMARY_OPTIONS names); null when not known. Implemented by analysis/project/module-graph.ts.
 */
export interface ImportResolver {
  (fromFile: string, specifier: string, name: string, options: AnalysisOptions): ExternalFunction | null;
  /**
   * Whether the function `name` of the module `specifier` names may exit or block, without walking it:
   * false when neither the module's text nor what it imports can (end-reach.ts, `textMayEndOrBlock`), or
   * when a pass over the module finds no end the function reaches (`EndReach`).
   */
  readonly mayEnd?: (fromFile: string, specifier: string, name: string, options: AnalysisOptions) => boolean;
  /**
   * Whether any function of the module `specifier` names may exit or block, by its text and its imports'
   * texts alone (no parse): false when none of them holds the words an exit or a blocking call needs.
   */
  readonly mayEndModule?: (fromFile: string, specifier: string, options: AnalysisOptions) => boolean;
}

/**
 * The options that decide what another module's function does for its caller: an imported helper is
 * analysed with these of the importing file, so that a configured exit function exits there too. Not the
 * file's own facts (`filename`, `moduleKind`) nor its type information (`isThenable`, `isKnownSafe`).
 */
export const SUMMARY_OPTIONS = [
  'lifetimeEnds',
  'exitFunctions',
  'handlerExports',
  'closeMethods',
  'promiseFunctions',
  'blockingFunctions',
  'fsSyncBlocks',
  'allowForKnownSafeCalls',
  'allowForKnownSafePromises',
] as const satisfies readonly (keyof AnalysisOptions)[];

export type SummaryOptions = Pick<AnalysisOptions, (typeof SUMMARY_OPTIONS)[number]>;

/** The SUMMARY_OPTIONS of `options`, always in the same order (their JSON is a stable key). */
export function summaryOptions(options: AnalysisOptions): SummaryOptions {
  return Object.fromEntries(SUMMARY_OPTIONS.map((name) => [name, options[name]])) as unknown as SummaryOptions;
}

export const DEFAULT_LIFETIME_ENDS: LifetimeEndSwitches = {
  exit: true,
  handlerEnd: true,
  testEnd: true,
  resourceClose: true,
};

export function createAnalysisOptions(partial: Partial<AnalysisOptions> & { filename: string }): AnalysisOptions {
  return {
    exitFunctions: [],
    handlerExports: [],
    closeMethods: [],
    promiseFunctions: [],
    allowForKnownSafeCalls: [],
    allowForKnownSafePromises: [],
    blockingFunctions: [],
    fsSyncBlocks: false,
    ...partial,
    lifetimeEnds: { ...DEFAULT_LIFETIME_ENDS, ...partial.lifetimeEnds },
  };
}

import type { Program } from '../syntax/ast';
import type { BlockingKind } from './model';

/*
 * The contract between the lifetime analysis and the project around a file: what the analysis asks
 * about a function another module exports. analysis/project/ answers it by reading those modules. The
 * question itself, `ImportResolver`, is in options.ts, since it takes the importing file's options.
 */

/** What calling another module's exported function does, as far as its caller is concerned. */
export interface ExternalFunction {
  /** Its promise stands for work still to be done when the call returns. */
  readonly returnsPendingPromise: boolean;
  /** It may end the process (`process.exit()`), directly or through its own helpers. */
  readonly mayExit: boolean;
  /** It blocks the event loop before it first yields. */
  readonly mayBlock: { readonly kind: BlockingKind; readonly durationMs: number | null } | null;
  /** It returns while work it started is still pending (and not in the promise it returns). */
  readonly leavesWorkPending: boolean;
}

/** A module's tree as the declared-types reader reads it: a project source file or a package's declaration file. */
export interface DeclarationModule {
  readonly file: string;
  readonly program: Program;
}

/**
 * The module `specifier` names, seen from `fromFile` (a relative path, a package, a package's subpath); null
 * when it cannot be found or read. The project layer answers it, reading each file once per version.
 */
export type DeclarationResolver = (fromFile: string, specifier: string) => DeclarationModule | null;

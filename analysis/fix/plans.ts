import type { Finding, Starvation } from '../lifetime/model';
import type { GeneratedFile } from './offload';
import type { TextEdit } from './text-edits';

/*
 * What the fix planner is asked and what it answers: a whole-file rewrite for the codemod, one finding's
 * fix for an editor suggestion.
 */

export type Strategy = 'auto' | 'await' | 'worker';

export interface RewriteOptions {
  /**
   * `await`: join each task before its lifetime end. `worker`: also run each task in a worker thread
   * (refusing the findings where that is not safe). `auto` (default): the worker for tasks that are
   * starved by blocking work, when that is safe; the join alone otherwise.
   */
  readonly strategy?: Strategy;
  /** Whether a file name in the source file's folder is taken (generated files never replace one). */
  readonly fileExists?: (name: string) => boolean;
  /** Let exported functions become async (their callers in other modules then get a promise). */
  readonly allowAsyncExports?: boolean;
  /**
   * The findings and starvations to rewrite, by id: what ESLint reported after the user's options and
   * disable directives. Every one of the analysis when absent.
   */
  readonly selection?: { readonly findings: ReadonlySet<string>; readonly starvations: ReadonlySet<string> };
}

/**
 * A suggestion is the codemod's plan for one finding, made without changing any other function: no
 * caller propagation, no function made async, no worker, no CommonJS entry settling.
 */
export interface SuggestionMode {
  /** Hand the task to the runtime's extender (`ctx.waitUntil`), or await it instead. */
  readonly useExtender: boolean;
}

/**
 * What a one-finding plan did: await in place, keep a handle and await it, hand it to the extender, or
 * move the exit into the work's `.finally()` where nothing can await.
 */
export type JoinKind = 'await-in-place' | 'await-before-end' | 'use-extender' | 'defer-end';

export interface FindingPlan {
  readonly kind: JoinKind;
  readonly edits: readonly TextEdit[];
  /** The handle awaited or extended before the end (for `await-before-end`, a handle's `use-extender` and `defer-end`). */
  readonly handle: string | null;
  /** The handle is the task's own variable, not a new one. */
  readonly existingHandle: boolean;
  /** The extender's callee, for `use-extender`. */
  readonly extender: string | null;
}

export interface SkippedFinding {
  readonly finding: Finding;
  readonly reason: string;
  /**
   * Skipped only because its rewrite changes code another finding's rewrite changes: planned on the
   * rewritten text (the codemod's next round), it may go through.
   */
  readonly afterOthers: boolean;
}

export interface RewritePlan {
  readonly edits: readonly TextEdit[];
  readonly fixed: readonly Finding[];
  readonly skipped: readonly SkippedFinding[];
  /** Files to create next to the source file (the worker offload's module and entry). */
  readonly files: readonly GeneratedFile[];
  /** Tasks now run in a worker thread, by finding (or starvation) id. */
  readonly offloaded: ReadonlySet<string>;
  /** Why a starved task was not moved to a worker thread (under `auto`, it is joined instead), by finding id. */
  readonly notOffloaded: ReadonlyMap<string, string>;
  /** Starved tasks: moved to a worker, or left starved with the reason (also those whose finding was only joined). */
  readonly starvations: {
    readonly fixed: readonly Starvation[];
    readonly skipped: ReadonlyArray<{ readonly starvation: Starvation; readonly reason: string }>;
  };
}

import type { Range } from '../syntax/ast';

/*
 * The findings the analysis hands to its two consumers, as plain data: ranges are offsets into the
 * source text, so ESLint (typescript-estree) and jscodeshift (Babel) can each find their own nodes.
 */

/**
 * How the task's completion was dropped at its site. `left-pending`: a call of another module's function
 * that leaves work pending when it returns (`track('start')`, which calls `fetch()` and returns): nothing
 * here can wait for that work, so no rewrite applies. `raced`: an entry of an awaited `Promise.race()` /
 * `Promise.any()` of work against work (no delay among them): the loser is still running after the await.
 * `buffered`: an event queued in an analytics or error client (`posthog.capture()`) that only its flush
 * (`await posthog.shutdown()`) sends.
 */
export type TaskKind = 'discarded' | 'void' | 'catch-only' | 'unjoined-handle' | 'left-pending' | 'raced' | 'buffered';

/**
 * What ends the task's world. `exit-listener`: the task is pending when a `process.on('exit')` listener
 * returns or stops at its first `await`; Node exits right after its `exit` listeners and runs nothing
 * asynchronous, so no join can help there.
 */
export type LifetimeEndKind = 'exit' | 'exit-listener' | 'handler-end' | 'test-end' | 'resource-close';

export type Runtime = 'aws-lambda' | 'cloudflare-workers' | 'service-worker' | 'nextjs' | 'nextjs-proxy' | 'vercel' | 'netlify' | 'firebase' | 'custom';

export interface Position {
  readonly range: Range;
  /** 1-based line. */
  readonly line: number;
  readonly text: string;
}

/** A runtime function that keeps the invocation alive until a promise settles. */
export interface Extender {
  /** How the message names it: `ctx.waitUntil()`, `event.waitUntil()`, `waitUntil()`, `after()`. */
  readonly display: string;
  /** The callee to write in a rewrite (`ctx.waitUntil`), or null when the handler has no name for it in scope. */
  readonly callee: string | null;
  /** `after` takes a callback (`after(() => task)`); the others take the promise. */
  readonly takesCallback: boolean;
}

interface EndPosition extends Position {
  /** True when the owner's last statement runs out, or a block's closing brace: there is no node to point at. */
  readonly implicit: boolean;
}

/** `process.exit()` and the like, directly or through a helper that exits. */
export interface ExitEnd extends EndPosition {
  readonly kind: 'exit';
  /** For an exit through a helper (`die()`): where the helper's own exit is. */
  readonly through: Position | null;
}

/** The end of a process `exit` listener: its return, or its first `await` (nothing after it runs). */
export interface ExitListenerEnd extends EndPosition {
  readonly kind: 'exit-listener';
  /** The listener stops at this `await` rather than returning. */
  readonly atAwait: boolean;
}

/** The return (or response) of a handler a managed runtime invokes and then freezes or cancels. */
export interface HandlerEnd extends EndPosition {
  readonly kind: 'handler-end';
  readonly runtime: Runtime;
  /** The runtime's extender, when it has one. */
  readonly extender: Extender | null;
  /** The handler sends its response here (`res.send()`), rather than returning. */
  readonly response: boolean;
}

/** The end of a test or hook callback. */
export interface TestEnd extends EndPosition {
  readonly kind: 'test-end';
}

/** A resource the task still uses is closed: `db.close()`, or the end of a `using` block. */
export interface ResourceCloseEnd extends EndPosition {
  readonly kind: 'resource-close';
  /** The resource's name (`db`). */
  readonly resource: string;
  /** The resource is a `using` declaration, disposed as its block is left. */
  readonly disposal: boolean;
}

export type LifetimeEnd = ExitEnd | ExitListenerEnd | HandlerEnd | TestEnd | ResourceCloseEnd;

/**
 * One function the pending work passed through on its way from the task's site to the lifetime end,
 * innermost first: `[backgroundTask, main]` when `main()` calls `backgroundTask()`, which leaves `task()`
 * pending, and then `main()` exits.
 */
export interface ChainLink {
  /** The function's name (`backgroundTask`); null for the module top level or a function without a name. */
  readonly name: string | null;
  /** The link is the module top level. */
  readonly isModule: boolean;
  /** How a message names it: `` `backgroundTask()` ``, "the callback passed to `it()`", "the module top level". */
  readonly description: string;
  readonly functionRange: Range;
  readonly isAsync: boolean;
  /** The call in the next link that carried the work on, with its statement; null for the last link. */
  readonly call: (Position & { readonly statementRange: Range }) | null;
}

/** The task of a finding: where the work starts, and how its completion was dropped there. */
export interface FindingTask extends Position {
  readonly kind: TaskKind;
  /** The expression that carries the task at its site, including an attached `.catch(h)`/`.then(a, b)`. */
  readonly siteRange: Range;
  /** A node:test subtest (`t.test(…)`): the runner cancels it, as failed, when its parent test ends first. */
  readonly subtest: boolean;
  /** For queued events (`buffered`): the call that sends them (`posthog.shutdown()`, `flush()`). */
  readonly flush?: string;
}

export interface Finding {
  /** Stable within a file's analysis: the task's range (`start:end`). One finding per task. */
  readonly id: string;
  readonly task: FindingTask;
  readonly end: LifetimeEnd;
  /** Callers the pending work crossed, innermost first: `[backgroundTask(), main()]`. */
  readonly chain: readonly ChainLink[];
  /** True when the task is joined on some path to the end but not on every one. */
  readonly partial: boolean;
  /**
   * The other ends of the same owner the task reaches still pending, on other paths (`if (bad) die();
   * … process.exit(0)`): reported once, at `end`, it must be joined before each of these too.
   */
  readonly laterEnds: readonly LifetimeEnd[];
}

/** What a function does to its callers, kept as data for a later cross-module pass. */
export interface FunctionSummary {
  readonly name: string | null;
  readonly range: Range;
  /** Tasks still pending when the function returns: its callers outlive them. */
  readonly leavesWorkPending: readonly Position[];
  /** The first `process.exit()`-like call it may make, directly or through a helper. */
  readonly mayExit: Position | null;
  /** The first blocking it does before it first yields (its callers block with it). */
  readonly mayBlock: BlockingSite | null;
  /** Its returned promise stands for work that is still to be done when the call returns. */
  readonly returnsPendingPromise: boolean;
}

export type BlockingKind = 'atomics-wait' | 'child-process' | 'busy-wait' | 'sync-bridge' | 'fs-sync' | 'configured';

/** Synchronous work that holds the event loop while a task is pending. */
export interface BlockingSite extends Position {
  readonly kind: BlockingKind;
  readonly durationMs: number | null;
  /** For blocking through a same-file helper: where the helper itself blocks. */
  readonly through: (Position & { readonly kind: BlockingKind; readonly durationMs: number | null }) | null;
}

/** A task that cannot take a step because its owner blocks the event loop before it yields. */
export interface Starvation {
  /** As a finding's: the task's range. */
  readonly id: string;
  readonly task: FindingTask;
  readonly block: BlockingSite;
  readonly chain: readonly ChainLink[];
}

export interface AnalysisResult {
  readonly findings: readonly Finding[];
  readonly starvations: readonly Starvation[];
  readonly summaries: readonly FunctionSummary[];
}

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
 */
export type TaskKind = 'discarded' | 'void' | 'catch-only' | 'unjoined-handle' | 'left-pending' | 'raced';

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

export interface LifetimeEnd extends Position {
  readonly kind: LifetimeEndKind;
  /** For handler ends: which runtime ends the invocation. */
  readonly runtime: Runtime | null;
  /** For handler ends: the runtime's extender, when it has one. */
  readonly extender: Extender | null;
  /** For resource closes: the resource's name (`db`). */
  readonly resource: string | null;
  /** For an exit through a helper (`die()`): where the helper's own exit is. */
  readonly through: Position | null;
  /** True when the owner's last statement runs out (no `return` node to point at). */
  readonly implicit: boolean;
  /** For resource closes: the resource is a `using` declaration, disposed as its block is left. */
  readonly disposal: boolean;
  /** For handler ends: the handler sends its response here (`res.send()`), rather than returning. */
  readonly response: boolean;
}

/**
 * One function the pending work passed through on its way from the task's site to the lifetime end,
 * innermost first: `[backgroundTask, main]` when `main()` calls `backgroundTask()`, which leaves `task()`
 * pending, and then `main()` exits.
 */
export interface ChainLink {
  /** The function's name (`backgroundTask`), or `(module)` for the module top level. */
  readonly name: string;
  /** How a message names it: `` `backgroundTask()` ``, "the callback passed to `it()`", "the module top level". */
  readonly description: string;
  readonly functionRange: Range;
  readonly isAsync: boolean;
  /** The call in the next link that carried the work on, with its statement; null for the last link. */
  readonly call: (Position & { readonly statementRange: Range }) | null;
}

/** The facts a rewrite needs, decided here so the rule's suggestions and the codemod agree. */
export interface JoinPlan {
  /** The owner of the task (function or program) and whether it is async already. */
  readonly ownerRange: Range;
  readonly ownerIsAsync: boolean;
  /** The join is an `await` in an owner that is not async yet: the owner (and its callers) must become async. */
  readonly ownerMustBecomeAsync: boolean;
  /** True for a module top level (ESM top-level await applies) or a script. */
  readonly ownerIsProgram: boolean;
  /** The statement holding the task's site. */
  readonly siteStatementRange: Range;
  /**
   * The site is what its statement returns (`return work();`), and a `finally` block or a disposal runs
   * before the caller gets it: the join is `return await work();`.
   */
  readonly returned: boolean;
  /**
   * Where `await handle;` goes: before this statement (the lifetime end's statement), or null
   * when the end is the owner's implicit end (append to the owner's body).
   */
  readonly joinBeforeRange: Range | null;
  /** Whether the owner's body ends at `joinBeforeRange`'s block end (append position). */
  readonly bodyEnd: number | null;
  /** Nothing stands between the site's statement and the end: awaiting in place keeps behaviour. */
  readonly adjacent: boolean;
  /** The site and the end are in the same statement list, so a handle declared at the site is in scope at the join. */
  readonly sameBlock: boolean;
  /** A readable handle name that collides with no name in the file. */
  readonly handleName: string;
  /** The existing handle's name for `unjoined-handle` tasks. */
  readonly existingHandle: string | null;
  /** The extender to use instead of awaiting, when the runtime has one. */
  readonly extender: Extender | null;
}

export interface Finding {
  readonly task: Position & {
    readonly kind: TaskKind;
    /** The expression that carries the task at its site, including an attached `.catch(h)`/`.then(a, b)`. */
    readonly siteRange: Range;
    /** A node:test subtest (`t.test(…)`): the runner cancels it, as failed, when its parent test ends first. */
    readonly subtest: boolean;
  };
  readonly end: LifetimeEnd;
  /** Callers the pending work crossed, innermost first: `[backgroundTask(), main()]`. */
  readonly chain: readonly ChainLink[];
  /** True when the task is joined on some path to the end but not on every one. */
  readonly partial: boolean;
  readonly plan: JoinPlan;
  /**
   * The other ends of the same owner the task reaches still pending, on other paths (`if (bad) die();
   * … process.exit(0)`): reported once, at `end`, it must be joined before each of these too.
   * `joinBeforeRange` as in the plan: the end's statement, or null for the owner's implicit end.
   */
  readonly laterEnds: ReadonlyArray<{ readonly end: LifetimeEnd; readonly joinBeforeRange: Range | null }>;
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
  readonly task: Finding['task'];
  readonly block: BlockingSite;
  readonly chain: readonly ChainLink[];
}

export interface AnalysisResult {
  readonly findings: readonly Finding[];
  readonly starvations: readonly Starvation[];
  readonly summaries: readonly FunctionSummary[];
}

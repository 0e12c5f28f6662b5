import type { TSESTree } from '@typescript-eslint/types';
import { type FunctionNode, type Node, type Program, type Range } from '../syntax/ast';
import { type ParameterValues } from '../syntax/constant-value';
import type { Binding } from '../syntax/scope';
import type { FileContext } from './file-context';
import type { BlockingSite, LifetimeEnd, Position, TaskKind } from './model';
import { type PromiseSources } from './promise-sources';

/*
 * What a walk of one owner (a function body or the module top level) carries and yields: the tasks, the
 * path state (what may still be pending, joined, escaped, or not started on some path) and how states
 * merge where paths meet, and the owner's result that its callers inherit.
 */

/** A function the pending work left through, and the call in its caller that carried it on. */
export interface Hop {
  readonly fn: FunctionNode;
  readonly call: TSESTree.CallExpression;
  readonly callStatement: Node;
}

export interface Task {
  /** Where the work was started: the report location, shared by every task derived from it. */
  readonly root: Position & {
    readonly kind: TaskKind;
    readonly siteRange: Range;
    readonly calleeName: string | null;
    readonly subtest: boolean;
    /** The expression that started the work, and the one that carries it at its site (`siteRange`). */
    readonly node: Node;
    readonly siteNode: Node;
  };
  /** The root of the expression that started the work here (`ready()` of `ready().then(log)`); null for work a callee left pending. */
  readonly origin: Node | null;
  readonly kind: TaskKind;
  /** The expression holding the task in this owner (for derived tasks: the call that leaked it). */
  readonly site: Node;
  /** The statement of this owner's statement list that contains the site. */
  readonly statement: Node;
  /** Functions the work left before reaching this owner, innermost first. */
  readonly hops: readonly Hop[];
  /** Resources the work uses: the call's receiver and arguments. */
  readonly resources: ReadonlySet<string>;
  /** False for work leaked by a callee: nothing the caller awaits can join it. */
  readonly joinable: boolean;
  readonly handle: Binding | null;
  /** Created after its owner first yielded: a caller that does not await the owner never sees it start. */
  readonly afterYield: boolean;
  /** Its work runs in a worker thread: blocking this thread does not starve it. */
  readonly offloaded: boolean;
  /**
   * Known to be a promise: its root is one by construction (or by its type), not a `.then()` chained on a
   * call nothing is known of (`limiter.ready().then(…)`). Only such work is handed on to callers: through a
   * call, an unsure promise in a function the caller may not even see would be a guess. Read it with
   * `isCertain`: a task known only by its type is certain once its type is asked.
   */
  readonly certain: boolean;
  /**
   * For `const t = call()` where only `call()`'s type can tell whether it is a promise: that question,
   * answered once. Until an end, a block or a return needs the task, nothing asks it (see `isLive`).
   */
  readonly promise?: () => boolean;
  /**
   * For a call of a function that leaves work pending after it first yields: that work starts only once
   * the call's promise settles, so it joins the caller's pending work when the caller awaits the call.
   * `exits`: the function may exit after it first yields; awaiting its promise waits for that exit, which
   * ends what is still pending then.
   */
  readonly deferred: {
    readonly callee: FunctionNode;
    readonly call: TSESTree.CallExpression;
    readonly leaks: readonly Task[];
    readonly exits: Pick<OwnerResult, 'mayExit' | 'exitNode' | 'exitsAfterYield'> | null;
  } | null;
}

/** The task is work: a promise by construction, or one whose type says it is (asked now, if not before). */
export function isLive(task: Task): boolean {
  return task.promise?.() ?? true;
}

/** The task is known to be a promise (`Task.certain`); one known by its type is, once its type says so. */
export function isCertain(task: Task): boolean {
  return task.promise ? task.promise() : task.certain;
}

/** How many of `tasks` are work (`isLive`). */
export function liveCount(tasks: Iterable<Task>): number {
  let count = 0;
  for (const task of tasks) if (isLive(task)) count++;
  return count;
}

/** A task's id, which its finding and its starvation carry: the range where its work starts, stable for one text of the file. */
export function taskId(task: Task): string {
  return `${task.root.range[0]}:${task.root.range[1]}`;
}

export interface RawFinding {
  readonly task: Task;
  readonly end: LifetimeEnd;
  readonly partial: boolean;
  /** The node the end is at (the exit call, the `return`, the closed resource), or null for an implicit end. */
  readonly endNode: Node | null;
  /** The statement of this owner's statement list that holds the end, or null for the implicit end. */
  readonly endStatement: Node | null;
  /** Further ends of this owner the task reaches still pending (on other paths): a fix joins before each. */
  readonly laterEnds: RawEnd[];
}

export interface RawEnd {
  readonly end: LifetimeEnd;
  readonly node: Node | null;
  readonly endStatement: Node | null;
}

export interface RawStarvation {
  readonly task: Task;
  readonly block: BlockingSite;
}

export interface OwnerResult {
  readonly findings: readonly RawFinding[];
  readonly starvations: readonly RawStarvation[];
  /** Tasks pending on every normal return, joined on no path: every caller inherits them. */
  readonly leaks: readonly Task[];
  /** Some return leaves work pending that is not in `leaks` (only on some paths): known arguments may select those paths. */
  readonly mayLeak: boolean;
  /** Tasks pending on every exit by an uncaught `throw`: the caller's exceptional path inherits them. */
  readonly throwLeaks: readonly Task[];
  /** No path returns normally (every one throws or exits): what follows a call of it is unreachable. */
  readonly neverReturns: boolean;
  /**
   * Every path ends in an exit before the function first yields (and none throws): even an `async` function's
   * call ends the process before it returns, so what follows the call never runs.
   */
  readonly exitsAtOnce: boolean;
  /** Some exit comes after it first yields (its own, or a callee's after that callee yields): a caller goes on before it. */
  readonly exitsAfterYield: boolean;
  readonly mayExit: Position | null;
  /**
   * Resources it closes on every normal return (`db.close()` in a `shutdown()` helper), and whether that
   * may come after it first yields: a call of it closes those before its yield for the caller, an awaited
   * call all of them.
   */
  readonly closes: readonly ClosedResource[];
  /** Some path closes a resource that not every return does: known arguments may select those paths. */
  readonly mayClose: boolean;
  /** The node of `mayExit`: the exit call itself, however many helpers down. */
  readonly exitNode: Node | null;
  readonly mayBlock: BlockingSite | null;
  /** The first blocking after it first yields: callers that await it are blocked by it too. */
  readonly blocksLater: BlockingSite | null;
}

/** What the walker needs from the file-wide analysis. */
export interface WalkerHost {
  readonly context: FileContext;
  readonly sources: PromiseSources;
  /** The walk of `owner`; with `values`, the walk for a call that fixes those parameters. */
  ownerResult(owner: FunctionNode, values?: ParameterValues): OwnerResult;
  /** The owner's walk may meet a blocking call (end-reach.ts): without one, nothing it lets go can starve. */
  mayBlock(owner: FunctionNode | Program): boolean;
}

/**
 * Pending tasks (with "joined on some path" flags) and the tasks joined on this path. A task is
 * `conditional` when some path reaching here never started it (`if (watch) startWatcher()`, a loop that may
 * run no turn): it may be pending, but it is not pending on every path. `dead` marks a state no execution
 * reaches (after `process.exit()`, or a call that always throws): nothing is reported from it.
 */
export interface ClosedResource {
  readonly key: string;
  readonly name: string;
  readonly afterYield: boolean;
}

export class FlowState {
  constructor(
    readonly pending = new Map<Task, boolean>(),
    readonly joined = new Set<Task>(),
    /**
     * Tasks started since the owner last yielded that left its hands (passed on, stored, awaited by
     * someone else): nothing is known of their end, but blocking now still starves them.
     */
    readonly escaped = new Set<Task>(),
    readonly conditional = new Set<Task>(),
    public dead = false,
    /** Resources (by key) closed on every path to here, and whether after the owner first yielded on some. */
    readonly closed = new Map<string, ClosedResource>(),
  ) {}

  clone(): FlowState {
    return new FlowState(new Map(this.pending), new Set(this.joined), new Set(this.escaped), new Set(this.conditional), this.dead, new Map(this.closed));
  }

  escape(task: Task): void {
    if (this.pending.delete(task)) {
      this.conditional.delete(task);
      this.escaped.add(task);
    }
  }

  join(task: Task): void {
    if (task.joinable) this.settle(task);
  }

  /** The task is done, whoever started it: joined, or (queued events) sent by its client's flush, which needs no handle. */
  settle(task: Task): void {
    if (this.pending.delete(task)) {
      this.conditional.delete(task);
      this.joined.add(task);
    }
  }

  /** The tasks pending on every path to here, and joined on none: what a caller surely inherits. */
  mustPending(): Set<Task> {
    const tasks = new Set<Task>();
    for (const [task, partial] of this.pending) if (!partial && !this.conditional.has(task)) tasks.add(task);
    return tasks;
  }
}

export function merge(a: FlowState | null, b: FlowState | null): FlowState | null {
  if (!a || (a.dead && b)) return b;
  if (!b || b.dead) return a;
  const result = new FlowState(
    new Map(),
    new Set([...a.joined, ...b.joined]),
    new Set([...a.escaped, ...b.escaped]),
    new Set([...a.conditional, ...b.conditional]),
    false,
    new Map(
      [...a.closed].flatMap(([key, closed]) => {
        const other = b.closed.get(key);
        return other ? [[key, { ...closed, afterYield: closed.afterYield || other.afterYield }] as const] : [];
      }),
    ),
  );
  for (const [task, partial] of a.pending) {
    result.pending.set(task, partial || (b.pending.get(task) ?? b.joined.has(task)));
    if (!b.pending.has(task) && !b.joined.has(task)) result.conditional.add(task);
  }
  for (const [task, partial] of b.pending) {
    if (result.pending.has(task)) continue;
    result.pending.set(task, partial || a.joined.has(task));
    if (!a.joined.has(task)) result.conditional.add(task);
  }
  return result;
}

export function mergeAll(states: ReadonlyArray<FlowState | null>): FlowState | null {
  let result: FlowState | null = null;
  for (const state of states) result = merge(result, state);
  return result;
}

/** Intersection of the must-pending sets of several exits: what every one of them leaves pending. */
export function intersect(sets: ReadonlyArray<ReadonlySet<Task>>): Task[] {
  const [first, ...rest] = sets;
  if (!first) return [];
  return [...first].filter((task) => rest.every((set) => set.has(task)));
}

/** The state once the owner has yielded: what escaped had its turn, and who holds it is not known. */
export function afterYield(state: FlowState): FlowState {
  const next = state.clone();
  next.escaped.clear();
  return next;
}

/** A task whose pending (or escaped) set grew since `before` (loop needs another pass). */
export function grew(before: FlowState, after: FlowState | null): boolean {
  if (!after) return false;
  for (const task of after.pending.keys()) if (!before.pending.has(task)) return true;
  for (const task of after.escaped) if (!before.escaped.has(task)) return true;
  return false;
}

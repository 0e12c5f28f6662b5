import type { TSESTree } from '@typescript-eslint/types';
import {
  forEachChild,
  visitOwnBody,
  getCalleeName,
  getOwnerFunction,
  getPropertyName,
  isFunction,
  skipTransparent,
  type FunctionNode,
  type Node,
  type Program,
  type Range,
} from '../syntax/ast';
import type { FileContext } from './file-context';
import { getClosedResource, getDrainedResource, getResourceKey, isExitCall, isExtenderCall } from './lifetime-ends';
import { getBlockingCall, getBusyWait, type Blocking } from './blocking';
import type { BlockingSite, LifetimeEnd, Position, TaskKind } from './model';
import type { OwnerRole } from './owner-roles';
import { getChainMethod, isJoinerCall, type PromiseSources } from './promise-sources';
import { resolveCallee, resolveExternalCallee } from './resolve-callee';
import type { Binding } from '../syntax/scope';
import { evaluate, parameterValues, truthiness, type ParameterValues } from '../syntax/constant-value';

/*
 * Path-sensitive walk of one owner (a function body or the module top level). The state is the set of
 * tasks that may still be pending; branches are walked separately and merged, loops twice, `finally`
 * blocks on every way out. A lifetime end met with tasks pending yields raw findings; what is pending
 * when a plain function returns is what it leaves to its callers.
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
   * call, an unsure promise in a function the caller may not even see would be a guess.
   */
  readonly certain: boolean;
  /**
   * For a call of a function that leaves work pending after it first yields: that work starts only once
   * the call's promise settles, so it joins the caller's pending work when the caller awaits the call.
   */
  readonly deferred: { readonly callee: FunctionNode; readonly call: TSESTree.CallExpression; readonly leaks: readonly Task[] } | null;
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
  readonly mayExit: Position | null;
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
}

/**
 * Pending tasks (with "joined on some path" flags) and the tasks joined on this path. A task is
 * `conditional` when some path reaching here never started it (`if (watch) startWatcher()`, a loop that may
 * run no turn): it may be pending, but it is not pending on every path. `dead` marks a state no execution
 * reaches (after `process.exit()`, or a call that always throws): nothing is reported from it.
 */
class FlowState {
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
  ) {}

  clone(): FlowState {
    return new FlowState(new Map(this.pending), new Set(this.joined), new Set(this.escaped), new Set(this.conditional), this.dead);
  }

  escape(task: Task): void {
    if (this.pending.delete(task)) {
      this.conditional.delete(task);
      this.escaped.add(task);
    }
  }

  join(task: Task): void {
    if (!task.joinable) return;
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

function merge(a: FlowState | null, b: FlowState | null): FlowState | null {
  if (!a || (a.dead && b)) return b;
  if (!b || b.dead) return a;
  const result = new FlowState(
    new Map(),
    new Set([...a.joined, ...b.joined]),
    new Set([...a.escaped, ...b.escaped]),
    new Set([...a.conditional, ...b.conditional]),
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

function mergeAll(states: ReadonlyArray<FlowState | null>): FlowState | null {
  let result: FlowState | null = null;
  for (const state of states) result = merge(result, state);
  return result;
}

/** Intersection of the must-pending sets of several exits: what every one of them leaves pending. */
function intersect(sets: ReadonlyArray<ReadonlySet<Task>>): Task[] {
  const [first, ...rest] = sets;
  if (!first) return [];
  return [...first].filter((task) => rest.every((set) => set.has(task)));
}

/** The expressions whose value a `return` hands over: both branches of `a ? b : c`, either side of `a || b`… */
function returnedValues(expression: Node): Node[] {
  const node = skipTransparent(expression);
  if (node.type === 'ConditionalExpression') return [...returnedValues(node.consequent), ...returnedValues(node.alternate)];
  if (node.type === 'LogicalExpression') return [...returnedValues(node.left), ...returnedValues(node.right)];
  if (node.type === 'SequenceExpression') return returnedValues(node.expressions[node.expressions.length - 1]!);
  return [node];
}

/** `for await`: each step waits for the next value, so the loop yields between turns. */
function awaitsNextStep(loop: Node): boolean {
  return loop.type === 'ForOfStatement' && loop.await;
}

/** The state once the owner has yielded: what escaped had its turn, and who holds it is not known. */
function afterYield(state: FlowState): FlowState {
  const next = state.clone();
  next.escaped.clear();
  return next;
}

/** A task whose pending (or escaped) set grew since `before` (loop needs another pass). */
function grew(before: FlowState, after: FlowState | null): boolean {
  if (!after) return false;
  for (const task of after.pending.keys()) if (!before.pending.has(task)) return true;
  for (const task of after.escaped) if (!before.escaped.has(task)) return true;
  return false;
}

interface JumpTarget {
  readonly label: string | null;
  readonly breaks: Array<FlowState | null>;
  readonly continues: Array<FlowState | null> | null;
}

type Finalizer =
  | { readonly kind: 'finally'; readonly block: TSESTree.BlockStatement }
  | { readonly kind: 'using'; readonly resources: Array<{ key: string; name: string; node: Node }> };

const MAX_SECOND_PASS_DEPTH = 3;
const RESPONSE_METHODS = new Set(['send', 'json', 'end', 'sendStatus', 'redirect', 'render', 'sendFile', 'download']);

export class OwnerWalker {
  private readonly findings: RawFinding[] = [];
  /** The finding of each task reported here, with the starts of the ends it was found at. */
  private readonly reported = new Map<string, { readonly finding: RawFinding; readonly ends: Set<number> }>();
  /** The must-pending tasks at each normal return, and at each exit by an uncaught throw. */
  private readonly returns: Array<Set<Task>> = [];
  private readonly throws: Array<Set<Task>> = [];
  private mayLeak = false;
  private mayExit: Position | null = null;
  private exitNode: Node | null = null;
  /** A process `exit` listener reached its first `await`: Node has exited. */
  private listenerStopped = false;
  private mayBlock: BlockingSite | null = null;
  private blocksLater: BlockingSite | null = null;
  /** Whether some path has yielded to the event loop yet (blocking after that is not the callers' blocking). */
  private yielded = false;
  private readonly starvations: RawStarvation[] = [];
  private readonly starved = new Set<string>();
  private readonly handles = new Map<Binding, Task[]>();
  /** The other way round: every name a task has been given (`const t = work(); const u = t.then(f)`). */
  private readonly names = new Map<Task, Binding[]>();
  /** The call `dispose` is evaluating: its promise is awaited, returned or handed over. */
  private awaitedCall: Node | null = null;
  private lastDeferred: Task['deferred'] = null;
  private readonly targets: JumpTarget[] = [];
  private readonly finalizers: Finalizer[] = [];
  private readonly catchTargets: Array<Array<FlowState | null>> = [];
  /** Drain calls of the owner (`r.onIdle()`, …), found before the walk: a close they follow only stops intake. */
  private readonly drains: Array<{ key: string; offset: number }> = [];
  private current: Node;
  private loopDepth = 0;
  private readonly context: FileContext;

  constructor(
    private readonly host: WalkerHost,
    private readonly owner: FunctionNode | Program,
    private readonly role: OwnerRole,
    /** Parameters fixed by the call this walk is for (`start({ watch: false })`); empty for the general walk. */
    private readonly values: ParameterValues = new Map(),
  ) {
    this.context = host.context;
    this.current = owner;
  }

  run(): OwnerResult {
    const owner = this.owner;
    visitOwnBody(owner.type === 'Program' ? owner : owner.body, (node) => {
      if (node.type !== 'CallExpression') return;
      const key = getDrainedResource(node, this.context);
      if (key !== null) this.drains.push({ key, offset: node.range[0] });
    });
    if (owner.type === 'Program') {
      this.statements(owner.body, new FlowState());
    } else if (owner.body.type === 'BlockStatement') {
      const state = this.statements(owner.body.body, new FlowState());
      if (state) this.ownerEnd(state, null);
    } else {
      this.current = owner.body;
      this.ownerEnd(this.returned(owner.body, new FlowState()), owner.body);
    }
    return {
      findings: this.findings,
      starvations: this.starvations,
      leaks: intersect(this.returns).filter((task) => task.certain),
      mayLeak: this.mayLeak,
      throwLeaks: intersect(this.throws).filter((task) => task.certain),
      neverReturns: this.returns.length === 0 && owner.type !== 'Program' && !owner.generator,
      mayExit: this.mayExit,
      exitNode: this.exitNode,
      mayBlock: this.mayBlock,
      blocksLater: this.blocksLater,
    };
  }

  // ── statements ──────────────────────────────────────────────────────────────────────────────────

  private statements(list: readonly Node[], state: FlowState | null, afterEach?: Array<FlowState | null>): FlowState | null {
    const usingResources: Array<{ key: string; name: string; node: Node }> = [];
    const finalizer: Finalizer = { kind: 'using', resources: usingResources };
    this.finalizers.push(finalizer);
    let current = state;
    for (const statement of list) {
      if (!current) break; // unreachable code is not analysed
      this.current = statement;
      current = this.statement(statement, current);
      if (current?.dead) current = null;
      if (afterEach && current) afterEach.push(current.clone());
      if (statement.type === 'VariableDeclaration' && (statement.kind === 'using' || statement.kind === 'await using')) {
        for (const declarator of statement.declarations) {
          const key = getResourceKey(declarator.id, this.context);
          if (key !== null) usingResources.push({ key, name: this.context.text(declarator.id), node: declarator.id });
        }
      }
    }
    this.finalizers.pop();
    if (current && usingResources.length > 0) {
      const block = list[0]?.parent;
      current = this.disposeResources(current, usingResources, block ? block.range[1] - 1 : (list.at(-1)?.range[1] ?? 0));
    }
    return current;
  }

  private statement(node: Node, state: FlowState): FlowState | null {
    switch (node.type) {
      case 'ExpressionStatement':
        return this.expressionStatement(node.expression, state);
      case 'VariableDeclaration':
        for (const declarator of node.declarations) state = this.declarator(declarator, state);
        return state;
      case 'ReturnStatement': {
        if (
          node.argument &&
          this.role.kind !== 'exit-listener' &&
          this.finalizers.some((finalizer) => finalizer.kind === 'finally' || finalizer.resources.length > 0)
        ) {
          this.returnThroughFinalizers(node.argument, state, node);
          return null;
        }
        const after = node.argument ? this.returned(node.argument, state) : state;
        this.exitOwner(after, node);
        return null;
      }
      case 'ThrowStatement':
        this.raise(this.value(node.argument, state), node);
        return null;
      case 'BlockStatement':
      case 'StaticBlock':
        return this.statements(node.body, state);
      case 'IfStatement':
        return this.branch(
          node.test,
          state,
          (tested) => this.nested(node.consequent, tested),
          (tested) => (node.alternate ? this.nested(node.alternate, tested) : tested),
        );
      case 'LabeledStatement': {
        if (isLoop(node.body)) return this.loop(node.body, state, node.label.name);
        const target: JumpTarget = { label: node.label.name, breaks: [], continues: null };
        this.targets.push(target);
        const after = this.nested(node.body, state);
        this.targets.pop();
        return mergeAll([after, ...target.breaks]);
      }
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement':
      case 'WhileStatement':
      case 'DoWhileStatement':
        return this.loop(node, state, null);
      case 'SwitchStatement':
        return this.switchStatement(node, state);
      case 'TryStatement':
        return this.tryStatement(node, state);
      case 'BreakStatement':
      case 'ContinueStatement': {
        const target = this.jumpTarget(node);
        if (target) (node.type === 'BreakStatement' ? target.breaks : target.continues)?.push(state);
        return null;
      }
      case 'FunctionDeclaration':
        this.closure(node, state, 'escape');
        return state;
      case 'ClassDeclaration':
        this.closure(node, state, 'escape');
        return this.staticBlocks(node, state);
      case 'ExportNamedDeclaration':
        return node.declaration ? this.statement(node.declaration, state) : state;
      case 'ExportDefaultDeclaration':
        return isFunction(node.declaration) || node.declaration.type === 'ClassDeclaration'
          ? this.statement(node.declaration as Node, state)
          : this.value(node.declaration, state);
      default:
        return state;
    }
  }

  /** The loop, switch or labeled statement a `break`/`continue` leaves. */
  private jumpTarget(node: TSESTree.BreakStatement | TSESTree.ContinueStatement): JumpTarget | null {
    const label = node.label?.name ?? null;
    for (let index = this.targets.length - 1; index >= 0; index--) {
      const target = this.targets[index];
      if (!target) continue;
      const isLoopTarget = target.continues !== null;
      if (label !== null ? target.label === label : node.type === 'BreakStatement' ? isLoopTarget || target.label === '#switch' : isLoopTarget) {
        return target;
      }
    }
    return null;
  }

  /** A statement in a position without its own list (`if (x) stmt`): `current` stays the enclosing list statement. */
  private nested(node: Node, state: FlowState): FlowState | null {
    const saved = this.current;
    const result = node.type === 'BlockStatement' ? this.statements(node.body, state) : this.statement(node, state);
    this.current = saved;
    return result?.dead ? null : result;
  }

  /** Whether a condition is known to hold (true), known not to (false), or unknown. */
  private known(test: Node): boolean | undefined {
    return truthiness(test, this.context.scope, this.values);
  }

  /** `if (test)` / `test ? a : b`: only the branch a known condition selects is walked; otherwise both, merged. */
  private branch(
    test: Node,
    state: FlowState,
    whenTrue: (state: FlowState) => FlowState | null,
    whenFalse: (state: FlowState) => FlowState | null,
    keep: ReadonlySet<Task> | null = null,
  ): FlowState | null {
    const tested = this.value(test, state, keep);
    const known = this.known(test);
    if (known === true) return whenTrue(tested);
    if (known === false) return whenFalse(tested);
    return merge(whenTrue(tested.clone()), whenFalse(tested.clone()));
  }

  /** `left && right`, `left || right`, `left ?? right`: the right side runs on the paths the left side lets through. */
  private logical(node: TSESTree.LogicalExpression, left: FlowState, right: (state: FlowState) => FlowState): FlowState {
    const known = evaluate(node.left, this.context.scope, this.values);
    if (known) {
      const skipsRight =
        node.operator === '&&' ? !known.value : node.operator === '||' ? Boolean(known.value) : known.value !== null && known.value !== undefined;
      return skipsRight ? left : right(left);
    }
    return merge(left.clone(), right(left.clone())) ?? left;
  }

  /**
   * An exception leaves here with `state`: the innermost `catch` of this owner receives it; without one,
   * the `finally` blocks run and the owner exits exceptionally (its callers' exceptional paths inherit
   * what is still pending). Nothing after the throw on this path runs.
   */
  private raise(state: FlowState, node: Node): void {
    if (state.dead) return;
    const target = this.catchTargets.at(-1);
    if (target) {
      target.push(state.clone());
      return;
    }
    const saved = this.current;
    this.exitOwner(state.clone(), node, new Set(), true);
    this.current = saved;
  }

  private loop(node: Node, entry: FlowState, label: string | null): FlowState | null {
    const busy = getBusyWait(node, this.context);
    if (busy) this.blockEvent(entry, busy.at ?? node, busy, null);
    let start = entry;
    let exit: FlowState | null = null;
    const turns: FlowState[] = [];
    // A second pass (for work a previous turn left pending) only in the outer loops: nested loops that
    // each walked their body twice would cost 2^depth walks, and linear time is a promise.
    this.loopDepth++;
    // A test that a turn may change (`while (currentTasks === 0)` where the body's calls count tasks) may stop
    // the loop after one turn: what a turn leaves pending is not carried into a next turn nobody knows runs.
    const passes = this.loopDepth <= MAX_SECOND_PASS_DEPTH && !this.turnMayEndLoop(node) ? 2 : 1;
    for (let pass = 0; pass < passes; pass++) {
      const target: JumpTarget = { label, breaks: [], continues: [] };
      this.targets.push(target);
      let state: FlowState | null = start.clone();
      let conditionFalse: FlowState | null = null;
      switch (node.type) {
        case 'ForStatement': {
          if (pass === 0 && node.init) {
            state = node.init.type === 'VariableDeclaration' ? this.statement(node.init, state) : this.value(node.init, state);
            start = state ?? start;
          }
          if (node.test) state = state && this.value(node.test, state);
          const known = node.test ? this.known(node.test) : true;
          conditionFalse = known === true ? null : state;
          state = state && known !== false ? this.nested(node.body, state.clone()) : null;
          state = mergeAll([state, ...target.continues!]);
          if (state && node.update) state = this.value(node.update, state);
          break;
        }
        case 'ForInStatement':
        case 'ForOfStatement': {
          if (pass === 0) start = this.value(node.right, start);
          state = start.clone();
          if (awaitsNextStep(node)) state = afterYield(state);
          conditionFalse = state;
          state = this.nested(node.body, state.clone());
          state = mergeAll([state, ...target.continues!]);
          break;
        }
        case 'WhileStatement': {
          state = this.value(node.test, state);
          const known = this.known(node.test);
          conditionFalse = known === true ? null : state;
          state = known === false ? null : this.nested(node.body, state.clone());
          state = mergeAll([state, ...target.continues!]);
          break;
        }
        case 'DoWhileStatement': {
          state = this.nested(node.body, state);
          state = mergeAll([state, ...target.continues!]);
          if (state) state = this.value(node.test, state);
          conditionFalse = this.known(node.test) === true ? null : state;
          break;
        }
        default:
          break;
      }
      this.targets.pop();
      exit = mergeAll([conditionFalse, ...target.breaks]);
      if (state) turns.push(state);
      if (!grew(start, state)) break;
      // Without a second pass, a turn's pending work still reaches the exit (as if the test ran again).
      if (pass + 1 === passes) exit = merge(exit, state && awaitsNextStep(node) ? afterYield(state) : state);
      else start = merge(start, state) ?? start;
    }
    this.loopDepth--;
    // A loop is written to run its turns: what every turn leaves pending is pending after it, although a loop
    // over nothing would start none of it (unlike work under an `if`, which the condition may well skip).
    if (exit && !exit.dead) {
      for (const task of [...exit.conditional]) {
        if (turns.some((turn) => turn.pending.has(task) && !turn.conditional.has(task))) exit.conditional.delete(task);
      }
    }
    return exit;
  }

  /** The loop's test reads a variable its body writes, or that some function of the file writes (a call may change it). */
  private turnMayEndLoop(loop: Node): boolean {
    const test = loop.type === 'WhileStatement' || loop.type === 'DoWhileStatement' || loop.type === 'ForStatement' ? loop.test : null;
    if (!test) return false;
    const body = (loop as TSESTree.WhileStatement).body;
    let changes = false;
    const visit = (node: Node): void => {
      if (changes) return;
      if (node.type === 'Identifier') {
        const binding = this.context.scope.bindingOf(node);
        changes =
          binding?.references.some(
            (reference) => isWrite(reference) && (within(reference, body) || binding.scope.owner !== (getOwnerFunction(reference) ?? this.context.program)),
          ) ?? false;
        return;
      }
      forEachChild(node, visit);
    };
    visit(test);
    return changes;
  }

  private switchStatement(node: TSESTree.SwitchStatement, state: FlowState): FlowState | null {
    const entry = this.value(node.discriminant, state);
    const target: JumpTarget = { label: '#switch', breaks: [], continues: null };
    this.targets.push(target);
    let fallthrough: FlowState | null = null;
    let hasDefault = false;
    for (const switchCase of node.cases) {
      if (!switchCase.test) hasDefault = true;
      let caseState = merge(fallthrough, entry.clone());
      if (caseState && switchCase.test) caseState = this.value(switchCase.test, caseState);
      fallthrough = this.statements(switchCase.consequent, caseState);
    }
    this.targets.pop();
    return mergeAll([fallthrough, ...target.breaks, hasDefault ? null : entry]);
  }

  private tryStatement(node: TSESTree.TryStatement, state: FlowState): FlowState | null {
    if (node.finalizer) this.finalizers.push({ kind: 'finally', block: node.finalizer });
    const thrown: Array<FlowState | null> = [];
    if (node.handler) this.catchTargets.push(thrown);
    const afterEach: Array<FlowState | null> = [];
    const afterBlock = this.statements(node.block.body, state.clone(), afterEach);
    if (node.handler) this.catchTargets.pop();
    let afterHandler: FlowState | null = null;
    if (node.handler) {
      // A statement of the block may throw: the handler starts from the state before it (the entry, or
      // after the previous statement). A statement that awaits a task throws once the task has settled.
      const before = [state, ...afterEach.slice(0, -1)];
      const catchEntry = mergeAll([...before.map((entry, index) => (endsInAwait(node.block.body[index]) ? (afterEach[index] ?? entry) : entry)), ...thrown]);
      afterHandler = catchEntry && this.statements(node.handler.body.body, catchEntry.clone());
    }
    if (node.finalizer) {
      this.finalizers.pop();
      const beforeFinally = node.handler ? merge(afterBlock, afterHandler) : afterBlock;
      return beforeFinally && this.statements(node.finalizer.body, beforeFinally);
    }
    return merge(afterBlock, afterHandler);
  }

  // ── expressions ─────────────────────────────────────────────────────────────────────────────────

  private expressionStatement(expression: Node, state: FlowState): FlowState {
    const node = skipTransparent(expression);
    if (node.type === 'UnaryExpression' && node.operator === 'void') return this.floating(node.argument, state, 'void');
    if (node.type === 'AssignmentExpression' && node.operator === '=' && node.left.type === 'Identifier') {
      const binding = this.localBinding(node.left);
      if (binding) return this.bindHandle(binding, node.right, state);
    }
    return this.floating(node, state, 'statement');
  }

  private declarator(declarator: TSESTree.VariableDeclarator, state: FlowState): FlowState {
    if (!declarator.init) return state;
    const binding = declarator.id.type === 'Identifier' ? this.localBinding(declarator.id) : null;
    if (binding && binding.kind !== 'using') return this.bindHandle(binding, declarator.init, state);
    return this.value(declarator.init, state);
  }

  /** `const t = work()` / `t = work()`: the binding becomes the task's handle (of each branch's task, for `c ? a() : b()`). */
  private bindHandle(binding: Binding, init: Node, state: FlowState): FlowState {
    this.handles.set(binding, []);
    return this.bindBranch(binding, init, state);
  }

  private bindBranch(binding: Binding, init: Node, state: FlowState): FlowState {
    const value = skipTransparent(init);
    if (value.type === 'ConditionalExpression') {
      return (
        this.branch(
          value.test,
          state,
          (tested) => this.bindBranch(binding, value.consequent, tested),
          (tested) => this.bindBranch(binding, value.alternate, tested),
        ) ?? state
      );
    }
    if (value.type === 'LogicalExpression') {
      return this.logical(value, this.bindBranch(binding, value.left, state), (left) => this.bindBranch(binding, value.right, left));
    }
    const chain = this.unchain(value);
    const existing = chain.root.type === 'Identifier' ? this.handleTasks(chain.root, state) : [];
    if (existing.length > 0) {
      // `const u = t.then(f)`: another name for the same pending work.
      const after = this.chainArguments(chain, state, new Set(existing));
      for (const task of existing.filter((candidate) => after.pending.has(candidate))) this.name(binding, task);
      return after;
    }
    const { state: after, isPromise } = this.rootCall(chain.root, state);
    const result = this.chainArguments(chain, after, null);
    const root = isPromise && !this.waitsOnly(chain) ? chain.root : chain.links.length > 0 && !isPromise ? value : null;
    if (root && !this.host.sources.isKnownSafe(chain.root) && !chain.defersExit) {
      const task = this.createTask(root, value, 'unjoined-handle', binding);
      result.pending.set(task, false);
      this.name(binding, task);
    }
    return result;
  }

  /** A promise-valued expression whose value is dropped: a statement, or `void expression`. */
  private floating(expression: Node, state: FlowState, mode: 'statement' | 'void'): FlowState {
    const node = skipTransparent(expression);
    switch (node.type) {
      case 'LogicalExpression':
        // `ready && work();`: the right side is dropped on the path that runs it.
        return this.logical(node, this.value(node.left, state), (left) => this.floating(node.right, left, mode));
      case 'ConditionalExpression':
        return (
          this.branch(
            node.test,
            state,
            (tested) => this.floating(node.consequent, tested, mode),
            (tested) => this.floating(node.alternate, tested, mode),
          ) ?? state
        );
      case 'SequenceExpression': {
        let current = state;
        for (const element of node.expressions) current = this.floating(element, current, mode);
        return current;
      }
      case 'UnaryExpression':
        if (node.operator === 'void') return this.floating(node.argument, state, 'void');
        break;
      default:
        break;
    }
    const chain = this.unchain(node);
    const handleTasks = chain.root.type === 'Identifier' ? this.handleTasks(chain.root, state) : [];
    if (handleTasks.length > 0) {
      // `t.catch(log);` leaves `t` pending; `t.finally(() => process.exit())` defers the exit until `t` settles.
      const after = this.chainArguments(chain, state, new Set(handleTasks));
      if (chain.defersExit) {
        for (const task of handleTasks) this.join(after, task);
        this.deferredExit(after, chain.links);
      }
      return after;
    }
    if (chain.root === node && node.type !== 'CallExpression' && node.type !== 'NewExpression' && node.type !== 'ImportExpression') {
      return this.value(node, state);
    }
    const { state: afterRoot, isPromise } = this.rootCall(chain.root, state);
    const after = this.chainArguments(chain, afterRoot, null);
    if (chain.defersExit) this.deferredExit(after, chain.links);
    // `Promise.resolve().then(next)`: the root is settled, but the chained callbacks are work still to run.
    const root = isPromise && !this.waitsOnly(chain) ? chain.root : chain.links.length > 0 && !isPromise ? node : null;
    if (root && !chain.defersExit && !this.host.sources.isKnownSafe(chain.root) && !this.host.sources.isKnownSafe(node)) {
      const kind: TaskKind = mode === 'void' ? 'void' : chain.handlesRejection ? 'catch-only' : 'discarded';
      const task = this.createTask(root, node, kind, null);
      after.pending.set(task, false);
      // `const t = load(); t.catch(log); … await t;`: the callbacks run as `t` settles, before the code
      // after `await t`, so joining `t` joins them, whatever `load()` is.
      const holder = chain.root.type === 'Identifier' ? this.localBinding(chain.root) : null;
      if (holder && this.handles.has(holder)) this.name(holder, task);
    }
    return after;
  }

  /**
   * `ready().then(log); … await ready();` where `ready` memoises one promise: the awaited call is the earlier
   * call's promise, so what was chained on that settles first.
   */
  private joinSharedPromise(call: TSESTree.CallExpression, state: FlowState): void {
    if (!this.host.sources.mayShareOnePromise(call)) return;
    const target = resolveCallee(call, this.context);
    const text = this.context.text(call);
    for (const task of [...state.pending.keys()]) {
      const origin = task.origin;
      if (origin?.type !== 'CallExpression' || origin === call || this.context.text(origin) !== text) continue;
      if (resolveCallee(origin, this.context) === target) this.join(state, task);
    }
  }

  /** A pure wait (`once(emitter, 'close')`, `sleep(ms)`) with no work chained on it: nothing to lose. */
  private waitsOnly(chain: { root: Node; links: TSESTree.CallExpression[] }): boolean {
    return this.host.sources.isPureWait(chain.root) && chain.links.every((link) => link.arguments.every(isEmptyCallback));
  }

  /**
   * `await Promise.race([a(), b()])` (or `Promise.any`) of work against work: one settles, the others go on
   * running, so each stays pending (as `raced`, for a call) after the await. A race with a delay among its
   * entries, or an entry the analysis cannot tell from a delay, is a bounded wait by design: null, and the
   * caller joins the entries as `Promise.all` would.
   */
  private racedWork(call: TSESTree.CallExpression, list: TSESTree.ArrayExpression, state: FlowState): FlowState | null {
    const method = getPropertyName(skipTransparent(call.callee) as TSESTree.MemberExpression);
    if ((method !== 'race' && method !== 'any') || list.elements.length < 2) return null;
    for (const element of list.elements) {
      const entry = element && element.type !== 'SpreadElement' ? skipTransparent(element) : null;
      if (!entry) return null;
      if (entry.type === 'Identifier') {
        const definition = this.context.scope.bindingOf(entry)?.definition;
        const init = definition?.type === 'VariableDeclarator' && definition.init ? skipTransparent(definition.init) : null;
        if (this.handleTasks(entry, state).length === 0 || (init && this.host.sources.isDelay(init))) return null;
      } else if (
        entry.type !== 'CallExpression' ||
        !this.host.sources.isPromiseCall(entry) ||
        this.host.sources.isDelay(entry) ||
        this.host.sources.isKnownSafe(entry)
      ) {
        return null;
      }
    }
    let after = state;
    for (const element of list.elements) {
      const entry = skipTransparent(element as Node);
      if (entry.type !== 'CallExpression') continue;
      const chain = this.unchain(entry);
      after = this.chainArguments(chain, this.rootCall(chain.root, after).state, null);
      after.pending.set(this.createTask(entry, entry, 'raced', null), false);
    }
    return after;
  }

  /** Splits `root.then(a).catch(b)` into its root and the chained calls. */
  private unchain(node: Node): { root: Node; links: TSESTree.CallExpression[]; handlesRejection: boolean; defersExit: boolean } {
    const links: TSESTree.CallExpression[] = [];
    let current = skipTransparent(node);
    let handlesRejection = false;
    let defersExit = false;
    for (;;) {
      const method = getChainMethod(current);
      // A fluent builder's own `then` (or a call the checker types as no thenable) ends the promise chain.
      if (!method || current.type !== 'CallExpression' || !this.host.sources.isPromiseChain(current)) break;
      links.unshift(current);
      if (method === 'catch' || (method === 'then' && current.arguments.length >= 2)) handlesRejection = true;
      if (method !== 'catch' && current.arguments.some((argument) => this.exits(argument))) defersExit = true;
      current = skipTransparent((skipTransparent(current.callee) as TSESTree.MemberExpression).object);
    }
    return { root: current, links, handlesRejection, defersExit };
  }

  private chainArguments(chain: { links: TSESTree.CallExpression[] }, state: FlowState, keep: ReadonlySet<Task> | null): FlowState {
    let current = state;
    for (const link of chain.links) {
      for (const argument of link.arguments) current = this.value(argument, current, keep);
    }
    return current;
  }

  /**
   * `work().finally(() => process.exit(0))`: the exit waits for `work()`, but not for anything else
   * still pending here, which it ends all the same.
   */
  private deferredExit(state: FlowState, links: readonly TSESTree.CallExpression[]): void {
    for (const link of links) {
      for (const argument of link.arguments) {
        const fn = skipTransparent(argument);
        const result = isFunction(fn) ? this.host.ownerResult(fn) : null;
        if (result?.mayExit && result.exitNode) {
          this.exitEnd(state, result.exitNode, result.mayExit, null);
          return;
        }
      }
    }
  }

  /** A callback that ends the process when it runs (`() => process.exit(code)`). */
  private exits(argument: Node): boolean {
    const fn = skipTransparent(argument);
    return isFunction(fn) && this.host.ownerResult(fn).mayExit !== null;
  }

  /** Evaluates a call that may start a task; tells whether its value is a pending promise. */
  private rootCall(node: Node, state: FlowState): { state: FlowState; isPromise: boolean } {
    if (node.type === 'CallExpression') {
      const after = this.call(node, state);
      return { state: after, isPromise: this.host.sources.isPromiseCall(node) };
    }
    if (node.type === 'NewExpression' || node.type === 'ImportExpression') {
      return { state: this.value(node, state), isPromise: this.host.sources.isPromiseCall(node) };
    }
    return { state: this.value(node, state), isPromise: false };
  }

  /**
   * An expression whose value is taken over: awaited, returned, yielded, or handed to an extender.
   * Handles in it are joined; anything else is evaluated as a plain value.
   */
  private dispose(expression: Node, state: FlowState): FlowState {
    const node = skipTransparent(expression);
    switch (node.type) {
      case 'Identifier': {
        const tasks = this.handleTasks(node, state);
        for (const task of tasks) this.join(state, task);
        return tasks.length > 0 ? state : this.value(node, state);
      }
      case 'UnaryExpression':
        // `return void work();` / `async () => void work()`: the value handed over is `undefined`.
        return node.operator === 'void' ? this.floating(node.argument, state, 'void') : this.value(node, state);
      case 'CallExpression': {
        const method = getChainMethod(node);
        if (method) {
          let after = state;
          for (const argument of node.arguments) after = this.value(argument, after);
          return this.dispose((skipTransparent(node.callee) as TSESTree.MemberExpression).object, after);
        }
        if (isJoinerCall(node, this.context) && node.arguments[0]?.type === 'ArrayExpression') {
          const raced = this.racedWork(node, node.arguments[0], state);
          if (raced) return raced;
          let after = state;
          for (const element of node.arguments[0].elements) {
            if (element) after = element.type === 'SpreadElement' ? this.value(element, after) : this.dispose(element, after);
          }
          return after;
        }
        const saved = this.awaitedCall;
        this.awaitedCall = node;
        const after = this.value(node, state);
        this.awaitedCall = saved;
        this.joinSharedPromise(node, after);
        // `await queue.onIdle()` waits for everything the queue runs.
        const drained = getDrainedResource(node, this.context);
        if (drained !== null) for (const task of [...after.pending.keys()]) if (task.resources.has(drained)) this.join(after, task);
        return after;
      }
      case 'ConditionalExpression':
        return (
          this.branch(
            node.test,
            state,
            (tested) => this.dispose(node.consequent, tested),
            (tested) => this.dispose(node.alternate, tested),
          ) ?? state
        );
      case 'LogicalExpression':
        return this.logical(node, this.dispose(node.left, state), (left) => this.dispose(node.right, left));
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
        // `after(() => task)` / `ctx.waitUntil((async () => { await task })())`: the callback joins what it uses.
        this.closure(node, state, 'join');
        return state;
      default:
        return this.value(node, state);
    }
  }

  /** Evaluates an expression for its value and effects; a handle used here escapes (unless it is in `keep`). */
  private value(expression: Node, state: FlowState, keep: ReadonlySet<Task> | null = null): FlowState {
    const node = skipTransparent(expression);
    switch (node.type) {
      case 'Identifier': {
        for (const task of this.handleTasks(node, state)) if (!keep?.has(task)) state.escape(task);
        return state;
      }
      case 'AwaitExpression': {
        if (this.role.kind === 'exit-listener') return this.exitListenerAwait(node, state);
        const after = this.dispose(node.argument, state);
        this.yielded = true;
        after.escaped.clear();
        return after;
      }
      case 'YieldExpression': {
        const after = node.argument ? this.dispose(node.argument, state) : state;
        this.yielded = true;
        after.escaped.clear();
        return after;
      }
      case 'CallExpression': {
        const after = this.call(node, state, keep);
        if (this.startsEscapedTask(node)) after.escaped.add(this.createTask(node, node, 'discarded', null));
        return after;
      }
      case 'ConditionalExpression':
        return (
          this.branch(
            node.test,
            state,
            (tested) => this.value(node.consequent, tested, keep),
            (tested) => this.value(node.alternate, tested, keep),
            keep,
          ) ?? state
        );
      case 'LogicalExpression':
        return this.logical(node, this.value(node.left, state, keep), (left) => this.value(node.right, left, keep));
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
        this.closure(node, state, 'escape', keep);
        return state;
      case 'ClassExpression':
        this.closure(node, state, 'escape', keep);
        return this.staticBlocks(node, state);
      case 'MemberExpression': {
        const after = this.value(node.object, state, keep);
        return node.computed ? this.value(node.property, after, keep) : after;
      }
      case 'NewExpression': {
        let current = this.value(node.callee, state, keep);
        for (const argument of node.arguments) current = this.value(argument, current, keep);
        // `new Promise((resolve) => …)` runs its executor before it returns.
        const executor = node.arguments[0] && skipTransparent(node.arguments[0]);
        if (this.context.scope.isGlobalReference(skipTransparent(node.callee), 'Promise') && executor && isFunction(executor) && !executor.async) {
          const result = this.host.ownerResult(executor);
          if (result.mayExit) this.exitEnd(current, node, this.endPosition(node), result);
          if (result.mayBlock) this.blockEvent(current, node, result.mayBlock, result.mayBlock.through ?? result.mayBlock);
        }
        return current;
      }
      case 'Property':
        return this.value(node.value, node.computed ? this.value(node.key, state, keep) : state, keep);
      default: {
        let current = state;
        forEachChild(node, (child) => {
          current = this.value(child, current, keep);
        });
        return current;
      }
    }
  }

  private call(node: TSESTree.CallExpression, state: FlowState, keep: ReadonlySet<Task> | null = null): FlowState {
    const awaited = this.awaitedCall === node;
    let current = this.value(node.callee, state, keep);
    const extender = isExtenderCall(node, this.context);
    for (const argument of node.arguments) current = extender ? this.dispose(argument, current) : this.value(argument, current, keep);
    if (isExitCall(node, this.context)) {
      this.exitEnd(current, node, this.endPosition(node), null);
      current.dead = true; // nothing after an exit runs
      return current;
    }
    const closed = getClosedResource(node, this.context);
    if (closed) this.closeEnd(current, node, closed.key, closed.name);
    if (this.role.kind === 'handler' && this.role.response && this.isResponseSend(node, this.role.response)) {
      this.lifetimeEnd(current, this.handlerEnd(node, false, true), node);
    }
    const blocking = getBlockingCall(node, this.context, this.context.options.fsSyncBlocks);
    if (blocking) this.blockEvent(current, node, blocking, null);
    const resolved = resolveCallee(node, this.context);
    const target = resolved ?? this.synchronousCallback(node);
    // Calling a generator runs none of its body.
    if (target && target !== this.owner && !target.generator) {
      const result = resolved ? this.calleeResult(resolved, node) : this.host.ownerResult(target);
      if (result.mayExit) this.exitEnd(current, node, this.endPosition(node), result);
      // An awaited call also holds this owner through what the callee blocks on after it yields.
      const blocking = result.mayBlock ?? (awaited ? result.blocksLater : null);
      if (blocking) {
        // A callback run once per item holds the loop for an unknown multiple of its own duration.
        const durationMs = resolved ? blocking.durationMs : null;
        this.blockEvent(current, node, { kind: blocking.kind, durationMs }, blocking.through ?? blocking);
      }
      const pendingPromise = target.async && this.host.sources.returnsPendingPromise(target);
      const deferred: Task[] = [];
      for (const leaked of result.leaks) {
        // Work the callee starts after it first yields has not started when the call returns: it waits on the call's promise.
        if (leaked.afterYield && pendingPromise && !awaited) deferred.push(leaked);
        // A callback `forEach` runs once per item counts as a loop's turns do.
        else current.pending.set(this.deriveTask(leaked, target, node), false);
      }
      this.lastDeferred = deferred.length > 0 ? { callee: target, call: node, leaks: deferred } : null;
      // An exception the callee throws (or, awaited, the rejection of an async callee) carries what it left pending.
      const throwsHere = resolved !== null && (!target.async || awaited);
      if (throwsHere && result.throwLeaks.length > 0) {
        const thrown = current.clone();
        for (const leaked of result.throwLeaks) thrown.pending.set(this.deriveTask(leaked, target, node), false);
        this.raise(thrown, node);
      }
      if (throwsHere && result.neverReturns) current.dead = true;
    } else if (!target) {
      // A function of another module: it may exit, or block before it yields, as a same-file one may.
      const external = resolveExternalCallee(node, this.context);
      if (external?.mayExit) this.exitEnd(current, node, this.endPosition(node), null);
      if (external?.mayBlock) this.blockEvent(current, node, external.mayBlock, null);
      // Its work goes on after it returns, and nothing this owner awaits can join it (even `await track()`).
      if (external?.leavesWorkPending && !this.host.sources.isKnownSafe(node))
        current.pending.set({ ...this.createTask(node, node, 'left-pending', null), joinable: false }, false);
    }
    return current;
  }

  /**
   * What a call of a same-file function does. When the call fixes some parameters (`start({ watch: false })`)
   * and the function's effects depend on paths, the walk for those values decides: only the paths the
   * arguments select count.
   */
  private calleeResult(target: FunctionNode, call: TSESTree.CallExpression): OwnerResult {
    const general = this.host.ownerResult(target);
    if (!general.mayLeak && !general.mayExit && !general.mayBlock && !general.blocksLater && general.throwLeaks.length === 0) return general;
    const values = parameterValues(target, call, this.context.scope, this.values);
    return values.size === 0 ? general : this.host.ownerResult(target, values);
  }

  /** `items.forEach((item) => …)`: an inline callback that array-like methods run before they return. */
  private synchronousCallback(node: TSESTree.CallExpression): FunctionNode | null {
    const callee = skipTransparent(node.callee);
    if (callee.type !== 'MemberExpression' || !isSynchronousIteration(getPropertyName(callee))) return null;
    const callback = node.arguments[0] && skipTransparent(node.arguments[0]);
    return callback && isFunction(callback) && !callback.async ? callback : null;
  }

  /** Joins a task; work it deferred (see `Task.deferred`) starts now and is pending in its turn. */
  private join(state: FlowState, task: Task): void {
    if (!state.pending.has(task)) return;
    state.join(task);
    if (task.deferred) {
      for (const leaked of task.deferred.leaks) state.pending.set(this.deriveTask(leaked, task.deferred.callee, task.deferred.call), false);
    }
  }

  /** Class static blocks run where the class is defined. */
  private staticBlocks(node: TSESTree.ClassDeclaration | TSESTree.ClassExpression, state: FlowState): FlowState {
    let current: FlowState | null = state;
    for (const member of node.body.body) {
      if (member.type === 'StaticBlock' && current) current = this.nested(member, current);
    }
    return current ?? state;
  }

  private isResponseSend(node: TSESTree.CallExpression, response: Binding): boolean {
    const callee = skipTransparent(node.callee);
    if (callee.type !== 'MemberExpression' || !RESPONSE_METHODS.has(getPropertyName(callee) ?? '')) return false;
    let object = skipTransparent(callee.object);
    // `res.status(500).send()`
    while (object.type === 'CallExpression' && skipTransparent(object.callee).type === 'MemberExpression') {
      object = skipTransparent((skipTransparent(object.callee) as TSESTree.MemberExpression).object);
    }
    return object.type === 'Identifier' && this.context.scope.bindingOf(object) === response;
  }

  private name(binding: Binding, task: Task): void {
    this.handles.get(binding)?.push(task);
    const names = this.names.get(task);
    if (names) names.push(binding);
    else this.names.set(task, [binding]);
  }

  /**
   * A nested function or class: handles it mentions are joined (extender callbacks) or escape. Only
   * the tasks pending now are looked at, so the cost follows what is pending, not every handle so far.
   */
  private closure(node: Node, state: FlowState, mode: 'join' | 'escape', keep: ReadonlySet<Task> | null = null): void {
    for (const task of [...state.pending.keys()]) {
      if (keep?.has(task)) continue;
      const used = this.names
        .get(task)
        ?.some((binding) => binding.references.some((reference) => reference.range[0] >= node.range[0] && reference.range[1] <= node.range[1]));
      if (!used) continue;
      if (mode === 'join') this.join(state, task);
      else state.escape(task);
    }
  }

  // ── tasks ───────────────────────────────────────────────────────────────────────────────────────

  private localBinding(id: TSESTree.Identifier): Binding | null {
    const binding = this.context.scope.bindingOf(id);
    return binding && binding.scope.owner === this.owner && binding.kind !== 'import' ? binding : null;
  }

  /** The pending tasks a handle name stands for. */
  private handleTasks(id: Node, state: FlowState): Task[] {
    if (id.type !== 'Identifier') return [];
    const binding = this.context.scope.bindingOf(id);
    const tasks = binding ? this.handles.get(binding) : undefined;
    return tasks ? tasks.filter((task) => state.pending.has(task)) : [];
  }

  private createTask(root: Node, site: Node, kind: TaskKind, handle: Binding | null): Task {
    const subtest = this.host.sources.isNodeTestSubtest(root);
    // A subtest's handle is named for what it is (`subtestTask`), not for `t.test`.
    const calleeName = subtest ? 'subtest' : root.type === 'CallExpression' || root.type === 'NewExpression' ? getCalleeName(root) : null;
    const deferred = this.lastDeferred?.call === root ? this.lastDeferred : null;
    const origin = this.unchain(root).root;
    return {
      root: { ...this.context.position(root), kind, siteRange: site.range, calleeName, subtest, node: root, siteNode: site },
      origin,
      kind,
      site,
      statement: this.current,
      hops: [],
      resources: this.resourcesOf(root),
      joinable: true,
      handle,
      afterYield: this.yielded,
      offloaded: this.host.sources.isOffloaded(root),
      certain: this.isCertainPromise(root, origin),
      deferred,
    };
  }

  /** `work().then(f)`, `Promise.resolve().then(f)`, a thenable by its type: the chain's root (`base`) is surely a promise. */
  private isCertainPromise(node: Node, base: Node): boolean {
    if (this.context.options.isThenable?.(node) === true) return true;
    if (base.type === 'CallExpression') {
      const callee = skipTransparent(base.callee);
      if (callee.type === 'MemberExpression' && this.context.scope.isGlobalReference(skipTransparent(callee.object), 'Promise')) return true;
    }
    return (base.type === 'CallExpression' || base.type === 'NewExpression' || base.type === 'ImportExpression') && this.host.sources.isPromiseCall(base);
  }

  private deriveTask(leaked: Task, callee: FunctionNode, call: TSESTree.CallExpression): Task {
    return {
      root: leaked.root,
      origin: null,
      kind: leaked.kind,
      site: call,
      statement: this.current,
      hops: [...leaked.hops, { fn: callee, call, callStatement: this.current }],
      resources: this.resourcesOf(call),
      joinable: false,
      handle: null,
      afterYield: this.yielded,
      offloaded: leaked.offloaded,
      certain: leaked.certain,
      deferred: null,
    };
  }

  /** The receiver and the plain-name arguments of a call: what a close of them would pull away. */
  private resourcesOf(node: Node): ReadonlySet<string> {
    const keys = new Set<string>();
    if (node.type !== 'CallExpression' && node.type !== 'NewExpression') return keys;
    // `once(stream, 'close')` waits for the close: closing `stream` is what settles it.
    if (this.host.sources.isPureWait(node)) return keys;
    const callee = skipTransparent(node.callee);
    // A FileHandle's `close()` waits for the operations already started on it: they do not lose it.
    if (callee.type === 'MemberExpression' && !this.host.sources.isFileHandleMethod(callee)) {
      const key = getResourceKey(callee.object, this.context);
      if (key !== null) keys.add(key);
    }
    for (const argument of node.arguments) {
      const key = getResourceKey(argument, this.context);
      if (key !== null) keys.add(key);
    }
    return keys;
  }

  // ── starvation ──────────────────────────────────────────────────────────────────────────────────

  /**
   * A promise call whose value is handed on (`queue.push(work())`, `[a(), b()]`): its work has started,
   * whoever ends up holding it. The elements of a joiner's list are the joiner's own task.
   */
  private startsEscapedTask(call: TSESTree.CallExpression): boolean {
    const list = call.parent?.type === 'ArrayExpression' ? call.parent : null;
    if (list && list.parent && isJoinerCall(list.parent, this.context)) return false;
    return this.host.sources.isPromiseCall(call) && !this.host.sources.isKnownSafe(call) && !this.host.sources.isPureWait(call);
  }

  /** The owner blocks the event loop here: every task still pending cannot take a step meanwhile. */
  private blockEvent(state: FlowState, node: Node, blocking: Blocking, through: BlockingSite['through']): void {
    if (state.dead) return;
    const site: BlockingSite = {
      ...this.context.position(node),
      kind: blocking.kind,
      durationMs: blocking.durationMs,
      through: through ? { range: through.range, line: through.line, text: through.text, kind: through.kind, durationMs: through.durationMs } : null,
    };
    if (!this.yielded) this.mayBlock ??= site;
    else this.blocksLater ??= site;
    for (const task of [...state.pending.keys(), ...state.escaped]) {
      const key = `${task.root.range[0]}:${task.root.range[1]}`;
      if (task.offloaded || this.starved.has(key)) continue;
      this.starved.add(key);
      this.starvations.push({ task, block: site });
    }
  }

  // ── lifetime ends ───────────────────────────────────────────────────────────────────────────────

  private endPosition(node: Node): Position {
    return this.context.position(node);
  }

  /** An exit at `node` (`at`), made by a callee (`through`: its own exit) or by `node` itself. */
  private exitEnd(state: FlowState, node: Node, at: Position, through: Pick<OwnerResult, 'mayExit' | 'exitNode'> | null): void {
    if (state.dead) return;
    if (this.mayExit === null) {
      this.mayExit = through?.mayExit ?? at;
      this.exitNode = through?.exitNode ?? node;
    }
    if (!this.context.options.lifetimeEnds.exit) return;
    this.lifetimeEnd(state, { ...at, kind: 'exit', through: through?.mayExit ?? null, implicit: false }, node);
  }

  private closeEnd(state: FlowState, node: Node, key: string, name: string): void {
    if (state.dead) return;
    if (!this.context.options.lifetimeEnds.resourceClose) return;
    if (this.drains.some((drain) => drain.key === key && drain.offset > node.range[0])) return;
    const end: LifetimeEnd = {
      ...this.endPosition(node),
      kind: 'resource-close',
      resource: name,
      implicit: false,
      disposal: false,
    };
    for (const [task, partial] of state.pending) {
      if (task.resources.has(key)) this.addFinding({ task, end, partial, endNode: node, endStatement: this.current });
    }
  }

  /** The `using` resources of a block are disposed (in reverse order) when control leaves it at `offset`. */
  private disposeResources(
    state: FlowState,
    resources: ReadonlyArray<{ key: string; name: string; node: Node }>,
    offset: number,
    leaving: Node | null = null,
  ): FlowState {
    for (const resource of [...resources].reverse()) {
      if (!this.context.options.lifetimeEnds.resourceClose) break;
      const end: LifetimeEnd = {
        ...this.endPosition(resource.node),
        line: this.context.lineAt(offset),
        kind: 'resource-close',
        resource: resource.name,
        // Leaving by `return`/`throw` disposes right there; otherwise at the block's closing brace.
        implicit: leaving === null,
        disposal: true,
      };
      for (const [task, partial] of state.pending) {
        // Disposed by the `return` or `throw` that leaves the block, or at its closing brace (where the declaration says which block).
        if (task.resources.has(resource.key))
          this.addFinding({ task, end, partial, endNode: leaving ?? resource.node, endStatement: leaving ? this.current : null });
      }
    }
    return state;
  }

  private handlerEnd(node: Node | null, implicit: boolean, response = false): LifetimeEnd {
    const owner = this.owner;
    const position: Position = {
      range: node ? node.range : [owner.range[1] - 1, owner.range[1]],
      line: node ? this.context.lineAt(node.range[0]) : this.context.lineAt(owner.range[1] - 1),
      text: node ? this.context.displayText(node) : '}',
    };
    if (this.role.kind !== 'handler') return { ...position, kind: 'test-end', implicit };
    return { ...position, kind: 'handler-end', runtime: this.role.runtime, extender: this.role.extender, implicit, response };
  }

  /** Leaving the owner by `return`, `throw` or its last statement: `finally` blocks run, then the role decides. */
  /**
   * `try { return work(); } finally { … }`, `using db = …; return db.query();`: the returned work is the
   * caller's only once the `finally` blocks have run and the resources are disposed, so it is pending
   * through them: blocking there starves it, an exit kills it, a disposal closes what it uses.
   */
  private returnThroughFinalizers(argument: Node, state: FlowState, node: TSESTree.ReturnStatement): void {
    const values = new Set(returnedValues(argument));
    const handedOver = new Set<Task>();
    for (const value of values) {
      const root = this.unchain(value).root;
      if (root.type === 'Identifier') for (const task of this.handleTasks(root, state)) handedOver.add(task);
    }
    const before = new Set(state.pending.keys());
    const after = this.dropped(argument, state);
    for (const task of after.pending.keys()) if (!before.has(task) && values.has(skipTransparent(task.site))) handedOver.add(task);
    this.exitOwner(after, node, handedOver);
  }

  private exitOwner(state: FlowState, node: Node | null, handedOver: ReadonlySet<Task> = new Set(), exceptional = false): void {
    let current: FlowState | null = state;
    for (let index = this.finalizers.length - 1; index >= 0 && current; index--) {
      const finalizer = this.finalizers[index];
      if (!finalizer) continue;
      if (finalizer.kind === 'finally') {
        const saved = this.finalizers.splice(index);
        current = this.statements(finalizer.block.body, current.clone());
        this.finalizers.push(...saved);
      } else if (finalizer.resources.length > 0) {
        current = this.disposeResources(current.clone(), finalizer.resources, node ? node.range[0] : this.owner.range[1] - 1, node);
      }
    }
    if (!current || current.dead) return;
    for (const task of handedOver) current.join(task);
    this.ownerEnd(current, node, exceptional);
  }

  /**
   * A returned value: the caller takes it over, except from a process `exit` listener, whose value
   * Node drops (a returned handle stays pending there).
   */
  private returned(argument: Node, state: FlowState): FlowState {
    return this.role.kind === 'exit-listener' ? this.dropped(argument, state) : this.dispose(argument, state);
  }

  /** A value nobody waits for: a handle in it stays pending (`t`), a promise it starts floats (`work()`). */
  private dropped(argument: Node, state: FlowState): FlowState {
    return skipTransparent(argument).type === 'Identifier' ? state : this.floating(argument, state, 'statement');
  }

  /**
   * An `await` in a process `exit` listener hands control back to Node, which exits: the awaited work
   * and everything still pending die there, and nothing after it runs.
   */
  private exitListenerAwait(node: TSESTree.AwaitExpression, state: FlowState): FlowState {
    if (this.listenerStopped) return state;
    const after = this.dropped(node.argument, state);
    this.listenerStopped = true;
    if (this.context.options.lifetimeEnds.exit) this.lifetimeEnd(after, this.exitListenerEnd(node), node);
    after.pending.clear();
    return after;
  }

  private exitListenerEnd(node: Node | null): LifetimeEnd {
    const position = node
      ? this.context.position(node)
      : { range: [this.owner.range[1] - 1, this.owner.range[1]] as Range, line: this.context.lineAt(this.owner.range[1] - 1), text: '}' };
    return {
      ...position,
      kind: 'exit-listener',
      implicit: node === null,
      atAwait: node?.type === 'AwaitExpression',
    };
  }

  /**
   * The owner's world ends here: by `return`, its last statement, or (`exceptional`) an uncaught throw.
   * A handler or test that throws has failed, visibly: what it leaves pending is not reported there.
   */
  private ownerEnd(state: FlowState, node: Node | null, exceptional = false): void {
    if (this.owner.type === 'Program' || state.dead) return;
    const role = this.role;
    // A handler, test or listener returns too (a same-file caller may call it), but leaves its callers nothing.
    if (role.kind !== 'plain') (exceptional ? this.throws : this.returns).push(new Set());
    if (role.kind === 'exit-listener') {
      // Stopped at an `await`: what comes after it never runs.
      if (!this.listenerStopped && this.context.options.lifetimeEnds.exit) {
        const leaving = node?.type === 'ReturnStatement' || node?.type === 'ThrowStatement' ? node : null;
        this.lifetimeEnd(state, this.exitListenerEnd(leaving), leaving);
      }
      return;
    }
    if (role.kind === 'handler' || role.kind === 'test') {
      if (exceptional) return;
      const enabled = role.kind === 'handler' ? this.context.options.lifetimeEnds.handlerEnd : this.context.options.lifetimeEnds.testEnd;
      if (enabled) {
        const returning = node?.type === 'ReturnStatement' ? node : null;
        this.lifetimeEnd(state, this.handlerEnd(returning, returning === null), returning);
      }
      return;
    }
    const must = state.mustPending();
    if (exceptional) this.throws.push(must);
    else {
      this.returns.push(must);
      if (must.size < state.pending.size) this.mayLeak = true;
    }
  }

  /** `end`, at `node` (null for an implicit end), ends the world of every task still pending. */
  private lifetimeEnd(state: FlowState, end: LifetimeEnd, node: Node | null): void {
    if (state.dead) return;
    for (const [task, partial] of state.pending) this.addFinding({ task, end, partial, endNode: node, endStatement: end.implicit ? null : this.current });
  }

  private addFinding(finding: Omit<RawFinding, 'laterEnds'>): void {
    const key = `${finding.task.root.range[0]}:${finding.task.root.range[1]}`;
    const first = this.reported.get(key);
    if (first) {
      // One report per task, at the first end; the others are where its fix must join too.
      if (!first.ends.has(finding.end.range[0])) {
        first.ends.add(finding.end.range[0]);
        first.finding.laterEnds.push({ end: finding.end, node: finding.endNode, endStatement: finding.endStatement });
      }
      return;
    }
    const raw: RawFinding = { ...finding, laterEnds: [] };
    this.reported.set(key, { finding: raw, ends: new Set([finding.end.range[0]]) });
    this.findings.push(raw);
  }
}

const SYNCHRONOUS_ITERATION = new Set([
  'forEach',
  'map',
  'flatMap',
  'filter',
  'some',
  'every',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
  'reduce',
  'reduceRight',
  'sort',
]);

/** Array-like methods that call their callback before they return. */
export function isSynchronousIteration(name: string | null): boolean {
  return name !== null && SYNCHRONOUS_ITERATION.has(name);
}

/** A statement that is, or ends with, an `await` of its whole expression (`await t;`, `const x = await t;`). */
function endsInAwait(statement: Node | undefined): boolean {
  if (!statement) return false;
  if (statement.type === 'ExpressionStatement') return skipTransparent(statement.expression).type === 'AwaitExpression';
  if (statement.type === 'VariableDeclaration')
    return statement.declarations.every((declarator) => declarator.init !== null && skipTransparent(declarator.init).type === 'AwaitExpression');
  return false;
}

/** `x = …`, `x += …`, `x++`: the identifier is written here. */
function isWrite(reference: TSESTree.Identifier): boolean {
  const parent = reference.parent;
  return (parent?.type === 'AssignmentExpression' && parent.left === reference) || parent?.type === 'UpdateExpression';
}

function within(node: Node, container: Node): boolean {
  return node.range[0] >= container.range[0] && node.range[1] <= container.range[1];
}

/** `() => {}`, `function () {}`, `null`: a callback that does nothing. */
function isEmptyCallback(argument: Node): boolean {
  const value = skipTransparent(argument);
  if (value.type === 'Literal' && value.value === null) return true;
  if (!isFunction(value)) return false;
  return value.body.type === 'BlockStatement' ? value.body.body.length === 0 : value.body.type === 'Identifier' && value.body.name === 'undefined';
}

function isLoop(node: Node): boolean {
  return (
    node.type === 'ForStatement' ||
    node.type === 'ForInStatement' ||
    node.type === 'ForOfStatement' ||
    node.type === 'WhileStatement' ||
    node.type === 'DoWhileStatement'
  );
}

export type { Range };

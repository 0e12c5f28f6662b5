import type { TSESTree } from '@typescript-eslint/types';
import { skipTransparent, visitOwnBody, type Node, type Range } from '../syntax/ast';
import { type Blocking } from './blocking';
import { ExpressionFlow } from './expression-flow';
import { getDrainedResource } from './lifetime-ends';
import type { BlockingSite, LifetimeEnd, Position } from './model';
import { isJoinerCall } from './promise-chains';
import {
  FlowState,
  intersect,
  isCertain,
  isLive,
  liveCount,
  taskId,
  type ClosedResource,
  type OwnerResult,
  type RawFinding,
  type RawStarvation,
  type Task,
} from './walk-state';

/*
 * The walk of one owner, end to end: the lifetime ends (an exit, a close, a disposal, a handler's or
 * test's return, an `exit` listener's end) that turn pending tasks into findings, blocking that starves
 * them, and what a plain function leaves its callers (the owner's result).
 */

/** The expressions whose value a `return` hands over: both branches of `a ? b : c`, either side of `a || b`… */
function returnedValues(expression: Node): Node[] {
  const node = skipTransparent(expression);
  if (node.type === 'ConditionalExpression') return [...returnedValues(node.consequent), ...returnedValues(node.alternate)];
  if (node.type === 'LogicalExpression') return [...returnedValues(node.left), ...returnedValues(node.right)];
  if (node.type === 'SequenceExpression') return returnedValues(node.expressions[node.expressions.length - 1]!);
  return [node];
}

export class OwnerWalker extends ExpressionFlow {
  protected readonly findings: RawFinding[] = [];
  /** The finding of each task reported here, with the starts of the ends it was found at. */
  protected readonly reported = new Map<string, { readonly finding: RawFinding; readonly ends: Set<number> }>();
  /** The must-pending tasks at each normal return, and at each exit by an uncaught throw. */
  protected readonly returns: Array<Set<Task>> = [];
  protected readonly throws: Array<Set<Task>> = [];
  protected mayLeak = false;
  protected mayExit: Position | null = null;
  /** Some exit comes after the owner first yields (in the order of the walk): its callers go on before it. */
  protected exitsAfterYield = false;
  /** What each normal return has closed (`FlowState.closed`). */
  protected readonly returnsClosed: Array<ReadonlyMap<string, ClosedResource>> = [];
  /** What some path closes. */
  protected readonly closedOnSomePath = new Set<string>();
  protected exitNode: Node | null = null;
  /** A process `exit` listener reached its first `await`: Node has exited. */
  protected listenerStopped = false;
  protected mayBlock: BlockingSite | null = null;
  protected blocksLater: BlockingSite | null = null;
  protected readonly starvations: RawStarvation[] = [];
  protected readonly starved = new Set<string>();
  /** Drain calls of the owner (`r.onIdle()`, …), found before the walk: a close they follow only stops intake. */
  protected readonly drains: Array<{ key: string; offset: number }> = [];

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
    const everyReturn = intersect(this.returns);
    const [firstClosed, ...otherClosed] = this.returnsClosed;
    const closes = [...(firstClosed?.values() ?? [])].flatMap((closed) => {
      const others = otherClosed.map((other) => other.get(closed.key));
      if (others.some((other) => other === undefined)) return [];
      return [{ ...closed, afterYield: closed.afterYield || others.some((other) => other!.afterYield) }];
    });
    return {
      findings: this.findings,
      starvations: this.starvations,
      leaks: everyReturn.filter(isCertain),
      // A return that leaves more than the others (`if (skip) return;` before the work starts) is a path known arguments may select.
      mayLeak: this.mayLeak || this.returns.some((pending) => liveCount(pending) > liveCount(everyReturn)),
      throwLeaks: intersect(this.throws).filter(isCertain),
      neverReturns: this.returns.length === 0 && owner.type !== 'Program' && !owner.generator,
      exitsAtOnce:
        this.returns.length === 0 && this.throws.length === 0 && this.mayExit !== null && !this.exitsAfterYield && owner.type !== 'Program' && !owner.generator,
      mayExit: this.mayExit,
      exitsAfterYield: this.exitsAfterYield,
      closes,
      mayClose: this.closedOnSomePath.size > closes.length,
      exitNode: this.exitNode,
      mayBlock: this.mayBlock,
      blocksLater: this.blocksLater,
    };
  }

  /**
   * A promise call whose value is handed on (`queue.push(work())`, `[a(), b()]`): its work has started,
   * whoever ends up holding it. The elements of a joiner's list are the joiner's own task.
   */
  protected startsEscapedTask(call: TSESTree.CallExpression): boolean {
    // Work that left the owner's hands matters only to a blocking call after it: without one, not asked (nor typed).
    if (!this.host.mayBlock(this.owner)) return false;
    const list = call.parent?.type === 'ArrayExpression' ? call.parent : null;
    if (list && list.parent && isJoinerCall(list.parent, this.context)) return false;
    return this.host.sources.isPromiseCall(call) && !this.host.sources.isKnownSafe(call) && !this.host.sources.isPureWait(call);
  }

  /** The owner blocks the event loop here: every task still pending cannot take a step meanwhile. */
  protected blockEvent(state: FlowState, node: Node, blocking: Blocking, through: BlockingSite['through']): void {
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
      const id = taskId(task);
      if (task.offloaded || task.kind === 'buffered' || this.starved.has(id) || !isLive(task)) continue;
      this.starved.add(id);
      this.starvations.push({ task, block: site });
    }
  }

  protected endPosition(node: Node): Position {
    return this.context.position(node);
  }

  /** An exit at `node` (`at`), made by a callee (`through`: its own exit) or by `node` itself. */
  protected exitEnd(state: FlowState, node: Node, at: Position, through: Pick<OwnerResult, 'mayExit' | 'exitNode' | 'exitsAfterYield'> | null): void {
    if (state.dead) return;
    // `await h()` where `h()` exits after its own `await`: this owner has yielded by then too.
    if (this.yielded || through?.exitsAfterYield) this.exitsAfterYield = true;
    if (this.mayExit === null) {
      this.mayExit = through?.mayExit ?? at;
      this.exitNode = through?.exitNode ?? node;
    }
    if (!this.context.options.lifetimeEnds.exit) return;
    this.lifetimeEnd(state, { ...at, kind: 'exit', through: through?.mayExit ?? null, implicit: false }, node);
  }

  /** `afterYield`: the close comes while this owner awaits (an awaited callee's close after its own yield). */
  protected closeEnd(state: FlowState, node: Node, key: string, name: string, afterYield = false): void {
    if (state.dead) return;
    if (state.closed.get(key)?.afterYield !== false) state.closed.set(key, { key, name, afterYield: afterYield || this.yielded });
    this.closedOnSomePath.add(key);
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
  protected disposeResources(
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

  protected handlerEnd(node: Node | null, implicit: boolean, response = false): LifetimeEnd {
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
  protected returnThroughFinalizers(argument: Node, state: FlowState, node: TSESTree.ReturnStatement): void {
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

  protected exitOwner(state: FlowState, node: Node | null, handedOver: ReadonlySet<Task> = new Set(), exceptional = false): void {
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
  protected returned(argument: Node, state: FlowState): FlowState {
    return this.role.kind === 'exit-listener' ? this.dropped(argument, state) : this.dispose(argument, state);
  }

  /** A value nobody waits for: a handle in it stays pending (`t`), a promise it starts floats (`work()`). */
  protected dropped(argument: Node, state: FlowState): FlowState {
    return skipTransparent(argument).type === 'Identifier' ? state : this.floating(argument, state, 'statement');
  }

  /**
   * An `await` in a process `exit` listener hands control back to Node, which exits: the awaited work
   * and everything still pending die there, and nothing after it runs.
   */
  protected exitListenerAwait(node: TSESTree.AwaitExpression, state: FlowState): FlowState {
    if (this.listenerStopped) return state;
    const after = this.dropped(node.argument, state);
    this.listenerStopped = true;
    if (this.context.options.lifetimeEnds.exit) this.lifetimeEnd(after, this.exitListenerEnd(node), node);
    after.pending.clear();
    return after;
  }

  protected exitListenerEnd(node: Node | null): LifetimeEnd {
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
  protected ownerEnd(state: FlowState, node: Node | null, exceptional = false): void {
    if (this.owner.type === 'Program' || state.dead) return;
    const role = this.role;
    if (!exceptional) this.returnsClosed.push(state.closed);
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
      if (liveCount(must) < liveCount(state.pending.keys())) this.mayLeak = true;
    }
  }

  /** `end`, at `node` (null for an implicit end), ends the world of every task still pending. */
  protected lifetimeEnd(state: FlowState, end: LifetimeEnd, node: Node | null): void {
    if (state.dead) return;
    for (const [task, partial] of state.pending) this.addFinding({ task, end, partial, endNode: node, endStatement: end.implicit ? null : this.current });
  }

  protected addFinding(finding: Omit<RawFinding, 'laterEnds'>): void {
    if (!isLive(finding.task)) return;
    // Queued events are lost when the process ends or the runtime freezes; a test's end or a close does not send or drop them.
    if (finding.task.kind === 'buffered' && finding.end.kind !== 'exit' && finding.end.kind !== 'handler-end') return;
    const id = taskId(finding.task);
    const first = this.reported.get(id);
    if (first) {
      // One report per task, at the first end; the others are where its fix must join too.
      if (!first.ends.has(finding.end.range[0])) {
        first.ends.add(finding.end.range[0]);
        first.finding.laterEnds.push({ end: finding.end, node: finding.endNode, endStatement: finding.endStatement });
      }
      return;
    }
    const raw: RawFinding = { ...finding, laterEnds: [] };
    this.reported.set(id, { finding: raw, ends: new Set([finding.end.range[0]]) });
    this.findings.push(raw);
  }
}

import type { TSESTree } from '@typescript-eslint/types';
import { forEachChild, getPropertyName, isFunction, skipTransparent, type FunctionNode, type Node } from '../syntax/ast';
import { parameterValues } from '../syntax/constant-value';
import type { Binding } from '../syntax/scope';
import { getBlockingCall } from './blocking';
import { bufferedCall, buffersFlushedInCallbacks, flushedBuffer, flushesBuffer, mayFlush } from './buffered-clients';
import { getClosedResource, getDrainedResource, isExitCall, isExtenderCall } from './lifetime-ends';
import type { LifetimeEnd, TaskKind } from './model';
import { getChainMethod, isJoinerCall } from './promise-chains';
import { resolveCallee, resolveExternalCallee } from './resolve-callee';
import { carriedResources, TaskTracking } from './task-tracking';
import { FlowState, type OwnerResult, type Task } from './walk-state';

/*
 * The lifetime transfer functions of expressions: what a statement that drops a promise, a declaration, an
 * `await`, a call (of a same-file function, another module's, an exit, a close, a blocking call) and a
 * promise chain do to the pending tasks.
 */

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
function isSynchronousIteration(name: string | null): boolean {
  return name !== null && SYNCHRONOUS_ITERATION.has(name);
}

const RESPONSE_METHODS = new Set(['send', 'json', 'end', 'sendStatus', 'redirect', 'render', 'sendFile', 'download']);

export abstract class ExpressionFlow extends TaskTracking {
  /** The call `dispose` is evaluating: its promise is awaited, returned or handed over. */
  protected awaitedCall: Node | null = null;

  protected abstract closeEnd(state: FlowState, node: Node, key: string, name: string, afterYield?: boolean): void;
  protected abstract exitListenerAwait(node: TSESTree.AwaitExpression, state: FlowState): FlowState;
  protected abstract handlerEnd(node: Node | null, implicit: boolean, response?: boolean): LifetimeEnd;
  protected abstract lifetimeEnd(state: FlowState, end: LifetimeEnd, node: Node | null): void;
  protected abstract startsEscapedTask(call: TSESTree.CallExpression): boolean;

  protected expressionStatement(expression: Node, state: FlowState): FlowState {
    const node = skipTransparent(expression);
    if (node.type === 'UnaryExpression' && node.operator === 'void') return this.floating(node.argument, state, 'void');
    if (node.type === 'AssignmentExpression' && node.operator === '=' && node.left.type === 'Identifier') {
      const binding = this.localBinding(node.left);
      if (binding) return this.bindHandle(binding, node.right, state);
    }
    return this.floating(node, state, 'statement');
  }

  protected declarator(declarator: TSESTree.VariableDeclarator, state: FlowState): FlowState {
    if (!declarator.init) return state;
    const binding = declarator.id.type === 'Identifier' ? this.localBinding(declarator.id) : null;
    if (binding && binding.kind !== 'using') return this.bindHandle(binding, declarator.init, state);
    return this.value(declarator.init, state);
  }

  /** `const t = work()` / `t = work()`: the binding becomes the task's handle (of each branch's task, for `c ? a() : b()`). */
  protected bindHandle(binding: Binding, init: Node, state: FlowState): FlowState {
    this.handles.set(binding, []);
    return this.bindBranch(binding, init, state);
  }

  protected bindBranch(binding: Binding, init: Node, state: FlowState): FlowState {
    const value = skipTransparent(init);
    if (value.type === 'ConditionalExpression') {
      return this.conditional(value, state, (branch, tested) => this.bindBranch(binding, branch, tested));
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
    const { state: after, isPromise: answer } = this.rootCall(chain.root, state, true);
    const result = this.chainArguments(chain, after, null);
    const { sources } = this.host;
    if (answer === 'types' && chain.links.length === 0) {
      // `const schema = z.object(…)`: most such names are no promise, and a handle awaited before any end never
      // matters; its type is asked only when the task does (most of a typed run's cost otherwise).
      const root = chain.root;
      if (this.waitsOnly(chain)) return result;
      const task = this.createTask(root, value, 'unjoined-handle', binding, () => sources.isThenable(root) === true && !sources.isKnownSafe(root));
      result.pending.set(task, false);
      this.name(binding, task);
      return result;
    }
    const isPromise = answer === 'types' ? sources.isThenable(chain.root) === true : answer;
    const root = isPromise && !this.waitsOnly(chain) ? chain.root : chain.links.length > 0 && !isPromise && !this.catchesSettled(chain) ? value : null;
    if (root && !sources.isKnownSafe(chain.root) && !chain.defersExit) {
      const task = this.createTask(root, value, 'unjoined-handle', binding);
      result.pending.set(task, false);
      this.name(binding, task);
    }
    return result;
  }

  /** A promise-valued expression whose value is dropped: a statement, or `void expression`. */
  protected floating(expression: Node, state: FlowState, mode: 'statement' | 'void'): FlowState {
    const node = skipTransparent(expression);
    switch (node.type) {
      case 'LogicalExpression':
        // `ready && work();`: the right side is dropped on the path that runs it.
        return this.logical(node, this.value(node.left, state), (left) => this.floating(node.right, left, mode));
      case 'ConditionalExpression':
        return this.conditional(node, state, (branch, tested) => this.floating(branch, tested, mode));
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
    // `main().finally(() => process.exit(0))`: the exit waits for `main()`, by which time the work `main()`
    // starts after its first `await` (and leaves pending when it settles) has started too.
    const deferred = chain.defersExit && isPromise && this.lastDeferred?.call === chain.root ? this.lastDeferred : null;
    const after = this.chainArguments(chain, afterRoot, null);
    if (deferred) for (const leaked of deferred.leaks) after.pending.set(this.deriveTask(leaked, deferred.callee, deferred.call, true), false);
    if (chain.defersExit) this.deferredExit(after, chain.links);
    // `Promise.resolve().then(next)`: the root is settled, but the chained callbacks are work still to run.
    const root = isPromise && !this.waitsOnly(chain) ? chain.root : chain.links.length > 0 && !isPromise && !this.catchesSettled(chain) ? node : null;
    if (!root && mode === 'statement' && chain.links.length === 0 && node.type === 'CallExpression') this.queued(node, after);
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
   * `work().finally(() => process.exit(0))`: the exit waits for `work()`, but not for anything else
   * still pending here, which it ends all the same.
   */
  protected deferredExit(state: FlowState, links: readonly TSESTree.CallExpression[]): void {
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
  protected exits(argument: Node): boolean {
    const fn = skipTransparent(argument);
    return isFunction(fn) && this.host.ownerResult(fn).mayExit !== null;
  }

  /**
   * An expression whose value is taken over: awaited, returned, yielded, or handed to an extender.
   * Handles in it are joined; anything else is evaluated as a plain value.
   */
  protected dispose(expression: Node, state: FlowState): FlowState {
    const node = skipTransparent(expression);
    switch (node.type) {
      case 'Identifier': {
        const tasks = this.handleTasks(node, state);
        const at = node.parent?.type === 'AwaitExpression' ? node.parent : node;
        for (const task of tasks) this.join(state, task, at);
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
        return this.conditional(node, state, (branch, tested) => this.dispose(branch, tested));
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
  protected value(expression: Node, state: FlowState, keep: ReadonlySet<Task> | null = null): FlowState {
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
        return this.conditional(node, state, (branch, tested) => this.value(branch, tested, keep), keep);
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

  /**
   * `posthog.capture(event);`: the event waits in the client's queue until a flush sends it, so the queue is a
   * task (one per client, however many events) that only the client's flush joins.
   */
  private queued(call: TSESTree.CallExpression, state: FlowState): void {
    const buffered = bufferedCall(call, this.context);
    if (!buffered || buffersFlushedInCallbacks(this.context).has(buffered.key) || this.host.sources.isKnownSafe(call)) return;
    if ([...state.pending.keys()].some((task) => task.kind === 'buffered' && this.bufferOf(task) === buffered.key)) return;
    state.pending.set({ ...this.createTask(call, call, 'buffered', null), certain: true }, false);
  }

  private bufferOf(task: Task): string | null {
    return task.root.node.type === 'CallExpression' ? (bufferedCall(task.root.node, this.context)?.key ?? null) : null;
  }

  /** A flush of a client's queue (or a call that may be one) joins the queued events. */
  private flushBuffers(call: TSESTree.CallExpression, state: FlowState): void {
    const buffers = [...state.pending.keys()].filter((task) => task.kind === 'buffered');
    if (buffers.length === 0) return;
    const flushed = flushedBuffer(call, this.context);
    const target = resolveCallee(call, this.context);
    const unknown = flushed === null && !target && mayFlush(call);
    for (const task of buffers) {
      const key = this.bufferOf(task);
      if (unknown || (key !== null && (key === flushed || (target !== null && flushesBuffer(target, key, this.context))))) state.settle(task);
    }
  }

  protected call(node: TSESTree.CallExpression, state: FlowState, keep: ReadonlySet<Task> | null = null): FlowState {
    const awaited = this.awaitedCall === node;
    let current = this.value(node.callee, state, keep);
    const extender = isExtenderCall(node, this.context);
    for (const argument of node.arguments) current = extender ? this.dispose(argument, current) : this.value(argument, current, keep);
    this.flushBuffers(node, current);
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
      // `shutdown()` that calls `db.close()` before it yields closes `db` for this owner too (the caller's own
      // `db`); awaited, so does a close after its yield, while this owner waits.
      for (const closed of result.closes) {
        if (closed.afterYield && !awaited) continue;
        if (carriedResources(new Set([closed.key]), target, node).length > 0) this.closeEnd(current, node, closed.key, closed.name, closed.afterYield);
      }
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
        else current.pending.set(this.deriveTask(leaked, target, node, this.yielded || (awaited && pendingPromise)), false);
      }
      const exits = result.mayExit && result.exitsAfterYield && pendingPromise && !awaited ? result : null;
      this.lastDeferred = deferred.length > 0 || exits ? { callee: target, call: node, leaks: deferred, exits } : null;
      // An exception the callee throws (or, awaited, the rejection of an async callee) carries what it left pending.
      const throwsHere = resolved !== null && (!target.async || awaited);
      if (throwsHere && result.throwLeaks.length > 0) {
        const thrown = current.clone();
        for (const leaked of result.throwLeaks) thrown.pending.set(this.deriveTask(leaked, target, node), false);
        this.raise(thrown, node);
      }
      // An async callee that exits before it first yields ends the process during the call, awaited or not.
      if ((throwsHere && result.neverReturns) || result.exitsAtOnce) current.dead = true;
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
  protected calleeResult(target: FunctionNode, call: TSESTree.CallExpression): OwnerResult {
    const general = this.host.ownerResult(target);
    if (!general.mayLeak && !general.mayClose && !general.mayExit && !general.mayBlock && !general.blocksLater && general.throwLeaks.length === 0)
      return general;
    const values = parameterValues(target, call, this.context.scope, this.values);
    return values.size === 0 ? general : this.host.ownerResult(target, values);
  }

  /** `items.forEach((item) => …)`: an inline callback that array-like methods run before they return. */
  protected synchronousCallback(node: TSESTree.CallExpression): FunctionNode | null {
    const callee = skipTransparent(node.callee);
    if (callee.type !== 'MemberExpression' || !isSynchronousIteration(getPropertyName(callee))) return null;
    const callback = node.arguments[0] && skipTransparent(node.arguments[0]);
    return callback && isFunction(callback) && !callback.async ? callback : null;
  }

  /** Class static blocks run where the class is defined. */
  protected staticBlocks(node: TSESTree.ClassDeclaration | TSESTree.ClassExpression, state: FlowState): FlowState {
    let current: FlowState | null = state;
    for (const member of node.body.body) {
      if (member.type === 'StaticBlock' && current) current = this.nested(member, current);
    }
    return current ?? state;
  }

  protected isResponseSend(node: TSESTree.CallExpression, response: Binding): boolean {
    const callee = skipTransparent(node.callee);
    if (callee.type !== 'MemberExpression' || !RESPONSE_METHODS.has(getPropertyName(callee) ?? '')) return false;
    let object = skipTransparent(callee.object);
    // `res.status(500).send()`
    while (object.type === 'CallExpression' && skipTransparent(object.callee).type === 'MemberExpression') {
      object = skipTransparent((skipTransparent(object.callee) as TSESTree.MemberExpression).object);
    }
    return object.type === 'Identifier' && this.context.scope.bindingOf(object) === response;
  }
}

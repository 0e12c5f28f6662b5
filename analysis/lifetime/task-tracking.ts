import type { TSESTree } from '@typescript-eslint/types';
import { getCalleeName, getPropertyName, isFunction, skipTransparent, visitOwnBody, type FunctionNode, type Node } from '../syntax/ast';
import type { Binding } from '../syntax/scope';
import { ControlFlowWalker } from './control-flow';
import { getResourceKey } from './lifetime-ends';
import { NO_VALUES, truthiness } from '../syntax/constant-value';
import type { Position, TaskKind } from './model';
import { getChainMethod, isJoinerCall } from './promise-chains';
import { resolveCallee } from './resolve-callee';
import { FlowState, isCertain, isLive, type OwnerResult, type Task } from './walk-state';

/*
 * Tasks and their handles: a task starts where a promise-valued call's completion is dropped or kept in
 * a variable, a callee's leftover work becomes the caller's task, a join (`await`, `Promise.all`, a shared
 * memoised promise) ends it, a race against other work leaves the loser running, a closure may use it.
 */

/** `() => {}`, `function () {}`, `null`: a callback that does nothing. */
function isEmptyCallback(argument: Node): boolean {
  const value = skipTransparent(argument);
  if (value.type === 'Literal' && value.value === null) return true;
  if (!isFunction(value)) return false;
  return value.body.type === 'BlockStatement' ? value.body.body.length === 0 : value.body.type === 'Identifier' && value.body.name === 'undefined';
}

export abstract class TaskTracking extends ControlFlowWalker {
  /** Whether some path has yielded to the event loop yet (blocking after that is not the callers' blocking). */
  protected yielded = false;
  protected readonly handles = new Map<Binding, Task[]>();
  /** The other way round: every name a task has been given (`const t = work(); const u = t.then(f)`). */
  protected readonly names = new Map<Task, Binding[]>();
  protected lastDeferred: Task['deferred'] = null;

  protected abstract call(node: TSESTree.CallExpression, state: FlowState, keep?: ReadonlySet<Task> | null): FlowState;
  protected abstract exits(argument: Node): boolean;
  protected abstract endPosition(node: Node): Position;
  protected abstract exitEnd(state: FlowState, node: Node, at: Position, through: Pick<OwnerResult, 'mayExit' | 'exitNode' | 'exitsAfterYield'> | null): void;

  /**
   * `ready().then(log); … await ready();` where `ready` memoises one promise: the awaited call is the earlier
   * call's promise, so what was chained on that settles first.
   */
  protected joinSharedPromise(call: TSESTree.CallExpression, state: FlowState): void {
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
  protected waitsOnly(chain: { root: Node; links: TSESTree.CallExpression[] }): boolean {
    return this.host.sources.isPureWait(chain.root) && chain.links.every((link) => link.arguments.every(isEmptyCallback));
  }

  /**
   * `await Promise.race([a(), b()])` (or `Promise.any`) of work against work: one settles, the others go on
   * running, so each stays pending (as `raced`, for a call) after the await. A race with a delay among its
   * entries, or an entry the analysis cannot tell from a delay, is a bounded wait by design: null, and the
   * caller joins the entries as `Promise.all` would.
   */
  protected racedWork(call: TSESTree.CallExpression, list: TSESTree.ArrayExpression, state: FlowState): FlowState | null {
    const method = getPropertyName(skipTransparent(call.callee) as TSESTree.MemberExpression);
    if ((method !== 'race' && method !== 'any') || list.elements.length < 2) return null;
    // `Promise.any([t, t])`: one entry, however often it is listed, is waited for.
    const names = new Set(list.elements.map((element) => (element?.type === 'Identifier' ? this.context.scope.bindingOf(element) : element)));
    if (names.size === 1) return null;
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
  protected unchain(node: Node): { root: Node; links: TSESTree.CallExpression[]; handlesRejection: boolean; defersExit: boolean } {
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

  protected chainArguments(chain: { links: TSESTree.CallExpression[] }, state: FlowState, keep: ReadonlySet<Task> | null): FlowState {
    let current = state;
    for (const link of chain.links) {
      for (const argument of link.arguments) current = this.value(argument, current, keep);
    }
    return current;
  }

  /**
   * `settled().catch(log)`, where `settled()` is an `async` function that never awaits: only rejection
   * handlers, on a promise that has resolved on every normal path, so nothing is left to run.
   */
  protected catchesSettled(chain: { root: Node; links: readonly TSESTree.CallExpression[] }): boolean {
    return chain.links.length > 0 && chain.links.every((link) => getChainMethod(link) === 'catch') && this.host.sources.settlesAtOnce(chain.root);
  }

  /**
   * Evaluates a call that may start a task; tells whether its value is a pending promise, or (with
   * `deferTypes`) `'types'` when only its type can tell (see `PromiseSources.promiseCallBySyntax`).
   */
  protected rootCall(node: Node, state: FlowState): { state: FlowState; isPromise: boolean };
  protected rootCall(node: Node, state: FlowState, deferTypes: true): { state: FlowState; isPromise: boolean | 'types' };
  protected rootCall(node: Node, state: FlowState, deferTypes = false): { state: FlowState; isPromise: boolean | 'types' } {
    const { sources } = this.host;
    const isPromise = (call: Node) => (deferTypes ? sources.promiseCallBySyntax(call) : sources.isPromiseCall(call));
    if (node.type === 'CallExpression') {
      const after = this.call(node, state);
      return { state: after, isPromise: isPromise(node) };
    }
    if (node.type === 'NewExpression' || node.type === 'ImportExpression') {
      return { state: this.value(node, state), isPromise: isPromise(node) };
    }
    return { state: this.value(node, state), isPromise: false };
  }

  /**
   * Joins a task; work it deferred (see `Task.deferred`) is pending in its turn. That work starts when the
   * callee resumes from its first `await`, a later turn of the event loop, so a caller of this owner that does
   * not await it never sees it start either (`afterYield`), however this owner joins it. `at`: where it is
   * joined (`await t`), if not at the call.
   */
  protected join(state: FlowState, task: Task, at: Node | null = null): void {
    if (!state.pending.has(task)) return;
    state.join(task);
    const { deferred } = task;
    if (!deferred) return;
    // `const t = h(); w(); await t;` where `h()` exits after its `await`: waiting for `t` waits for that exit.
    if (deferred.exits) this.exitEnd(state, at ?? deferred.call, this.endPosition(at ?? deferred.call), deferred.exits);
    for (const leaked of deferred.leaks) state.pending.set(this.deriveTask(leaked, deferred.callee, deferred.call, true), false);
  }

  protected name(binding: Binding, task: Task): void {
    this.handles.get(binding)?.push(task);
    const names = this.names.get(task);
    if (names) names.push(binding);
    else this.names.set(task, [binding]);
  }

  /**
   * A nested function or class: handles it mentions are joined (extender callbacks) or escape. Only
   * the tasks pending now are looked at, so the cost follows what is pending, not every handle so far.
   */
  protected closure(node: Node, state: FlowState, mode: 'join' | 'escape', keep: ReadonlySet<Task> | null = null): void {
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

  protected localBinding(id: TSESTree.Identifier): Binding | null {
    const binding = this.context.scope.bindingOf(id);
    return binding && binding.scope.owner === this.owner && binding.kind !== 'import' ? binding : null;
  }

  /**
   * The pending tasks a handle name stands for, where it is used as one (`await t`, `t.catch(log)`, `return t`):
   * a name whose call only its type can tell has that type asked here, and stands for no task if it is none.
   */
  protected handleTasks(id: Node, state: FlowState): Task[] {
    if (id.type !== 'Identifier') return [];
    const binding = this.context.scope.bindingOf(id);
    const tasks = binding ? this.handles.get(binding) : undefined;
    return tasks ? tasks.filter((task) => state.pending.has(task) && isLive(task)) : [];
  }

  /**
   * `promise`: for a task that is one only if its type says so, the question, asked the first time the task
   * matters (at an end, a block, a return) and never when it is joined before; see `isLive`.
   */
  protected createTask(root: Node, site: Node, kind: TaskKind, handle: Binding | null, promise?: () => boolean): Task {
    const subtest = this.host.sources.isNodeTestSubtest(root);
    // A subtest's handle is named for what it is (`subtestTask`), not for `t.test`.
    const calleeName = subtest ? 'subtest' : root.type === 'CallExpression' || root.type === 'NewExpression' ? getCalleeName(root) : null;
    const deferred = this.lastDeferred?.call === root ? this.lastDeferred : null;
    const origin = this.unchain(root).root;
    const task: Task = {
      root: { ...this.context.position(root), kind, siteRange: site.range, calleeName, subtest, node: root, siteNode: site },
      origin,
      kind,
      site,
      statement: this.current,
      hops: [],
      resources: new Set([...this.resourcesOf(root), ...this.returnedResources(root)]),
      joinable: true,
      handle,
      afterYield: this.yielded,
      offloaded: this.host.sources.isOffloaded(root),
      // Until its type is asked (`isCertain`).
      certain: promise ? false : this.isCertainPromise(root, origin),
      deferred,
    };
    if (!promise) return task;
    let known: boolean | undefined;
    return { ...task, promise: () => (known ??= promise()) };
  }

  /** `work().then(f)`, `Promise.resolve().then(f)`, a thenable by its type: the chain's root (`base`) is surely a promise. */
  protected isCertainPromise(node: Node, base: Node): boolean {
    if (this.host.sources.isThenable(node) === true) return true;
    if (base.type === 'CallExpression') {
      const callee = skipTransparent(base.callee);
      if (callee.type === 'MemberExpression' && this.context.scope.isGlobalReference(skipTransparent(callee.object), 'Promise')) return true;
    }
    return (base.type === 'CallExpression' || base.type === 'NewExpression' || base.type === 'ImportExpression') && this.host.sources.isPromiseCall(base);
  }

  /** `afterYield`: the caller has yielded before the task is pending in it (the call is awaited: it is there once the await resumes). */
  protected deriveTask(leaked: Task, callee: FunctionNode, call: TSESTree.CallExpression, afterYield = this.yielded): Task {
    return {
      root: leaked.root,
      origin: null,
      kind: leaked.kind,
      site: call,
      statement: this.current,
      hops: [...leaked.hops, { fn: callee, call, callStatement: this.current }],
      resources: new Set([...this.resourcesOf(call), ...carriedResources(leaked.resources, callee, call)]),
      joinable: false,
      handle: null,
      afterYield,
      offloaded: leaked.offloaded,
      certain: isCertain(leaked),
      deferred: null,
    };
  }

  /**
   * `function load() { return query(db); }`: the promise a same-file function returns is the work of the
   * calls it returns, and an `async` function's is also the work it awaits (`await query(db)`), so the call
   * uses what they use (as the caller sees it, see `carriedResources`).
   */
  protected returnedResources(node: Node, seen: Set<FunctionNode> = new Set()): string[] {
    if (node.type !== 'CallExpression') return [];
    const callee = resolveCallee(node, this.context);
    if (!callee || seen.has(callee)) return [];
    seen.add(callee);
    // `await h()` where `h()` returns `query(db)`: the work of helpers it returns or awaits, however deep.
    return this.returnedCalls(callee).flatMap((returned) =>
      carriedResources(new Set([...this.resourcesOf(returned), ...this.returnedResources(returned, seen)]), callee, node),
    );
  }

  /** The calls whose work `callee`'s promise is (see `returnedResources`), read once per function, not once per task. */
  private returnedCalls(callee: FunctionNode): readonly TSESTree.CallExpression[] {
    const known = RETURNED_CALLS.get(callee);
    if (known) return known;
    const returned: Node[] = [];
    if (callee.body.type !== 'BlockStatement') returned.push(callee.body);
    else
      visitOwnBody(callee.body, (inner) => {
        if (inner.type === 'ReturnStatement' && inner.argument && !this.neverRuns(inner, callee)) returned.push(inner.argument);
        if (callee.async && inner.type === 'AwaitExpression' && !this.neverRuns(inner, callee)) returned.push(inner.argument);
      });
    const callOf = (value: Node): TSESTree.CallExpression[] => {
      let expression = skipTransparent(value);
      // `const t = query(db); … await t`: the handle's call.
      if (expression.type === 'Identifier') {
        const definition = this.context.scope.bindingOf(expression)?.definition;
        if (definition?.type === 'VariableDeclarator' && definition.init) expression = skipTransparent(definition.init);
      }
      if (expression.type !== 'CallExpression') return [];
      // `await Promise.all([query(db), t])`: the work of its entries.
      const list = expression.arguments[0];
      if (list?.type === 'ArrayExpression' && isJoinerCall(expression, this.context))
        return list.elements.flatMap((element) => (element && element.type !== 'SpreadElement' ? callOf(element) : []));
      return [expression];
    };
    const calls = returned.flatMap(callOf);
    RETURNED_CALLS.set(callee, calls);
    return calls;
  }

  /** `if (false) { await query(db); }`: in a branch of `fn` whose constant condition never selects it. */
  private neverRuns(node: Node, fn: FunctionNode): boolean {
    for (let child = node, parent = node.parent; parent && child !== fn.body; child = parent, parent = parent.parent) {
      if (parent.type !== 'IfStatement' && parent.type !== 'ConditionalExpression') continue;
      if (child === parent.test) continue;
      const truth = truthiness(parent.test, this.context.scope, NO_VALUES);
      if (truth !== undefined && truth !== (child === parent.consequent)) return true;
    }
    return false;
  }

  /** The receiver and the plain-name arguments of a call: what a close of them would pull away. */
  protected resourcesOf(node: Node): ReadonlySet<string> {
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
}

/** Each function's returned (and, async, awaited) calls: a property of its tree alone. */
const RETURNED_CALLS = new WeakMap<FunctionNode, readonly TSESTree.CallExpression[]>();

/**
 * The resources a task left pending by `callee` keeps using in the caller: what it named outside the callee
 * (a module-level `db`, a binding of an enclosing function, a global), and `this.…` when the callee is called
 * on `this`. The callee's own parameters and locals mean nothing to the caller (its arguments stand for them).
 */
export function carriedResources(resources: ReadonlySet<string>, callee: FunctionNode, call: TSESTree.CallExpression): string[] {
  const onThis = (() => {
    const target = skipTransparent(call.callee);
    return target.type === 'MemberExpression' && skipTransparent(target.object).type === 'ThisExpression';
  })();
  return [...resources].filter((key) => {
    if (key.startsWith('this.')) return onThis;
    if (!key.startsWith('@')) return true;
    const at = Number(key.slice(1));
    return !(at >= callee.range[0] && at < callee.range[1]);
  });
}

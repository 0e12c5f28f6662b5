import type { TSESTree } from '@typescript-eslint/types';
import {
  forEachChild,
  visitOwnBody,
  getCalleeName,
  getDottedName,
  getPropertyName,
  isFunction,
  returnedValues,
  skipTransparent,
  type FunctionNode,
  type Node,
} from '../syntax/ast';
import type { FileContext } from './file-context';
import { getExpressionOrigin } from '../syntax/module-origin';
import { getChainMethod, isJoinerCall } from './promise-chains';
import type { OwnerRoles } from './owner-roles';
import { PlatformApis } from './platform-apis';
import { isNodeTestContext, isSynchronousAssertion } from './test-frameworks';
import { findObjectMember, getBindingFunction, resolveCallee, resolveExternalCallee, resolveMember } from './resolve-callee';
import { matchesSpecifier } from '../syntax/specifier';
import { declaredValuesOf } from './declared-values';

/*
 * Which expressions start asynchronous work, decided from syntax (and from types when the rule has
 * them). A false "yes" would be a false report, so the syntactic side only says yes for what is a
 * promise by construction: same-file async functions that still have work to do, the Promise API,
 * `import()`, the platform's promise APIs (platform-apis.ts), promisified functions, and the user's list.
 */

export type PromiseCall = TSESTree.CallExpression | TSESTree.NewExpression | TSESTree.ImportExpression;

export class PromiseSources {
  private readonly pendingReturn = new Map<FunctionNode, boolean>();
  private readonly platform: PlatformApis;

  constructor(
    private readonly context: FileContext,
    roles: OwnerRoles,
  ) {
    this.platform = new PlatformApis(context, roles);
  }

  private readonly offloadedFunctions = new Map<FunctionNode, boolean>();

  /**
   * A call whose work runs in a worker thread, so blocking this thread does not starve it: a
   * `…InWorker()` call (the codemod's offload), a same-file function that starts a `Worker`, or an
   * async function that only awaits such work.
   */
  isOffloaded(node: Node): boolean {
    const call = skipTransparent(node);
    if (call.type !== 'CallExpression') return false;
    const callee = skipTransparent(call.callee);
    const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? getPropertyName(callee) : null;
    if (name !== null && /InWorker$/.test(name)) return true;
    const target = resolveCallee(call, this.context);
    return target !== null && this.isOffloadedFunction(target);
  }

  private isOffloadedFunction(fn: FunctionNode): boolean {
    return perFunction(this.offloadedFunctions, fn, () => {
      let startsWorker = false;
      let awaits = 0;
      let awaitsOffloaded = 0;
      visitOwnBody(fn.body, (node) => {
        if (node.type === 'NewExpression') {
          const origin = getExpressionOrigin(node.callee, this.context.scope);
          if (origin?.source === 'worker_threads' && origin.path.at(-1) === 'Worker') startsWorker = true;
        }
        if (node.type === 'AwaitExpression') {
          awaits++;
          if (this.isOffloadedValue(node.argument)) awaitsOffloaded++;
        }
      });
      return startsWorker || (fn.async && awaits > 0 && awaits === awaitsOffloaded);
    });
  }

  private isOffloadedValue(node: Node): boolean {
    const value = skipTransparent(node);
    if (value.type === 'Identifier') {
      const definition = this.context.scope.bindingOf(value)?.definition;
      return definition?.type === 'VariableDeclarator' && definition.init !== null && this.isOffloaded(definition.init);
    }
    return this.isOffloaded(value);
  }

  private readonly waits = new Map<FunctionNode, boolean>();
  private readonly memoised = new Map<FunctionNode, boolean>();

  /**
   * A function that hands back one shared promise: every `return` gives a variable declared outside it or a
   * property (`return ready ??= init()`, `if (!this.p) this.p = load(); return this.p`). Two calls of it get
   * the same promise, so awaiting the later one waits for the earlier one too.
   */
  isMemoised(fn: FunctionNode): boolean {
    return perFunction(this.memoised, fn, () => {
      const values = returnedValues(fn);
      return values.length > 0 && values.every((value) => value !== null && this.isSharedValue(value, fn));
    });
  }

  /**
   * Whether two calls written alike may hand back one promise, so that awaiting the later waits for the
   * earlier: a memoised same-file function, or a method of an object nothing is known of (`app.ready()`), where
   * the analysis cannot tell the two promises apart and so does not claim the earlier one is still pending.
   */
  mayShareOnePromise(call: TSESTree.CallExpression): boolean {
    const target = resolveCallee(call, this.context);
    if (target) return this.isMemoised(target);
    const callee = skipTransparent(call.callee);
    if (callee.type !== 'MemberExpression' || getChainMethod(call) !== null) return false;
    return getExpressionOrigin(callee, this.context.scope) === null && resolveExternalCallee(call, this.context) === null && !this.platform.isPromiseCall(call);
  }

  /** A timer or a wait, by construction or by name (`timeout(ms)`, `delay(…)`): what a race is bounded by. */
  isDelay(node: Node): boolean {
    if (this.isPureWait(node)) return true;
    const expression = skipTransparent(node);
    const name = expression.type === 'CallExpression' || expression.type === 'NewExpression' ? getCalleeName(expression) : null;
    return name !== null && /sleep|delay|timeout|timer|wait|deadline/i.test(name);
  }

  private isSharedValue(node: Node, fn: FunctionNode): boolean {
    const value = skipTransparent(node);
    switch (value.type) {
      case 'Identifier': {
        const binding = this.context.scope.bindingOf(value);
        return binding !== null && binding.kind !== 'param' && binding.scope.owner !== fn;
      }
      case 'MemberExpression':
        return !value.computed || getPropertyName(value) !== null;
      case 'AssignmentExpression':
        return this.isSharedValue(value.left, fn);
      case 'LogicalExpression':
        return (
          this.isSharedValue(value.left, fn) &&
          (this.isSharedValue(value.right, fn) || (skipTransparent(value.right).type === 'AssignmentExpression' && this.isSharedValue(value.right, fn)))
        );
      default:
        return false;
    }
  }

  /**
   * A promise that stands for no work, only a wait: `once(emitter, 'close')` from `events`, `setTimeout(ms)`
   * from `timers/promises`, `new Promise((resolve) => setTimeout(resolve, ms))`, or a same-file helper that
   * returns one (`sleep(ms)`). Nothing is lost if it never settles, closing what it listens to is what it
   * waits for, and blocking the loop does not starve any work of it.
   */
  isPureWait(node: Node): boolean {
    const expression = skipTransparent(node);
    if (expression.type === 'NewExpression') return this.isTimerExecutor(expression);
    if (expression.type !== 'CallExpression') return false;
    const origin = getExpressionOrigin(expression.callee, this.context.scope);
    if (origin) {
      const last = origin.path.at(-1);
      if (origin.source === 'events' && last === 'once') return true;
      if (origin.source === 'util' && last === 'aborted') return true;
      const timer = last === 'setTimeout' || last === 'setImmediate' || last === 'wait' || last === 'yield';
      if (timer && (origin.source === 'timers/promises' || (origin.source === 'timers' && origin.path[0] === 'promises'))) return true;
    }
    const target = resolveCallee(expression, this.context);
    return target !== null && this.returnsOnlyWait(target);
  }

  /**
   * `(ms) => new Promise((r) => setTimeout(r, ms))`, `function sleep(ms) { return setTimeout(ms); }`: the call is
   * the wait itself. (An async function that awaits one runs code of its own once it has waited.)
   */
  private returnsOnlyWait(fn: FunctionNode): boolean {
    return perFunction(this.waits, fn, () => {
      if (fn.body.type !== 'BlockStatement') return this.isPureWait(fn.body);
      const [only] = fn.body.body;
      return fn.body.body.length === 1 && only?.type === 'ReturnStatement' && only.argument !== null && this.isPureWait(only.argument);
    });
  }

  /**
   * `new Promise(executor)` whose executor only schedules a timer that settles it, or only hands its
   * `resolve`/`reject` out (a deferred, settled by whoever calls them): it does no work of its own.
   */
  private isTimerExecutor(node: TSESTree.NewExpression): boolean {
    if (!this.context.scope.isGlobalReference(skipTransparent(node.callee), 'Promise')) return false;
    const executor = node.arguments[0] && skipTransparent(node.arguments[0]);
    if (!executor || !isFunction(executor) || executor.async) return false;
    const settlers = new Set(executor.params.flatMap((param) => (param.type === 'Identifier' ? [param.name] : [])));
    let other = false;
    const visit = (child: Node): void => {
      if (other) return;
      if (child.type === 'CallExpression') {
        const callee = skipTransparent(child.callee);
        if (callee.type === 'Identifier' && (callee.name === 'setTimeout' || callee.name === 'setImmediate') && this.context.scope.isGlobalReference(callee)) {
          // a timer that settles it
        } else if (callee.type === 'Identifier' && settlers.has(callee.name)) {
          // resolve(…) / reject(…)
        } else if (callee.type === 'MemberExpression' && getPropertyName(callee) === 'unref') {
          // setTimeout(…).unref()
        } else other = true;
      }
      if (child.type === 'AwaitExpression' || child.type === 'YieldExpression') other = true;
      forEachChild(child, visit);
    };
    visit(executor.body);
    return !other;
  }

  /** A call on the user's allowlist of promises that may outlive their caller. */
  isKnownSafe(node: Node): boolean {
    const { options, scope } = this.context;
    if (node.type === 'CallExpression' && matchesSpecifier(node.callee, options.allowForKnownSafeCalls, scope)) return true;
    if (options.isKnownSafe) return options.isKnownSafe(node);
    return declaredValuesOf(this.context).hasKnownSafeType(node, options.allowForKnownSafePromises);
  }

  /**
   * A call of a same-file `async` function that never awaits: its promise has settled (resolved, on every
   * normal path) when the call returns, so a `.catch()` chained on it has nothing to run.
   */
  settlesAtOnce(node: Node): boolean {
    if (node.type !== 'CallExpression') return false;
    const target = resolveCallee(node, this.context);
    return target !== null && target.async && !target.generator && !this.returnsPendingPromise(target);
  }

  /** Whether a call (or `new`, or `import()`) evaluates to a promise whose work is not done yet. */
  isPromiseCall(node: Node): node is PromiseCall {
    const answer = this.promiseCallBySyntax(node);
    return answer === 'types' ? this.isThenable(node) === true : answer;
  }

  /**
   * `isPromiseCall`, except that where only the call's type can tell (the checker, or the declarations the
   * syntax reads), `'types'`: asking them costs most of a typed run, and a caller that may never need the
   * answer (a handle that is awaited before any end) asks later, or never.
   */
  promiseCallBySyntax(node: Node): boolean | 'types' {
    const { scope, options } = this.context;
    if (node.type === 'ImportExpression') return true;
    if (node.type === 'NewExpression') {
      return scope.isGlobalReference(skipTransparent(node.callee), 'Promise') || 'types';
    }
    if (node.type !== 'CallExpression') return false;
    if (isSettledPromise(node, this.context)) return false;
    if (this.isNodeTestSubtest(node)) return this.subtestKeepsRunning(node);
    const target = resolveCallee(node, this.context);
    if (target) return this.returnsPendingPromise(target);
    if (resolveExternalCallee(node, this.context)?.returnsPendingPromise) return true;
    const callee = skipTransparent(node.callee);
    // Node's promise modules, the web platform's promise APIs, Cloudflare bindings (platform-api-table.ts); the
    // checker, when it knows better (a typed `env` whose `KV` is a `Map`), has the last word.
    if (this.platform.isPromiseCall(node)) return options.isThenable?.(node) !== false;
    if (getChainMethod(node) !== null) return this.isPromiseChain(node);
    if (isJoinerCall(node, this.context)) return true;
    if (this.isPromisified(callee) || isAsyncAssertion(callee)) return true;
    if (matchesSpecifier(callee, options.promiseFunctions, scope)) return true;
    if (this.dropsPromises(node)) return true;
    if (isSynchronousAssertion(node, this.context)) return false;
    return 'types';
  }

  /**
   * A `.then()`/`.catch()`/`.finally()` call (or a chain of them on an unknown root) that makes a promise: not
   * when the receiver's `then` is a same-file method that returns no promise (a fluent builder), nor when the
   * checker says the call's value is not a thenable.
   */
  isPromiseChain(call: TSESTree.CallExpression): boolean {
    const receiver = skipTransparent((skipTransparent(call.callee) as TSESTree.MemberExpression).object);
    if (this.isNonPromiseThenable(receiver)) return false;
    return this.isThenable(call) !== false;
  }

  /**
   * Whether the value of `node` is a thenable: the checker's answer when the rule has type information, or else
   * what the declarations say (the file's own annotations, its imports' and installed packages' `.d.ts`).
   */
  isThenable(node: Node): boolean | undefined {
    const typed = this.context.options.isThenable?.(node);
    return typed !== undefined ? typed : declaredValuesOf(this.context).isThenable(node);
  }

  /** A value whose `then` is a same-file method (of its class or object literal) that returns no promise. */
  isNonPromiseThenable(node: Node): boolean {
    const then = this.ownThenMethod(node, 0);
    return then !== null && !this.returnsPendingPromise(then);
  }

  /**
   * The same-file `then` method of the value `node`: as a call resolves its method (`this`, `new Query()`, a
   * `const` object), and further through a name bound to such a value or a fluent method returning `this`.
   */
  private ownThenMethod(node: Node, depth: number): FunctionNode | null {
    if (depth > 4) return null;
    const value = skipTransparent(node);
    const member = resolveMember(value, 'then', this.context);
    if (member) return member;
    if (value.type === 'ObjectExpression') return findObjectMember(value, 'then', this.context);
    if (value.type === 'Identifier') {
      const binding = this.context.scope.bindingOf(value);
      const definition = binding?.definition;
      if (!binding || binding.writes !== 0 || definition?.type !== 'VariableDeclarator' || definition.id !== binding.id || !definition.init) return null;
      return this.ownThenMethod(definition.init, depth + 1);
    }
    if (value.type === 'CallExpression') {
      // A fluent method returns its receiver: `builder.where(…).then(…)` is `builder`'s `then`.
      const method = getChainMethod(value) === null ? resolveCallee(value, this.context) : null;
      if (!method || !returnsThis(method)) return null;
      const callee = skipTransparent(value.callee);
      return callee.type === 'MemberExpression' ? this.ownThenMethod(callee.object, depth + 1) : null;
    }
    return null;
  }

  /**
   * `items.forEach(async (item) => …)` / `items.map((item) => save(item))`: each callback's promise ends up
   * dropped by `forEach`, or in an array nobody awaits unless it is handed to `Promise.all`.
   */
  private dropsPromises(node: TSESTree.CallExpression): boolean {
    const callee = skipTransparent(node.callee);
    if (callee.type !== 'MemberExpression') return false;
    const name = getPropertyName(callee);
    if (name !== 'forEach' && name !== 'map' && name !== 'flatMap') return false;
    const callback = node.arguments[0] && skipTransparent(node.arguments[0]);
    return callback !== undefined && isFunction(callback) && this.returnsPendingPromise(callback);
  }

  /**
   * Whether calling `fn` hands back a promise that still stands for work: an async function that awaits
   * (or returns a promise), or any function returning a promise. An async function that never awaits
   * has finished its work when the call returns.
   */
  returnsPendingPromise(fn: FunctionNode): boolean {
    return perFunction(this.pendingReturn, fn, () => {
      if (fn.generator) return false;
      if (fn.body.type !== 'BlockStatement') return this.isPromiseValue(fn.body);
      let awaits = false;
      let returns = 0;
      let promiseReturns = 0;
      visitOwnBody(fn.body, (node) => {
        if (node.type === 'AwaitExpression' || (node.type === 'ForOfStatement' && node.await)) awaits = true;
        if (node.type !== 'ReturnStatement') return;
        returns++;
        if (node.argument && this.isPromiseValue(node.argument)) promiseReturns++;
      });
      // An async function's value is always a promise: it stands for work if the function waits or hands one on.
      // A plain function's value is a promise only if every way out returns one (`if (help) return showHelp();
      // return run();` gives a promise on some calls only): otherwise whether the call is a task is unknown.
      if (fn.async) return awaits || promiseReturns > 0;
      return promiseReturns > 0 && promiseReturns === returns && alwaysLeaves(fn.body);
    });
  }

  /** A value expression that is a pending promise: a promise call, or a binding initialised with one. */
  isPromiseValue(node: Node): boolean {
    const expression = skipTransparent(node);
    if (expression.type === 'CallExpression' || expression.type === 'NewExpression' || expression.type === 'ImportExpression') {
      return this.isPromiseCall(expression) && !this.isKnownSafe(expression);
    }
    if (expression.type === 'Identifier') {
      const binding = this.context.scope.bindingOf(expression);
      const definition = binding?.definition;
      if (binding && binding.writes === 0 && definition?.type === 'VariableDeclarator' && definition.id === binding.id && definition.init) {
        const init = skipTransparent(definition.init);
        return init.type !== 'Identifier' && this.isPromiseValue(init);
      }
    }
    return false;
  }

  /** `t.test(…)` on a node:test `TestContext`: runs a subtest and returns its promise. */
  isNodeTestSubtest(node: Node): boolean {
    if (node.type !== 'CallExpression') return false;
    const callee = skipTransparent(node.callee);
    return callee.type === 'MemberExpression' && getPropertyName(callee) === 'test' && isNodeTestContext(callee.object, this.context);
  }

  /**
   * A subtest whose callback returns a pending promise is still running when `t.test(…)` returns; one
   * with a synchronous callback has finished (node:test runs it at once), and an unknown callback is
   * not reasoned about.
   */
  private subtestKeepsRunning(call: TSESTree.CallExpression): boolean {
    const last = call.arguments.at(-1);
    const callback = last && skipTransparent(last);
    if (callback === undefined) return false;
    const fn = isFunction(callback) ? callback : callback.type === 'Identifier' ? this.functionNamed(callback) : null;
    return fn !== null && this.returnsPendingPromise(fn);
  }

  private functionNamed(id: TSESTree.Identifier): FunctionNode | null {
    const binding = this.context.scope.bindingOf(id);
    return binding ? getBindingFunction(binding, this.context) : null;
  }

  /** `const sleep = promisify(setTimeout)` (util's), then `sleep(100)`; also `promisify(f)(…)`. */
  private isPromisified(callee: Node): boolean {
    const expression = skipTransparent(callee);
    if (expression.type === 'CallExpression') return this.isPromisifyCall(expression);
    if (expression.type !== 'Identifier') return false;
    const binding = this.context.scope.bindingOf(expression);
    const definition = binding?.definition;
    if (!binding || binding.writes !== 0 || definition?.type !== 'VariableDeclarator' || !definition.init) return false;
    const init = skipTransparent(definition.init);
    return init.type === 'CallExpression' && this.isPromisifyCall(init);
  }

  private isPromisifyCall(call: TSESTree.CallExpression): boolean {
    const origin = getExpressionOrigin(call.callee, this.context.scope);
    return origin?.source === 'util' && origin.path.at(-1) === 'promisify';
  }

  /** A `FileHandle`'s promise method, on a handle from `await open(…)` of `node:fs/promises`. */
  isFileHandleMethod(callee: Node): boolean {
    return this.platform.isFileHandleMethod(callee);
  }
}

/** `Promise.resolve(x)` / `Promise.reject(e)`: settled when made, nothing left to run. */
function isSettledPromise(call: TSESTree.CallExpression, context: FileContext): boolean {
  const callee = skipTransparent(call.callee);
  if (callee.type !== 'MemberExpression') return false;
  const name = getPropertyName(callee);
  return (name === 'resolve' || name === 'reject') && context.scope.isGlobalReference(skipTransparent(callee.object), 'Promise');
}

/** `expect(p).resolves.toBe(x)` / `expect(p).rejects.toThrow()`: jest/vitest async assertions return promises. */
function isAsyncAssertion(callee: Node): boolean {
  if (callee.type !== 'MemberExpression') return false;
  for (let object = skipTransparent(callee.object); object.type === 'MemberExpression'; object = skipTransparent(object.object)) {
    const name = getPropertyName(object);
    const inner = skipTransparent(object.object);
    if ((name === 'resolves' || name === 'rejects') && inner.type === 'CallExpression') {
      const expectCallee = skipTransparent(inner.callee);
      return getDottedName(expectCallee)?.split('.')[0] === 'expect';
    }
  }
  return false;
}

/** `compute()` once per function; a recursive question about `fn` meanwhile is answered "no" (not proven). */
function perFunction(cache: Map<FunctionNode, boolean>, fn: FunctionNode, compute: () => boolean): boolean {
  const known = cache.get(fn);
  if (known !== undefined) return known;
  cache.set(fn, false);
  const result = compute();
  cache.set(fn, result);
  return result;
}

/** Whether control never runs off the end of `statement` (it returns or throws on every path). */
function alwaysLeaves(statement: Node): boolean {
  switch (statement.type) {
    case 'ReturnStatement':
    case 'ThrowStatement':
      return true;
    case 'BlockStatement':
      return statement.body.some(alwaysLeaves);
    case 'IfStatement':
      return statement.alternate !== null && alwaysLeaves(statement.consequent) && alwaysLeaves(statement.alternate);
    case 'TryStatement':
      return (
        (statement.finalizer !== null && alwaysLeaves(statement.finalizer)) ||
        (alwaysLeaves(statement.block) && (statement.handler === null || alwaysLeaves(statement.handler.body)))
      );
    default:
      return false;
  }
}

/** A method every `return` of which hands back `this`. */
function returnsThis(fn: FunctionNode): boolean {
  const values = returnedValues(fn);
  return values.length > 0 && values.every((value) => value !== null && skipTransparent(value).type === 'ThisExpression');
}

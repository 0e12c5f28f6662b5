import type { TSESTree } from '@typescript-eslint/types';
import { forEachChild, getDottedName, getPropertyName, isFunction, skipTransparent, type FunctionNode, type Node } from './ast';
import type { FileContext } from './file-context';
import { getExpressionOrigin, type ModuleOrigin } from './module-origin';
import { isNodeTestContext } from './owner-roles';
import { getBindingFunction, resolveCallee, resolveExternalCallee } from './resolve-callee';
import { matchesSpecifier } from './specifier';

/*
 * Which expressions start asynchronous work, decided from syntax (and from types when the rule has
 * them). A false "yes" would be a false report, so the syntactic side only says yes for what is a
 * promise by construction: same-file async functions that still have work to do, the Promise API,
 * `fetch`, `import()`, Node's promise modules, promisified functions, and the user's list.
 */

const PROMISE_MODULES = new Set(['fs/promises', 'timers/promises', 'stream/promises', 'dns/promises', 'readline/promises']);
const PROMISES_NAMESPACE_MODULES = new Set(['fs', 'dns', 'stream', 'timers']);
/** Members of the promise modules that return something other than a promise. */
const NOT_PROMISE_MEMBERS = new Set(['constants', 'createInterface', 'Interface', 'Readline', 'Resolver', 'watch', 'setInterval']);
const JOINERS = new Set(['all', 'allSettled', 'race', 'any']);
const CHAIN_METHODS = new Set(['then', 'catch', 'finally']);

export type PromiseCall = TSESTree.CallExpression | TSESTree.NewExpression | TSESTree.ImportExpression;

/** `Promise.all(…)`, `Promise.allSettled(…)`, `Promise.race(…)`, `Promise.any(…)` on the global `Promise`. */
export function isJoinerCall(node: Node, context: FileContext): node is TSESTree.CallExpression {
  if (node.type !== 'CallExpression') return false;
  const callee = skipTransparent(node.callee);
  if (callee.type !== 'MemberExpression') return false;
  const name = getPropertyName(callee);
  return name !== null && JOINERS.has(name) && context.scope.isGlobalReference(skipTransparent(callee.object), 'Promise');
}

/** `x.then(…)`, `x.catch(…)`, `x.finally(…)`: returns the method name, or null. */
export function getChainMethod(node: Node): 'then' | 'catch' | 'finally' | null {
  if (node.type !== 'CallExpression') return null;
  const callee = skipTransparent(node.callee);
  if (callee.type !== 'MemberExpression') return null;
  const name = getPropertyName(callee);
  return name !== null && CHAIN_METHODS.has(name) ? (name as 'then' | 'catch' | 'finally') : null;
}

function isPromiseModuleMember(origin: ModuleOrigin | null): boolean {
  if (!origin || origin.path.length === 0) return false;
  const last = origin.path.at(-1) ?? '';
  if (NOT_PROMISE_MEMBERS.has(last)) return false;
  if (PROMISE_MODULES.has(origin.source)) return true;
  if (PROMISES_NAMESPACE_MODULES.has(origin.source) && origin.path[0] === 'promises' && origin.path.length >= 2) return true;
  return origin.source === 'events' && last === 'once';
}

export class PromiseSources {
  private readonly pendingReturn = new Map<FunctionNode, boolean>();

  constructor(private readonly context: FileContext) {}

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
    const known = this.offloadedFunctions.get(fn);
    if (known !== undefined) return known;
    this.offloadedFunctions.set(fn, false);
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
    const result = startsWorker || (fn.async && awaits > 0 && awaits === awaitsOffloaded);
    this.offloadedFunctions.set(fn, result);
    return result;
  }

  private isOffloadedValue(node: Node): boolean {
    const value = skipTransparent(node);
    if (value.type === 'Identifier') {
      const definition = this.context.scope.bindingOf(value)?.definition;
      return definition?.type === 'VariableDeclarator' && definition.init !== null && this.isOffloaded(definition.init);
    }
    return this.isOffloaded(value);
  }

  /** A call on the user's allowlist of promises that may outlive their caller. */
  isKnownSafe(node: Node): boolean {
    const { options, scope } = this.context;
    if (node.type === 'CallExpression' && matchesSpecifier(node.callee, options.allowForKnownSafeCalls, scope)) return true;
    return options.isKnownSafe?.(node) ?? false;
  }

  /** Whether a call (or `new`, or `import()`) evaluates to a promise whose work is not done yet. */
  isPromiseCall(node: Node): node is PromiseCall {
    const { scope, options } = this.context;
    if (node.type === 'ImportExpression') return true;
    if (node.type === 'NewExpression') {
      return scope.isGlobalReference(skipTransparent(node.callee), 'Promise') || options.isThenable?.(node) === true;
    }
    if (node.type !== 'CallExpression') return false;
    if (isSettledPromise(node, this.context)) return false;
    if (this.isNodeTestSubtest(node)) return this.subtestKeepsRunning(node);
    const target = resolveCallee(node, this.context);
    if (target) return this.returnsPendingPromise(target);
    if (resolveExternalCallee(node, this.context)?.returnsPendingPromise) return true;
    const callee = skipTransparent(node.callee);
    if (callee.type === 'Identifier' && scope.isGlobalReference(callee, 'fetch')) return true;
    if (getChainMethod(node) !== null || isJoinerCall(node, this.context)) return true;
    if (isPromiseModuleMember(getExpressionOrigin(callee, scope))) return true;
    if (this.isPromisified(callee) || this.isFileHandleMethod(callee) || isAsyncAssertion(callee)) return true;
    if (matchesSpecifier(callee, options.promiseFunctions, scope)) return true;
    if (this.dropsPromises(node)) return true;
    return options.isThenable?.(node) === true;
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
    const known = this.pendingReturn.get(fn);
    if (known !== undefined) return known;
    this.pendingReturn.set(fn, false); // recursion: assume no until proven
    let result: boolean;
    if (fn.generator) result = false;
    else if (fn.body.type !== 'BlockStatement') result = this.isPromiseValue(fn.body);
    else {
      let awaits = false;
      let returnsPromise = false;
      visitOwnBody(fn.body, (node) => {
        if (node.type === 'AwaitExpression' || (node.type === 'ForOfStatement' && node.await)) awaits = true;
        if (node.type === 'ReturnStatement' && node.argument && this.isPromiseValue(node.argument)) returnsPromise = true;
      });
      result = (fn.async && awaits) || returnsPromise;
    }
    this.pendingReturn.set(fn, result);
    return result;
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

  /** Methods of a `FileHandle` from `await open(…)` of `node:fs/promises` all return promises. */
  isFileHandleMethod(callee: Node): boolean {
    const expression = skipTransparent(callee);
    if (expression.type !== 'MemberExpression') return false;
    const object = skipTransparent(expression.object);
    if (object.type !== 'Identifier') return false;
    const binding = this.context.scope.bindingOf(object);
    const definition = binding?.definition;
    if (!binding || definition?.type !== 'VariableDeclarator' || definition.id !== binding.id || !definition.init) return false;
    const init = skipTransparent(definition.init);
    if (init.type !== 'AwaitExpression') return false;
    const opened = skipTransparent(init.argument);
    if (opened.type !== 'CallExpression') return false;
    const origin = getExpressionOrigin(opened.callee, this.context.scope);
    return isPromiseModuleMember(origin) && origin?.path.at(-1) === 'open' && getPropertyName(expression) !== 'fd';
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

/** Visits the nodes of a function body that run as part of that function (not nested functions). */
export function visitOwnBody(node: Node, visit: (node: Node) => void): void {
  visit(node);
  forEachChild(node, (child) => {
    if (isFunction(child) || child.type === 'ClassDeclaration' || child.type === 'ClassExpression') return;
    visitOwnBody(child, visit);
  });
}


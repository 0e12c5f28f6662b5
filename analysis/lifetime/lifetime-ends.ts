import type { TSESTree } from '@typescript-eslint/types';
import { forEachChild, getDottedName, getPropertyName, skipTransparent, type Node } from '../syntax/ast';
import type { FileContext } from './file-context';
import { isFrameworkExitCall } from './framework-exits';
import type { LifetimeEnd } from './model';
import { getExpressionOrigin } from '../syntax/module-origin';
import { matchesSpecifier } from '../syntax/specifier';
import { hasMethodCall, hasWord } from '../syntax/text-words';
import type { AnalysisOptions } from './options';

/*
 * The calls that end a task's world from inside its owner: process exits and resource closes, and the
 * joins that make a close harmless (draining the resource first) or keep a handler's invocation alive.
 */

export const EXIT_METHODS = new Set(['exit', 'abort', 'reallyExit']);
const CLOSE_METHODS = ['close', 'end', 'destroy', 'disconnect', 'release', 'quit', 'terminate', 'dispose'];
/** Methods that wait for everything a resource runs: after them a close only stops intake. */
const DRAIN_METHODS = new Set(['wait', 'waitAll', 'onIdle', 'onEmpty', 'drain', 'idle', 'whenIdle', 'flush', 'join', 'settled', 'allSettled']);

function isProcessObject(node: Node, context: FileContext): boolean {
  const expression = skipTransparent(node);
  if (expression.type !== 'Identifier') return false;
  if (context.scope.isGlobalReference(expression, 'process')) return true;
  const origin = getExpressionOrigin(expression, context.scope);
  return origin?.source === 'process' && (origin.path.length === 0 || origin.path[0] === 'default');
}

/**
 * `process.exit()`, `process.abort()`, `process.kill(process.pid, …)`, `exit()` from `node:process`, `Deno.exit()`,
 * a CLI framework's exit (`program.error()` of commander, yargs's `.exit()`, oclif's `this.exit()`: see
 * framework-exits.ts), or a configured exit function.
 */
export function isExitCall(call: TSESTree.CallExpression, context: FileContext): boolean {
  const callee = skipTransparent(call.callee);
  if (callee.type === 'MemberExpression') {
    const name = getPropertyName(callee);
    if (name !== null && isProcessObject(callee.object, context)) {
      if (EXIT_METHODS.has(name)) return true;
      if (name === 'kill') {
        const target = call.arguments[0];
        const self = target !== undefined && target.type === 'MemberExpression' && getPropertyName(target) === 'pid' && isProcessObject(target.object, context);
        return self && killsProcess(call, context);
      }
    }
    if (getDottedName(callee) === 'Deno.exit' && context.scope.isGlobalReference(skipTransparent(callee.object), 'Deno')) return true;
  }
  if (callee.type === 'Identifier') {
    const origin = getExpressionOrigin(callee, context.scope);
    if (origin?.source === 'process' && origin.path.length === 1 && EXIT_METHODS.has(origin.path[0] ?? '')) return true;
  }
  return isFrameworkExitCall(call, context) || matchesSpecifier(callee, context.options.exitFunctions, context.scope);
}

/**
 * `process.kill(process.pid, signal)` ends the process unless the signal is one the file listens for
 * (`process.on('SIGINT', …)`, `once(process, 'SIGTERM')`): a handled signal runs the handler instead.
 * `SIGKILL` cannot be handled; the default signal is `SIGTERM`.
 */
function killsProcess(call: TSESTree.CallExpression, context: FileContext): boolean {
  const argument = call.arguments[1];
  if (argument === undefined) return !listenedSignals(context).has('SIGTERM');
  const signal = argument.type === 'Literal' ? argument.value : null;
  if (signal === 'SIGKILL' || signal === 9) return true;
  // A signal the analysis cannot read may be one the process handles.
  return typeof signal === 'string' && !listenedSignals(context).has(signal);
}

const signalsByProgram = new WeakMap<Node, ReadonlySet<string>>();

/** Signal names passed to any call of the file other than `process.kill()`: the signals it may listen for. */
function listenedSignals(context: FileContext): ReadonlySet<string> {
  const known = signalsByProgram.get(context.program);
  if (known) return known;
  const signals = new Set<string>();
  const visit = (node: Node): void => {
    if (node.type === 'CallExpression') {
      const callee = skipTransparent(node.callee);
      const isKill = callee.type === 'MemberExpression' && getPropertyName(callee) === 'kill';
      for (const argument of node.arguments) {
        if (!isKill && argument.type === 'Literal' && typeof argument.value === 'string' && /^SIG[A-Z0-9]+$/.test(argument.value)) signals.add(argument.value);
      }
    }
    forEachChild(node, visit);
  };
  visit(context.program);
  signalsByProgram.set(context.program, signals);
  return signals;
}

/**
 * A key naming a resource within one file: a binding (`db`), or a `this.` path (`this.pool`). Two
 * expressions with the same key name the same resource in the same owner.
 */
export function getResourceKey(node: Node, context: FileContext): string | null {
  const expression = skipTransparent(node);
  if (expression.type === 'Identifier') {
    const binding = context.scope.bindingOf(expression);
    if (binding) return `@${binding.id.range[0]}`;
    return context.scope.isGlobalReference(expression) ? `global:${expression.name}` : null;
  }
  if (expression.type === 'MemberExpression') {
    const dotted = getDottedName(expression);
    return dotted?.startsWith('this.') ? dotted : null;
  }
  return null;
}

/** For `r.close()` (and the other closers): the resource's key and name. */
export function getClosedResource(call: TSESTree.CallExpression, context: FileContext): { key: string; name: string } | null {
  const callee = skipTransparent(call.callee);
  if (callee.type !== 'MemberExpression') return null;
  const method = getPropertyName(callee);
  if (method === null || !(CLOSE_METHODS.includes(method) || context.options.closeMethods.includes(method))) return null;
  if (isProcessObject(callee.object, context)) return null;
  const key = getResourceKey(callee.object, context);
  return key === null ? null : { key, name: context.text(skipTransparent(callee.object)) };
}

/**
 * Whether a module's own text may close a resource, without a parse: a call of a closer's name as a method
 * (`r.close()`, `r['end']()`), or a `using` declaration. False means `getClosedResource` finds no close in it.
 */
export function textMayClose(text: string, options: Pick<AnalysisOptions, 'closeMethods'>): boolean {
  return hasMethodCall(text, [...CLOSE_METHODS, ...options.closeMethods]) || hasWord(text, ['using']);
}

/** For `r.onIdle()`, `r.drain()`, …: the key of the resource whose work it waits for. */
export function getDrainedResource(call: TSESTree.CallExpression, context: FileContext): string | null {
  const callee = skipTransparent(call.callee);
  if (callee.type !== 'MemberExpression') return null;
  const method = getPropertyName(callee);
  return method !== null && DRAIN_METHODS.has(method) ? getResourceKey(callee.object, context) : null;
}

/**
 * A call that keeps the invocation alive until its argument settles: `ctx.waitUntil(p)`,
 * `event.waitUntil(p)`, `waitUntil(p)` from `@vercel/functions`, `after(…)` from `next/server`.
 */
export function isExtenderCall(call: TSESTree.CallExpression, context: FileContext): boolean {
  const callee = skipTransparent(call.callee);
  if (callee.type === 'MemberExpression') return getPropertyName(callee) === 'waitUntil';
  if (callee.type !== 'Identifier') return false;
  const origin = getExpressionOrigin(callee, context.scope);
  // `waitUntil` imported from `@vercel/functions`, or from `cloudflare:workers` (usable anywhere in a Worker).
  if ((origin?.source === '@vercel/functions' || origin?.source === 'cloudflare:workers') && origin.path[0] === 'waitUntil') return true;
  return (origin?.source === 'next/server' || origin?.source === 'next/after') && origin.path[0] === 'after';
}

/** Whether waiting for the task before this end keeps it: not in a process `exit` listener, where nothing can wait. */
export function canJoinBefore(end: LifetimeEnd): boolean {
  return end.kind !== 'exit-listener';
}

import type { TSESTree } from '@typescript-eslint/types';
import { forEachChild, getPropertyName, isFunction, skipTransparent, visitOwnBody, type FunctionNode, type Node } from '../syntax/ast';
import { getBindingOrigin, getExpressionOrigin } from '../syntax/module-origin';
import { declaredValuesOf } from './declared-values';
import type { FileContext } from './file-context';
import { resolveCallee } from './resolve-callee';

/*
 * Analytics and error-reporting clients that queue what they are given and send it later, in batches:
 * `posthog.capture()`, `analytics.track()`, `Sentry.captureException()` return nothing to await, yet an
 * exit (or a frozen Lambda) before the client's flush loses the queued events. A known table of such
 * clients, each with the calls that queue and the awaitable calls that flush (the codemod writes the
 * first of those before the end).
 */

interface BufferedClientKind {
  /** The packages that export it. */
  readonly packages: readonly string[];
  /** The class whose instances buffer (`new PostHog(key)`); absent for a module of functions (Sentry). */
  readonly className?: string;
  readonly queues: ReadonlySet<string>;
  /** Calls that send what is queued; the first is what the codemod awaits. */
  readonly flushes: readonly string[];
}

const CLIENTS: readonly BufferedClientKind[] = [
  // posthog-node: `capture`, `identify`, … enqueue (flushAt 20 events / flushInterval 10 s); `shutdown()` and `flush()` send them.
  {
    packages: ['posthog-node'],
    className: 'PostHog',
    queues: new Set(['capture', 'identify', 'alias', 'groupIdentify', 'captureException']),
    flushes: ['shutdown', 'flush'],
  },
  // @segment/analytics-node: every call enqueues; `closeAndFlush()` (or `flush()`) sends the batch.
  {
    packages: ['@segment/analytics-node'],
    className: 'Analytics',
    queues: new Set(['track', 'identify', 'page', 'screen', 'group', 'alias']),
    flushes: ['closeAndFlush', 'flush'],
  },
  // Sentry's server SDKs: `capture*` hand the event to a transport that sends it asynchronously; `flush()` waits for it.
  {
    packages: [
      '@sentry/node',
      '@sentry/nextjs',
      '@sentry/aws-serverless',
      '@sentry/serverless',
      '@sentry/bun',
      '@sentry/google-cloud-serverless',
      '@sentry/remix',
    ],
    queues: new Set(['captureException', 'captureMessage', 'captureEvent']),
    flushes: ['flush', 'close'],
  },
];

/** A call that queues events in a buffered client. */
export interface BufferedCall {
  /** Names the buffer: calls with the same key queue into (and flush) one client. */
  readonly key: string;
  /** What to await to send the queue (`posthog.shutdown()`, `Sentry.flush()`), or null when no name for it is in scope. */
  readonly flush: string | null;
  /** How a message names that call: the code to await, or the package's function when nothing in scope names it (`flush()`). */
  readonly flushName: string;
}

/** `posthog.capture(…)` on a client of the table: its buffer, and how to flush it. */
export function bufferedCall(call: TSESTree.CallExpression, context: FileContext): BufferedCall | null {
  const found = clientCall(call, context);
  return found && found.kind.queues.has(found.method)
    ? { key: found.key, flush: found.flushText, flushName: found.flushText ?? `${found.kind.flushes[0]}()` }
    : null;
}

/** `posthog.shutdown()`, `Sentry.flush(2000)`: the key of the buffer the call flushes, or null. */
export function flushedBuffer(call: TSESTree.CallExpression, context: FileContext): string | null {
  const found = clientCall(call, context);
  return found && found.kind.flushes.includes(found.method) ? found.key : null;
}

interface ClientCall {
  readonly kind: BufferedClientKind;
  readonly method: string;
  readonly key: string;
  readonly flushText: string | null;
}

const known = new WeakMap<TSESTree.CallExpression, ClientCall | null>();

function clientCall(call: TSESTree.CallExpression, context: FileContext): ClientCall | null {
  if (known.has(call)) return known.get(call)!;
  const found = findClientCall(call, context);
  known.set(call, found);
  return found;
}

function findClientCall(call: TSESTree.CallExpression, context: FileContext): ClientCall | null {
  const callee = skipTransparent(call.callee);
  // A module of functions: `Sentry.captureException(e)`, `captureException(e)` imported by name.
  const origin = getExpressionOrigin(callee, context.scope);
  if (origin && origin.path.length >= 1) {
    const kind = CLIENTS.find((client) => !client.className && client.packages.includes(origin.source));
    const method = origin.path.at(-1)!;
    if (kind && (kind.queues.has(method) || kind.flushes.includes(method))) {
      return { kind, method, key: kind.packages[0]!, flushText: functionFlushText(callee, kind, context) };
    }
  }
  if (callee.type !== 'MemberExpression') return null;
  const method = getPropertyName(callee);
  if (method === null) return null;
  const receiver = skipTransparent(callee.object);
  const kind = CLIENTS.find((client) => client.className && isInstanceOf(receiver, client, context));
  if (!kind) return null;
  const text = context.text(receiver);
  return { kind, method, key: `${kind.packages[0]}\0${text}`, flushText: `${text}.${kind.flushes[0]}()` };
}

/** `Sentry.flush()` for `Sentry.captureException`; `flush()` when `flush` is imported from the package too. */
function functionFlushText(callee: Node, kind: BufferedClientKind, context: FileContext): string | null {
  const flush = kind.flushes[0]!;
  if (callee.type === 'MemberExpression') return `${context.text(callee.object)}.${flush}()`;
  for (const binding of context.scope.moduleScope.bindings.values()) {
    const origin = getBindingOrigin(binding);
    if (origin && kind.packages.includes(origin.source) && origin.path.length === 1 && origin.path[0] === flush) return `${binding.name}()`;
  }
  return null;
}

/** An instance of the client's class: by its declared type, or `new PostHog(…)` of the package's import. */
function isInstanceOf(receiver: Node, kind: BufferedClientKind, context: FileContext): boolean {
  const classes = declaredValuesOf(context).instanceClasses(receiver);
  if (classes.some((declared) => declared.name === kind.className && declared.package !== null && kind.packages.includes(declared.package))) return true;
  // Without the package installed: a binding made by `new` of the class imported from it.
  const binding = receiver.type === 'Identifier' ? context.scope.bindingOf(receiver) : null;
  const definition = binding?.definition;
  if (!binding || binding.writes !== 0 || definition?.type !== 'VariableDeclarator' || definition.id !== binding.id || !definition.init) return false;
  const init = skipTransparent(definition.init);
  if (init.type !== 'NewExpression') return false;
  const origin = getExpressionOrigin(init.callee, context.scope);
  return origin !== null && kind.packages.includes(origin.source) && (origin.path.at(-1) === kind.className || origin.path.at(-1) === 'default');
}

/**
 * Whether calling `fn` flushes the buffer `key`: a flush call in its body, or in a same-file function it
 * calls (a few calls deep). A `shutdown()` helper joins what was queued before it is called.
 */
export function flushesBuffer(fn: FunctionNode, key: string, context: FileContext, depth = 0): boolean {
  if (depth > 3) return false;
  // Asked at every call of `fn` while events are queued: each function's body is read once per buffer.
  const known = flushingFunctions.get(fn)?.get(key);
  if (known !== undefined) return known;
  const flushes = findsFlush(fn, key, context, depth);
  if (depth === 0) {
    const byKey = flushingFunctions.get(fn) ?? new Map<string, boolean>();
    byKey.set(key, flushes);
    flushingFunctions.set(fn, byKey);
  }
  return flushes;
}

const flushingFunctions = new WeakMap<FunctionNode, Map<string, boolean>>();

function findsFlush(fn: FunctionNode, key: string, context: FileContext, depth: number): boolean {
  let flushes = false;
  visitOwnBody(fn.body, (node) => {
    if (flushes || node.type !== 'CallExpression') return;
    if (flushedBuffer(node, context) === key) flushes = true;
    else {
      const target = resolveCallee(node, context);
      if (target && target !== fn && flushesBuffer(target, key, context, depth + 1)) flushes = true;
    }
  });
  return flushes;
}

const callbackFlushes = new WeakMap<FileContext, ReadonlySet<string>>();

/**
 * The buffers some callback of the file flushes (`process.on('beforeExit', () => posthog.shutdown())`,
 * `server.on('close', …)`): a program that registers its flush elsewhere is not reasoned about.
 */
export function buffersFlushedInCallbacks(context: FileContext): ReadonlySet<string> {
  let keys = callbackFlushes.get(context);
  if (keys) return keys;
  const found = new Set<string>();
  const visit = (node: Node, inCallback: boolean): void => {
    if (inCallback && node.type === 'CallExpression') {
      const key = flushedBuffer(node, context);
      if (key !== null) found.add(key);
    }
    forEachChild(node, (child) => visit(child, inCallback || (isFunction(child) && child.parent?.type === 'CallExpression' && child.parent.callee !== child)));
  };
  visit(context.program, false);
  keys = found;
  callbackFlushes.set(context, keys);
  return keys;
}

/** A call nothing is known of that may well flush (`await analytics.close()`, `await teardown()`): it joins buffers, to be safe. */
export function mayFlush(call: TSESTree.CallExpression): boolean {
  const callee = skipTransparent(call.callee);
  const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? getPropertyName(callee) : null;
  return name !== null && /flush|shutdown|close|drain|teardown|cleanup|dispose|finish|stop/i.test(name);
}

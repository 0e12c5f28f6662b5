import type { TSESTree } from '@typescript-eslint/types';
import { getDottedName, getKeyName, getPropertyName, getStringValue, isFunction, skipTransparent, type FunctionNode, type Node } from '../syntax/ast';
import type { FileContext } from './file-context';
import type { Extender, Runtime } from './model';
import { RUNTIMES } from './runtimes';
import { getExpressionOrigin } from '../syntax/module-origin';
import { getBindingFunction } from './resolve-callee';
import type { Binding, Scope } from '../syntax/scope';
import { endsElsewhere } from './test-completion';
import { testFramework, textMayHaveTests } from './test-frameworks';
import { hasWord } from '../syntax/text-words';
import type { AnalysisOptions } from './options';

/*
 * What a function's end means. Most functions just return to their caller (the caller inherits what is
 * still pending); a managed runtime's handler or a test callback has a lifetime that ends with it.
 */

export type OwnerRole =
  | {
      readonly kind: 'handler';
      readonly runtime: Runtime;
      readonly extender: Extender | null;
      /** Firebase/GCF: the response object whose `send()` ends the invocation. */
      readonly response: Binding | null;
    }
  | { readonly kind: 'test' }
  /** A `process.on('exit', …)` listener: the process ends when it returns. */
  | { readonly kind: 'exit-listener' }
  | { readonly kind: 'plain' };

const PLAIN: OwnerRole = { kind: 'plain' };
const WORKER_METHODS = new Set(['fetch', 'scheduled', 'queue', 'email', 'tail', 'trace']);
const SERVICE_WORKER_EVENTS = new Set([
  'fetch',
  'install',
  'activate',
  'push',
  'sync',
  'periodicsync',
  'message',
  'notificationclick',
  'notificationclose',
  'backgroundfetchsuccess',
]);
/** `addEventListener('fetch', …)`, `self.onfetch = …`. */
const SERVICE_WORKER_WORDS = ['addEventListener', ...[...SERVICE_WORKER_EVENTS].map((event) => `on${event}`)];
const ROUTE_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);

function paramName(fn: FunctionNode, index: number): string | null {
  const param = fn.params[index];
  return param?.type === 'Identifier' ? param.name : null;
}

function waitUntilOn(fn: FunctionNode, index: number, fallback: string): Extender {
  const name = paramName(fn, index);
  return { display: `${name ?? fallback}.waitUntil()`, callee: name === null ? null : `${name}.waitUntil`, takesCallback: false };
}

/** Exported functions and the default-exported object/class, gathered once per file. */
class ExportMap {
  readonly functions = new Map<FunctionNode, string>();
  readonly defaultObjects = new Set<Node>();
  /** Local names exported by `export { a as b }` or CommonJS `exports.b = a` (the local side). */
  readonly exportedNames = new Set<string>();
  /** The references that export a local name (`a` in `export { a }`, `module.exports = { a }`, `exports.b = a`), by the name other modules import. */
  readonly references = new Map<Node, string>();

  constructor(private readonly context: FileContext) {
    forEachTopLevelExport(context.program, (name, value) => {
      if (value?.type === 'ClassDeclaration' && name === 'default') this.defaultObjects.add(value);
      else this.addValue(value, name);
    });
  }

  private addValue(value: Node | null | undefined, name: string): void {
    if (!value) return;
    const expression = skipTransparent(value);
    if (expression.type === 'Identifier') {
      this.exportedNames.add(expression.name);
      this.references.set(expression, name);
    }
    if (isFunction(expression)) {
      this.functions.set(expression, name);
    } else if (expression.type === 'Identifier') {
      const binding = this.context.scope.bindingOf(expression);
      if (!binding) return;
      const fn = getBindingFunction(binding);
      if (fn) this.functions.set(fn, name);
      else if (name === 'default') this.addDefaultObject(binding);
    } else if (expression.type === 'CallExpression') {
      // Wrappers: `export const handler = middy(async (event) => …)`, `awslambda.streamifyResponse(fn)`.
      for (const argument of expression.arguments) {
        const inner = skipTransparent(argument);
        if (isFunction(inner)) this.functions.set(inner, name);
      }
    } else if ((expression.type === 'ObjectExpression' || expression.type === 'ClassExpression') && name === 'default') {
      this.defaultObjects.add(expression);
    }
  }

  private addDefaultObject(binding: Binding): void {
    const definition = binding.definition;
    if (definition.type === 'ClassDeclaration') this.defaultObjects.add(definition);
    if (definition.type === 'VariableDeclarator' && definition.init && binding.writes === 0) {
      const init = skipTransparent(definition.init);
      if (init.type === 'ObjectExpression' || init.type === 'ClassExpression') this.defaultObjects.add(init);
    }
  }
}

/**
 * Calls `visit` with each name the module's top-level statements export and the value exported under it
 * (`export function f`, `export const f = …`, `export { a as b }`, `export default …`, TypeScript's
 * `export = …`, `module.exports = …` and `exports.b = …`): the one reader of export statements, for the
 * export map and for the cheap pass that decides whether a file needs one.
 */
function forEachTopLevelExport(program: TSESTree.Program, visit: (name: string, value: Node | null | undefined) => void): void {
  const members = (object: TSESTree.ObjectExpression): void => {
    for (const property of object.properties) {
      if (property.type !== 'Property') continue;
      const name = getKeyName(property.key, property.computed);
      if (name !== null) visit(name, property.value);
    }
  };
  for (const statement of program.body) {
    if (statement.type === 'ExportNamedDeclaration') {
      const declaration = statement.declaration;
      if (declaration?.type === 'FunctionDeclaration' && declaration.id) visit(declaration.id.name, declaration);
      if (declaration?.type === 'VariableDeclaration') {
        for (const declarator of declaration.declarations) {
          if (declarator.id.type === 'Identifier') visit(declarator.id.name, declarator.init);
        }
      }
      if (!statement.source) {
        for (const specifier of statement.specifiers) {
          visit(specifier.exported.type === 'Identifier' ? specifier.exported.name : String(specifier.exported.value), specifier.local);
        }
      }
    } else if (statement.type === 'TSExportAssignment') {
      // TypeScript's `export = { handler }` is CommonJS's `module.exports = …`.
      const value = skipTransparent(statement.expression);
      if (value.type === 'ObjectExpression') members(value);
      else visit('default', value);
    } else if (statement.type === 'ExportDefaultDeclaration') {
      visit('default', statement.declaration);
    } else if (statement.type === 'ExpressionStatement' && statement.expression.type === 'AssignmentExpression') {
      const { left, right } = statement.expression;
      const target = getDottedName(left);
      if (target === 'module.exports' && skipTransparent(right).type === 'ObjectExpression') {
        members(skipTransparent(right) as TSESTree.ObjectExpression);
      } else if (target === 'module.exports') {
        visit('default', right);
      } else if (left.type === 'MemberExpression' && (target?.startsWith('exports.') || target?.startsWith('module.exports.'))) {
        const name = getPropertyName(left);
        if (name !== null && target.split('.').length === (target.startsWith('exports.') ? 2 : 3)) visit(name, right);
      }
    }
  }
}

type RouteFile = 'app-route' | 'pages-api' | 'proxy' | 'netlify';

/** The kind of route file its path makes a file (a `proxy` also needs to be a Next.js file). */
function routeFileOf(filename: string): RouteFile | null {
  const path = filename.replace(/\\/g, '/');
  if (/(^|\/)app\/(.+\/)?route\.[cm]?[jt]sx?$/.test(path)) return 'app-route';
  if (/(^|\/)pages\/api\//.test(path)) return 'pages-api';
  if (/(^|\/)(middleware|proxy)\.[cm]?[jt]sx?$/.test(path)) return 'proxy';
  if (/(^|\/)netlify\/(edge-)?functions\//.test(path)) return 'netlify';
  return null;
}

/**
 * Whether any function of a module may have a role other than plain, without a walk: by its path, the
 * names its top-level statements export (`handler`, a configured name, a default export whose Workers
 * methods its text names), and the words the other roles need (a service worker's event, a Cloud
 * Functions module, a process `exit` listener, a test or hook). False means `roleOf` is plain for every
 * function of the module.
 */
export function mayHaveRole(program: TSESTree.Program, text: string, options: Pick<AnalysisOptions, 'filename' | 'handlerExports'>): boolean {
  if (routeFileOf(options.filename) !== null) return true;
  const handlerNames = ['handler', ...options.handlerExports];
  const workers = hasWord(text, WORKER_METHODS);
  if (workers || hasWord(text, handlerNames)) {
    const exported = topLevelExportNames(program);
    if (handlerNames.some((name) => exported.has(name)) || (workers && exported.has('default'))) return true;
  }
  if (hasWord(text, SERVICE_WORKER_WORDS)) return true;
  if (text.includes('firebase-functions') || text.includes('@google-cloud/functions-framework')) return true;
  if (hasWord(text, ['exit']) && hasWord(text, ['process'])) return true;
  return textMayHaveTests(text);
}

/** The names the module's top-level statements export, as `ExportMap` reads them (`default` for a default export). */
function topLevelExportNames(program: TSESTree.Program): Set<string> {
  const names = new Set<string>();
  forEachTopLevelExport(program, (name) => names.add(name));
  return names;
}

export class OwnerRoles {
  private readonly exports: ExportMap;
  private readonly routeFile: RouteFile | null;

  constructor(private readonly context: FileContext) {
    this.exports = new ExportMap(context);
    const kind = routeFileOf(context.options.filename);
    this.routeFile = kind === 'proxy' && !isNextFile(context.program) ? null : kind;
  }

  /**
   * Whether other modules can call `fn`: an exported function, a member of an exported object or
   * class. Changing such a function's signature reaches beyond this file.
   */
  isExported(fn: FunctionNode): boolean {
    if (this.exports.functions.has(fn)) return true;
    for (let node: Node | undefined = fn.parent; node; node = node.parent) {
      if (this.exports.defaultObjects.has(node)) return true;
      if (node.type === 'ExportNamedDeclaration' || node.type === 'ExportDefaultDeclaration') return true;
      if (node.type === 'ClassDeclaration' && node.id && this.exports.exportedNames.has(node.id.name)) return true;
      if (isFunction(node)) return false;
    }
    return false;
  }

  /**
   * The name other modules import by, when `reference` is the local name of an export (`main` in
   * `module.exports = { main }`, `exports.run = main`, `export { main }`), or null for any other use.
   */
  exportedAs(reference: Node): string | null {
    return this.exports.references.get(reference) ?? null;
  }

  /** The functions other modules can import, with the name they import them by (`default` for the default export). */
  exportedFunctions(): ReadonlyMap<FunctionNode, string> {
    return this.exports.functions;
  }

  roleOf(fn: FunctionNode): OwnerRole {
    return this.handlerRole(fn) ?? this.exitListenerRole(fn) ?? this.testRole(fn) ?? PLAIN;
  }

  /**
   * Cloudflare Workers: `fn` is a handler method (`fetch`, `scheduled`, `queue`, …) of the default-exported
   * object (`export default { async fetch(request, env, ctx) { … } }`, whose `env` is the second parameter),
   * or of the default-exported class (whose bindings are `this.env`).
   */
  workersHandler(fn: FunctionNode): { readonly method: string; readonly style: 'object' | 'class' } | null {
    const parent = fn.parent;
    const member = parent?.type === 'Property' || parent?.type === 'MethodDefinition' ? parent : null;
    const container = member?.parent?.type === 'ClassBody' ? member.parent.parent : member?.parent;
    if (!member || !container || !this.exports.defaultObjects.has(container) || member.computed) return null;
    const name = getKeyName(member.key, false);
    if (name === null || !WORKER_METHODS.has(name)) return null;
    return { method: name, style: member.type === 'MethodDefinition' ? 'class' : 'object' };
  }

  /** `process.on('exit', fn)`, `.once`, `.addListener`, `.prependListener`, `.prependOnceListener`. */
  private exitListenerRole(fn: FunctionNode): OwnerRole | null {
    const call = fn.parent;
    if (call?.type !== 'CallExpression' || call.arguments[1] !== fn || getStringValue(call.arguments[0]) !== 'exit') return null;
    const callee = skipTransparent(call.callee);
    if (callee.type !== 'MemberExpression' || !LISTENER_METHODS.has(getPropertyName(callee) ?? '')) return null;
    const emitter = skipTransparent(callee.object);
    if (emitter.type === 'Identifier' && this.context.scope.isGlobalReference(emitter, 'process')) return { kind: 'exit-listener' };
    const origin = getExpressionOrigin(emitter, this.context.scope);
    return origin?.source === 'process' && (origin.path.length === 0 || (origin.path.length === 1 && origin.path[0] === 'default'))
      ? { kind: 'exit-listener' }
      : null;
  }

  private handlerRole(fn: FunctionNode): OwnerRole | null {
    const exported = this.exports.functions.get(fn);
    if (exported !== undefined) {
      if (this.routeFile === 'app-route' && ROUTE_METHODS.has(exported)) return this.nextRole();
      if (this.routeFile === 'pages-api' && exported === 'default') return this.nextRole(this.paramBinding(fn, 1));
      if (this.routeFile === 'proxy' && (exported === 'proxy' || exported === 'middleware' || exported === 'default')) return this.proxyRole(fn);
      // Netlify Functions (and Edge Functions): `export default async (request, context) => …`, whose context has `waitUntil()`.
      if (this.routeFile === 'netlify' && exported === 'default') {
        return { kind: 'handler', runtime: 'netlify', extender: paramName(fn, 1) === null ? null : waitUntilOn(fn, 1, 'context'), response: null };
      }
      // A callback-style Lambda handler (`(event, context, callback)`) is frozen only once the event loop is empty.
      if (exported === 'handler' && !(fn.params.length >= 3 && !fn.async)) return { kind: 'handler', runtime: 'aws-lambda', extender: null, response: null };
      if (this.context.options.handlerExports.includes(exported)) return { kind: 'handler', runtime: 'custom', extender: null, response: null };
    }
    const parent = fn.parent;
    const worker = this.workersHandler(fn);
    if (worker) return { kind: 'handler', runtime: 'cloudflare-workers', extender: this.workersExtender(fn, worker.style), response: null };
    if (parent?.type === 'CallExpression' && parent.arguments.includes(fn as TSESTree.CallExpressionArgument)) {
      return this.callbackHandlerRole(fn, parent);
    }
    // `self.onfetch = (event) => …`
    if (parent?.type === 'AssignmentExpression' && parent.right === fn && parent.left.type === 'MemberExpression') {
      const target = getDottedName(parent.left);
      const event = target?.match(/^(?:self|globalThis)\.on(\w+)$/)?.[1];
      if (event !== undefined && SERVICE_WORKER_EVENTS.has(event) && this.isGlobalRoot(parent.left)) {
        return { kind: 'handler', runtime: 'service-worker', extender: waitUntilOn(fn, 0, 'event'), response: null };
      }
    }
    return null;
  }

  /**
   * What holds a Workers invocation open: `this.ctx.waitUntil()` in a class, the handler's `ctx` parameter
   * in an object; without one, `waitUntil` when the module imports it from `cloudflare:workers` (it holds
   * the current invocation open from anywhere in the Worker).
   */
  private workersExtender(fn: FunctionNode, style: 'object' | 'class'): Extender {
    if (style === 'class') return { display: 'this.ctx.waitUntil()', callee: 'this.ctx.waitUntil', takesCallback: false };
    if (paramName(fn, 2) !== null) return waitUntilOn(fn, 2, 'ctx');
    const imported = this.importedAs(['cloudflare:workers'], 'waitUntil');
    return imported === null ? waitUntilOn(fn, 2, 'ctx') : { display: `${imported}()`, callee: imported, takesCallback: false };
  }

  /** The local name of `name` imported from one of `sources` (`import { name as local } from 'source'`), or null. */
  private importedAs(sources: readonly string[], name: string): string | null {
    const { scope } = this.context;
    for (const binding of scope.moduleScope.bindings.values()) {
      const origin = binding.kind === 'import' ? getExpressionOrigin(binding.id, scope) : null;
      if (origin && sources.includes(origin.source) && origin.path.length === 1 && origin.path[0] === name) return binding.name;
    }
    return null;
  }

  private callbackHandlerRole(fn: FunctionNode, call: TSESTree.CallExpression): OwnerRole | null {
    const callee = skipTransparent(call.callee);
    const dotted = getDottedName(callee);
    // Service worker: `self.addEventListener('fetch', (event) => …)`.
    if (dotted === 'addEventListener' || dotted === 'self.addEventListener' || dotted === 'globalThis.addEventListener') {
      const event = getStringValue(call.arguments[0]);
      if (event !== null && SERVICE_WORKER_EVENTS.has(event) && call.arguments[1] === fn && this.isGlobalRoot(callee)) {
        return { kind: 'handler', runtime: 'service-worker', extender: waitUntilOn(fn, 0, 'event'), response: null };
      }
      return null;
    }
    // Firebase / Google Cloud Functions: `onRequest((req, res) => …)`, `functions.http('name', (req, res) => …)`.
    const origin = getExpressionOrigin(callee, this.context.scope);
    const last = origin?.path.at(-1) ?? (callee.type === 'MemberExpression' ? getPropertyName(callee) : null);
    const firebase = origin?.source.startsWith('firebase-functions') === true && (last === 'onRequest' || last === 'onCall');
    const framework = origin?.source === '@google-cloud/functions-framework' && (last === 'http' || last === 'cloudEvent');
    if (firebase || framework) {
      const response = fn.params[1]?.type === 'Identifier' ? this.context.scope.bindingOf(fn.params[1]) : null;
      return { kind: 'handler', runtime: 'firebase', extender: null, response: last === 'onCall' ? null : response };
    }
    return null;
  }

  private paramBinding(fn: FunctionNode, index: number): Binding | null {
    const param = fn.params[index];
    return param?.type === 'Identifier' ? this.context.scope.bindingOf(param) : null;
  }

  /**
   * Next.js's proxy (`middleware` before Next.js 16): its second parameter, a `NextFetchEvent`, has
   * `waitUntil()`; without it, `after()` as in route handlers.
   */
  private proxyRole(fn: FunctionNode): OwnerRole {
    if (paramName(fn, 1) !== null) return { kind: 'handler', runtime: 'nextjs-proxy', extender: waitUntilOn(fn, 1, 'event'), response: null };
    return this.nextRole(null, 'nextjs-proxy');
  }

  /** Next.js: an App Router route handler, or a `pages/api` handler whose response object is `response`. */
  private nextRole(response: Binding | null = null, runtime: Runtime = 'nextjs'): OwnerRole {
    // `after()` runs in the App Router only (route handlers, proxy): a `pages/api` handler (`response`) has none to import.
    const imported = response === null ? RUNTIMES[runtime].importableExtender : null;
    const after = this.importedAs(['next/server', 'next/after'], 'after');
    const waitUntil = this.importedAs(['@vercel/functions'], 'waitUntil');
    const extender: Extender | null = after
      ? { display: `${after}()`, callee: after, takesCallback: true }
      : waitUntil
        ? { display: `${waitUntil}()`, callee: waitUntil, takesCallback: false }
        : imported && { display: `\`${imported.name}()\` from \`${imported.from}\``, callee: null, takesCallback: true };
    return { kind: 'handler', runtime, extender, response };
  }

  private isGlobalRoot(node: Node): boolean {
    let current = skipTransparent(node);
    while (current.type === 'MemberExpression') current = skipTransparent(current.object);
    if (current.type !== 'Identifier') return false;
    if (this.context.scope.isGlobalReference(current)) return true;
    const binding = this.context.scope.bindingOf(current);
    return binding !== null && isAmbientGlobal(binding, this.context.scope.moduleScope);
  }

  private testRole(fn: FunctionNode): OwnerRole | null {
    const framework = testFramework(fn, this.context);
    if (framework === null) return null;
    // `it.each(table)(name, (row) => …)`: the parameters are the row's values, whatever the framework.
    const table = ['CallExpression', 'TaggedTemplateExpression'].includes(skipTransparent((fn.parent as TSESTree.CallExpression).callee).type);
    // A test that ends on a callback, a plan or fake timers ends where the analysis cannot see: no end at its return.
    return endsElsewhere(fn, table ? 'context' : framework, this.context) ? null : { kind: 'test' };
  }
}

/**
 * TypeScript's ambient module-level `declare const self: ServiceWorkerGlobalScope;` (or `declare var`,
 * `declare let`): it only gives the global a type, so the name still is the global at run time. A real
 * declaration (`const self = {…}`, with a value) or an ambient one inside a function or namespace is not.
 */
function isAmbientGlobal(binding: Binding, moduleScope: Scope): boolean {
  const declarator = binding.definition;
  if (binding.scope !== moduleScope || binding.writes > 0 || declarator.type !== 'VariableDeclarator' || declarator.init !== null) return false;
  const declaration = declarator.parent;
  return declaration?.type === 'VariableDeclaration' && declaration.declare === true && declaration.parent?.type === 'Program';
}

/** A Next.js file: it imports from `next/server` (or `next`), or exports a route `config`. */
function isNextFile(program: TSESTree.Program): boolean {
  return program.body.some((statement) => {
    if (statement.type === 'ImportDeclaration') return statement.source.value === 'next/server' || statement.source.value === 'next';
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : null;
    return (
      declaration?.type === 'VariableDeclaration' &&
      declaration.declarations.some((declarator) => declarator.id.type === 'Identifier' && declarator.id.name === 'config')
    );
  });
}

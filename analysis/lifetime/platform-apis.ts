import type { TSESTree } from '@typescript-eslint/types';
import { getPropertyName, isFunction, skipTransparent, type FunctionNode, type Node } from '../syntax/ast';
import { getExpressionOrigin, type ModuleOrigin } from '../syntax/module-origin';
import type { FileContext } from './file-context';
import type { OwnerRoles } from './owner-roles';
import {
  CLOUDFLARE_BINDING_METHODS,
  CLOUDFLARE_ENV_CLASSES,
  CLOUDFLARE_STUB_MAKERS,
  D1_STATEMENT_METHODS,
  NODE_PROMISE_FUNCTIONS,
  NODE_PROMISE_INSTANCES,
  WEB_CONSTRUCTORS,
  WEB_PROMISE_FUNCTIONS,
  WEB_PROMISE_METHODS,
  type NodeInstanceApi,
  type NodeMaker,
  type WebKind,
} from './platform-api-table';

/*
 * The platform's promise APIs without type information (the table is platform-api-table.ts): Node's
 * built-in modules (`readFile` of `fs/promises`, `require('fs').promises.readFile`, a `FileHandle`'s
 * methods, `new Worker(…).terminate()`), the web platform's globals (`fetch`, `crypto.subtle.digest`,
 * `caches.open`, `navigator.clipboard.writeText`) and the methods of values the syntax proves are a
 * `Response`, `Request`, `Blob`, `ReadableStream` or `Cache`, and the methods of Cloudflare bindings reached
 * from a Workers handler's `env`. A value's kind is proven only by how it is made, never by its name: a
 * local `Response` class, or a `res` nobody can see the making of, stays unknown.
 */

/** What the syntax proves a value is: a web object, a Node object of the table, or a Cloudflare binding's. */
type ValueKind =
  | { readonly kind: 'web'; readonly type: WebKind }
  | { readonly kind: 'node'; readonly api: NodeInstanceApi }
  | { readonly kind: 'env' }
  | { readonly kind: 'binding' }
  | { readonly kind: 'd1-statement' }
  | { readonly kind: 'stub' };

const MAX_DEPTH = 6;

const NODE_FUNCTIONS = new Map(Object.entries(NODE_PROMISE_FUNCTIONS).map(([module, paths]) => [module, new Set(paths)]));
const WEB_FUNCTIONS = new Set(WEB_PROMISE_FUNCTIONS);
const WEB_METHODS = new Map(Object.entries(WEB_PROMISE_METHODS).map(([kind, names]) => [kind, new Set(names)]));
const GLOBAL_OBJECTS = new Set(['globalThis', 'self']);

/** Whether `origin` names a promise function of Node's table: `readFile` of `fs/promises`, `promises.readFile` of `fs`. */
export function isNodePromiseFunction(origin: ModuleOrigin | null): boolean {
  return origin !== null && NODE_FUNCTIONS.get(origin.source)?.has(origin.path.join('.')) === true;
}

export class PlatformApis {
  constructor(
    private readonly context: FileContext,
    private readonly roles: OwnerRoles,
  ) {}

  /** Whether `call` is a promise API of the platform, by construction. */
  isPromiseCall(call: TSESTree.CallExpression): boolean {
    const callee = skipTransparent(call.callee);
    if (isNodePromiseFunction(getExpressionOrigin(callee, this.context.scope))) return true;
    const global = this.globalPath(callee);
    if (global !== null && WEB_FUNCTIONS.has(global)) return true;
    // `a?.b()` says `a` may be absent, and then so is the promise.
    if (callee.type !== 'MemberExpression' || call.optional || hasOptionalLink(callee)) return false;
    const name = getPropertyName(callee);
    const receiver = name === null ? null : this.valueKind(callee.object, 0);
    if (name === null || receiver === null) return false;
    switch (receiver.kind) {
      case 'web':
        return WEB_METHODS.get(receiver.type)?.has(name) === true;
      case 'node':
        return receiver.api.methods.includes(name);
      case 'binding':
        return CLOUDFLARE_BINDING_METHODS.has(name);
      case 'd1-statement':
        return D1_STATEMENT_METHODS.has(name);
      case 'stub':
        return name === 'fetch';
      case 'env':
        return false;
    }
  }

  /** A `FileHandle`'s method, by the table (`handle.read()`; not `handle.fd`, `handle.createReadStream()`). */
  isFileHandleMethod(callee: Node): boolean {
    const expression = skipTransparent(callee);
    if (expression.type !== 'MemberExpression') return false;
    const receiver = this.valueKind(expression.object, 0);
    const name = getPropertyName(expression);
    return receiver?.kind === 'node' && receiver.api.type === 'FileHandle' && name !== null && receiver.api.methods.includes(name);
  }

  /**
   * The dotted path of a member chain rooted at a real global (`crypto.subtle.digest`, with `globalThis.` or
   * `self.` read past), or null when the root is not a global or a link is computed or optional.
   */
  private globalPath(node: Node): string | null {
    const names: string[] = [];
    let current = skipTransparent(node);
    while (current.type === 'MemberExpression') {
      const name = getPropertyName(current);
      if (name === null || current.optional) return null;
      names.unshift(name);
      current = skipTransparent(current.object);
    }
    if (current.type !== 'Identifier' || !this.context.scope.isGlobalReference(current)) return null;
    if (!GLOBAL_OBJECTS.has(current.name) || names.length === 0) names.unshift(current.name);
    return names.join('.');
  }

  /** What `node`'s value is proven to be, from how it is made (through `const` names), or null. */
  private valueKind(node: Node, depth: number): ValueKind | null {
    if (depth > MAX_DEPTH) return null;
    const value = skipTransparent(node);
    switch (value.type) {
      case 'Identifier':
        return this.identifierKind(value, depth);
      case 'AwaitExpression':
        return this.settledKind(value.argument, depth + 1);
      case 'NewExpression': {
        const constructor = skipTransparent(value.callee);
        if (constructor.type === 'Identifier' && this.context.scope.isGlobalReference(constructor)) {
          const type = WEB_CONSTRUCTORS[constructor.name];
          return type === undefined ? null : { kind: 'web', type };
        }
        return this.nodeInstance(constructor, 'new');
      }
      case 'ThisExpression':
        return null;
      case 'MemberExpression':
        return this.memberKind(value, depth);
      case 'CallExpression':
        return this.callKind(value, depth);
      default:
        return null;
    }
  }

  private identifierKind(id: TSESTree.Identifier, depth: number): ValueKind | null {
    const binding = this.context.scope.bindingOf(id);
    if (!binding || binding.writes !== 0) return null;
    if (binding.kind === 'param') return this.parameterKind(binding.id);
    const definition = binding.definition;
    if (definition.type !== 'VariableDeclarator' || definition.id !== binding.id || !definition.init) return null;
    return this.valueKind(definition.init, depth + 1);
  }

  /** A Workers module handler's parameters: `fetch(request, env, ctx)`, `scheduled(controller, env, ctx)`, … */
  private parameterKind(id: TSESTree.Identifier): ValueKind | null {
    const fn = id.parent;
    if (!isFunction(fn)) return null;
    const handler = this.roles.workersHandler(fn);
    if (!handler) return null;
    const index = fn.params.indexOf(id);
    if (index === 0 && handler.method === 'fetch') return { kind: 'web', type: 'Request' };
    return index === 1 && handler.style === 'object' ? { kind: 'env' } : null;
  }

  private memberKind(member: TSESTree.MemberExpression, depth: number): ValueKind | null {
    const name = getPropertyName(member);
    if (name === null || member.optional) return null;
    const object = skipTransparent(member.object);
    // `caches.default`: Cloudflare Workers' default cache.
    if (name === 'default' && object.type === 'Identifier' && this.context.scope.isGlobalReference(object, 'caches')) return { kind: 'web', type: 'Cache' };
    if (object.type === 'ThisExpression') return name === 'env' && this.isCloudflareEntrypointThis(object) ? { kind: 'env' } : null;
    const owner = this.valueKind(object, depth + 1);
    if (owner?.kind === 'env') return { kind: 'binding' };
    if (owner?.kind === 'web' && (owner.type === 'Response' || owner.type === 'Request') && name === 'body') return { kind: 'web', type: 'ReadableStream' };
    return null;
  }

  private callKind(call: TSESTree.CallExpression, depth: number): ValueKind | null {
    const callee = skipTransparent(call.callee);
    const made = this.nodeInstance(callee, 'call');
    if (made) return made;
    if (callee.type !== 'MemberExpression' || call.optional || callee.optional) return null;
    const name = getPropertyName(callee);
    const owner = name === null ? null : this.valueKind(callee.object, depth + 1);
    if (owner?.kind === 'binding' && name === 'prepare') return { kind: 'd1-statement' };
    if (owner?.kind === 'binding' && name !== null && CLOUDFLARE_STUB_MAKERS.has(name)) return { kind: 'stub' };
    if (owner?.kind === 'd1-statement' && name === 'bind') return owner;
    if (owner?.kind === 'web' && (owner.type === 'Response' || owner.type === 'Request') && name === 'clone') return owner;
    if (owner?.kind === 'web' && owner.type === 'Blob' && name === 'stream') return { kind: 'web', type: 'ReadableStream' };
    return null;
  }

  /** What `await node` gives: the value of `fetch(…)`, `caches.open(…)`, `res.blob()`, `open(…)` of `fs/promises`. */
  private settledKind(node: Node, depth: number): ValueKind | null {
    if (depth > MAX_DEPTH) return null;
    const value = skipTransparent(node);
    if (value.type === 'Identifier') {
      const binding = this.context.scope.bindingOf(value);
      const definition = binding?.definition;
      if (!binding || binding.writes !== 0 || definition?.type !== 'VariableDeclarator' || definition.id !== binding.id || !definition.init) return null;
      return this.settledKind(definition.init, depth + 1);
    }
    // Awaiting a value that is not a promise gives the value: `await new Response(…)`.
    if (value.type === 'NewExpression') return this.valueKind(value, depth + 1);
    if (value.type !== 'CallExpression' || value.optional) return null;
    const callee = skipTransparent(value.callee);
    const global = this.globalPath(callee);
    if (global === 'fetch') return { kind: 'web', type: 'Response' };
    if (global === 'caches.open') return { kind: 'web', type: 'Cache' };
    if (global !== null) return null;
    const opened = this.nodeInstance(callee, 'await');
    if (opened) return opened;
    if (callee.type !== 'MemberExpression' || callee.optional) return null;
    const name = getPropertyName(callee);
    const owner = this.valueKind(callee.object, depth + 1);
    if (owner?.kind === 'web' && (owner.type === 'Response' || owner.type === 'Request') && name === 'blob') return { kind: 'web', type: 'Blob' };
    // A stub's or service binding's `fetch()` gives a Response.
    if ((owner?.kind === 'stub' || owner?.kind === 'binding') && name === 'fetch') return { kind: 'web', type: 'Response' };
    return null;
  }

  /** The Node object `callee` makes when called as `made` says (`new Worker`, `createInterface`, `await open`). */
  private nodeInstance(callee: Node, made: NodeMaker): ValueKind | null {
    const origin = getExpressionOrigin(callee, this.context.scope);
    if (!origin) return null;
    const from = origin.path.join('.');
    const api = NODE_PROMISE_INSTANCES.find((item) => item.made === made && item.module === origin.source && item.from === from);
    return api ? { kind: 'node', api } : null;
  }

  /**
   * `this` in a method of a class extending `WorkerEntrypoint`, `DurableObject` or `WorkflowEntrypoint` of
   * `cloudflare:workers`: its `this.env` holds the bindings.
   */
  private isCloudflareEntrypointThis(node: TSESTree.ThisExpression): boolean {
    let fn: FunctionNode | null = null;
    for (let current: Node | undefined = node.parent; current; current = current.parent) {
      if (current.type === 'FunctionExpression' || current.type === 'FunctionDeclaration') {
        fn = current;
        break;
      }
      if (current.type === 'PropertyDefinition' || current.type === 'StaticBlock') return false;
    }
    const method = fn?.parent;
    if (method?.type !== 'MethodDefinition' || method.static) return false;
    const superClass = method.parent.parent.superClass;
    if (!superClass) return false;
    const origin = getExpressionOrigin(superClass, this.context.scope);
    return origin?.source === 'cloudflare:workers' && origin.path.length === 1 && CLOUDFLARE_ENV_CLASSES.has(origin.path[0] ?? '');
  }
}

/** Whether a link of a member chain is optional (`a?.b.c`). */
function hasOptionalLink(node: Node): boolean {
  for (let current = skipTransparent(node); ;) {
    if (current.type === 'MemberExpression') {
      if (current.optional) return true;
      current = skipTransparent(current.object);
    } else if (current.type === 'CallExpression') {
      if (current.optional) return true;
      current = skipTransparent(current.callee);
    } else return false;
  }
}

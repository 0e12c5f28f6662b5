/*
 * The platform's promise APIs, as data: what Node's built-in modules, the web platform (Node, Workers,
 * service workers, Deno, browsers) and Cloudflare's bindings hand back a promise from, by construction.
 * platform-apis.ts matches calls against it. Every Node and web entry is checked against the declarations
 * the platform ships (@types/node, TypeScript's lib.dom) by tests/analysis/platform-api-table.test.ts:
 * each entry returns a promise on every overload, and no promise function of a listed module or type is
 * missing. The Cloudflare part cannot be checked that way (workers-types is not a dependency); each name
 * says why it is in.
 */

/** The functions of `fs/promises`, each returning a promise on every overload (`watch` is an async iterator, `constants` a table). */
const FS_PROMISES = [
  'access',
  'appendFile',
  'chmod',
  'chown',
  'copyFile',
  'cp',
  'lchmod',
  'lchown',
  'link',
  'lstat',
  'lutimes',
  'mkdir',
  'mkdtemp',
  'open',
  'opendir',
  'readFile',
  'readdir',
  'readlink',
  'realpath',
  'rename',
  'rm',
  'rmdir',
  'stat',
  'statfs',
  'symlink',
  'truncate',
  'unlink',
  'utimes',
  'writeFile',
] as const;

/** `dns/promises`'s lookups (`getServers`, `setServers`, `setDefaultResultOrder` are synchronous). */
const DNS_PROMISES = [
  'lookup',
  'lookupService',
  'resolve',
  'resolve4',
  'resolve6',
  'resolveAny',
  'resolveCaa',
  'resolveCname',
  'resolveMx',
  'resolveNaptr',
  'resolveNs',
  'resolvePtr',
  'resolveSoa',
  'resolveSrv',
  'resolveTxt',
  'reverse',
] as const;

const STREAM_PROMISES = ['finished', 'pipeline'] as const;

/** `setInterval` is left out: it returns an async iterator, not a promise. */
const TIMERS_PROMISES = ['setImmediate', 'setTimeout', 'scheduler.wait', 'scheduler.yield'] as const;

const ASSERT_PROMISES = ['rejects', 'doesNotReject', 'strict.rejects', 'strict.doesNotReject'] as const;

/** Web Crypto's `SubtleCrypto`: every method returns a promise. */
export const SUBTLE_CRYPTO = [
  'decrypt',
  'deriveBits',
  'deriveKey',
  'digest',
  'encrypt',
  'exportKey',
  'generateKey',
  'importKey',
  'sign',
  'unwrapKey',
  'verify',
  'wrapKey',
] as const;

const under = (prefix: string, names: readonly string[]): string[] => names.map((name) => `${prefix}.${name}`);

/**
 * Node's functions that return a promise, by module (without `node:`) and the path of names read from it:
 * `readFile` of `fs/promises`, `promises.readFile` of `fs` (`require('fs').promises.readFile`).
 */
export const NODE_PROMISE_FUNCTIONS: Readonly<Record<string, readonly string[]>> = {
  'fs/promises': FS_PROMISES,
  fs: [...under('promises', FS_PROMISES), 'openAsBlob'],
  'dns/promises': DNS_PROMISES,
  dns: under('promises', DNS_PROMISES),
  'stream/promises': STREAM_PROMISES,
  stream: under('promises', STREAM_PROMISES),
  'stream/consumers': ['arrayBuffer', 'blob', 'buffer', 'json', 'text'],
  'timers/promises': TIMERS_PROMISES,
  timers: under('promises', TIMERS_PROMISES),
  assert: ASSERT_PROMISES,
  'assert/strict': ASSERT_PROMISES,
  // `once` and `EventEmitter.once` wait for an event (isPureWait); `on` is an async iterator.
  events: ['once', 'EventEmitter.once'],
  // `aborted(signal, resource)` waits for the signal (isPureWait).
  util: ['aborted'],
  vm: ['measureMemory'],
  worker_threads: ['postMessageToThread'],
  crypto: [...under('subtle', SUBTLE_CRYPTO), ...under('webcrypto.subtle', SUBTLE_CRYPTO)],
};

/** How a Node object is made: `new Worker(…)`, `createInterface(…)`, `await open(…)`. */
export type NodeMaker = 'new' | 'call' | 'await';

export interface NodeInstanceApi {
  /** The module (without `node:`) and the path of the constructor or factory in it. */
  readonly module: string;
  readonly from: string;
  readonly made: NodeMaker;
  /** What the test probes the instance's type as (`FileHandle`), and the methods of it that return a promise. */
  readonly type: string;
  readonly methods: readonly string[];
}

/** A `FileHandle`'s promise methods (`createReadStream()`, `readableWebStream()`, `readLines()` return streams, `fd` is a number). */
const FILE_HANDLE = [
  'appendFile',
  'chmod',
  'chown',
  'close',
  'datasync',
  'read',
  'readFile',
  'readv',
  'stat',
  'sync',
  'truncate',
  'utimes',
  'write',
  'writeFile',
  'writev',
] as const;

/** A `dns/promises` `Resolver`'s lookups (`getServers`, `setServers`, `setLocalAddress`, `cancel` are synchronous). */
const RESOLVER = DNS_PROMISES.filter((name) => name !== 'lookup' && name !== 'lookupService');

/** Objects of Node's modules whose methods return promises, by how the syntax sees them made. */
export const NODE_PROMISE_INSTANCES: readonly NodeInstanceApi[] = [
  { module: 'fs/promises', from: 'open', made: 'await', type: 'FileHandle', methods: FILE_HANDLE },
  { module: 'fs', from: 'promises.open', made: 'await', type: 'FileHandle', methods: FILE_HANDLE },
  // `terminate()` resolves with the exit code; `getHeapSnapshot()` with a stream of the snapshot.
  { module: 'worker_threads', from: 'Worker', made: 'new', type: 'Worker', methods: ['getHeapSnapshot', 'terminate'] },
  { module: 'readline/promises', from: 'createInterface', made: 'call', type: 'Interface', methods: ['question'] },
  { module: 'readline/promises', from: 'Readline', made: 'new', type: 'Readline', methods: ['commit'] },
  { module: 'dns/promises', from: 'Resolver', made: 'new', type: 'Resolver', methods: RESOLVER },
  { module: 'dns', from: 'promises.Resolver', made: 'new', type: 'Resolver', methods: RESOLVER },
];

/**
 * Promise functions of the web platform's globals, by dotted path from the global (a leading `globalThis.`
 * or `self.` is read past). Not `navigator.sendBeacon()` (a boolean) nor `navigator.serviceWorker.ready` (a
 * promise, but a property: nothing is called).
 */
export const WEB_PROMISE_FUNCTIONS: readonly string[] = [
  'fetch',
  ...under('crypto.subtle', SUBTLE_CRYPTO),
  ...under('caches', ['delete', 'has', 'keys', 'match', 'open']),
  ...under('navigator', ['clearAppBadge', 'requestMIDIAccess', 'requestMediaKeySystemAccess', 'setAppBadge', 'share']),
  ...under('navigator.clipboard', ['read', 'readText', 'write', 'writeText']),
  ...under('navigator.credentials', ['create', 'get', 'preventSilentAccess', 'store']),
  ...under('navigator.locks', ['query', 'request']),
  'navigator.login.setStatus',
  ...under('navigator.mediaCapabilities', ['decodingInfo', 'encodingInfo']),
  ...under('navigator.mediaDevices', ['enumerateDevices', 'getDisplayMedia', 'getUserMedia']),
  ...under('navigator.mediaSession', ['setCameraActive', 'setMicrophoneActive']),
  'navigator.permissions.query',
  ...under('navigator.serviceWorker', ['getRegistration', 'getRegistrations', 'register']),
  ...under('navigator.storage', ['estimate', 'getDirectory', 'persist', 'persisted']),
  'navigator.wakeLock.request',
];

/** The kinds of web object the syntax can prove a value is (platform-apis.ts says how). */
export type WebKind = 'Response' | 'Request' | 'Blob' | 'ReadableStream' | 'Cache';

/** The body readers of a `Response` or `Request` (`clone()` is synchronous). */
const BODY_READERS = ['arrayBuffer', 'blob', 'bytes', 'formData', 'json', 'text'] as const;

/** Each web kind's methods that return a promise. */
export const WEB_PROMISE_METHODS: Readonly<Record<WebKind, readonly string[]>> = {
  Response: BODY_READERS,
  Request: BODY_READERS,
  // `slice()` is a Blob, `stream()` a ReadableStream.
  Blob: ['arrayBuffer', 'bytes', 'text'],
  // `pipeThrough()` is a stream, `getReader()`/`tee()` synchronous.
  ReadableStream: ['cancel', 'pipeTo'],
  Cache: ['add', 'addAll', 'delete', 'keys', 'match', 'matchAll', 'put'],
};

/** Global constructors whose `new` makes a web kind (`File` is a `Blob`). */
export const WEB_CONSTRUCTORS: Readonly<Record<string, WebKind>> = {
  Response: 'Response',
  Request: 'Request',
  Blob: 'Blob',
  File: 'Blob',
  ReadableStream: 'ReadableStream',
};

/**
 * Methods called on a Cloudflare binding (`env.X.name(…)`) that return a promise on every kind of binding
 * that has them (workers-types, `@cloudflare/workers-types` 4.x/5.x): without types the binding's kind is
 * unknown, so a name that is synchronous on some kind (`get`: a stub on a Durable Object namespace and on a
 * dispatch namespace; `idFromName`, `newUniqueId`, `jurisdiction`, `prepare`, `withSession`, `connect`,
 * `resumeMultipartUpload`; `writeDataPoint`, void on Analytics Engine) is not here. An RPC service binding's
 * methods always return a promise, so it never makes a name synchronous.
 */
export const CLOUDFLARE_BINDING_METHODS: ReadonlySet<string> = new Set([
  // KV `put`/`delete`/`list`, R2 `put`/`delete`/`list`: Promise on both; no other binding has them.
  'put',
  'delete',
  'list',
  // KV only.
  'getWithMetadata',
  // R2 only (`resumeMultipartUpload` is synchronous and left out).
  'head',
  'createMultipartUpload',
  // Queues `send`/`sendBatch`, `send_email`'s `send`, Pipelines' `send`: all promises.
  'send',
  'sendBatch',
  // D1 only: `batch(statements)`, `exec(sql)`.
  'batch',
  'exec',
  // A service binding's (Fetcher's), Browser Rendering's, static assets', mTLS certificates': `Promise<Response>`.
  'fetch',
]);

/** D1: `env.DB.prepare(sql)` and `.bind(…)` make a statement; these run it. */
export const D1_STATEMENT_METHODS: ReadonlySet<string> = new Set(['all', 'first', 'raw', 'run']);

/** Methods of a binding that hand back a stub (Durable Object namespace, dispatch namespace): its `fetch()` is a promise. */
export const CLOUDFLARE_STUB_MAKERS: ReadonlySet<string> = new Set(['get', 'getByName']);

/** The `cloudflare:workers` classes whose instances hold their bindings in `this.env`. */
export const CLOUDFLARE_ENV_CLASSES: ReadonlySet<string> = new Set(['WorkerEntrypoint', 'DurableObject', 'WorkflowEntrypoint']);

import type rule from '../../../rules/no-outlived-promise';
import type { Section } from '../cases';
import { exitData, WORKERS } from './messages';

/*
 * `platform-apis`: the platform's promise APIs, recognised without type information
 * (analysis/lifetime/platform-api-table.ts): Node's promise modules and the objects they make, the web
 * platform's globals and the methods of values the syntax proves are a Response, Request, Blob, ReadableStream
 * or Cache, and Cloudflare bindings reached from a Workers handler's `env`. Each runs in both modes: the
 * checker agrees. Valid: shadowed globals, look-alike local classes, the platform's non-promises
 * (`navigator.sendBeacon`, `setInterval` of `timers/promises`), and binding methods that are not a
 * promise on every kind of binding (`env.NS.get(id)`).
 */

export const platformApis: Section<typeof rule> = {
  name: 'platform-apis',
  valid: [
    // ── shadowed globals and look-alikes: not the platform's ────────────────────────────────────────────────────────
    `async function fetch(url) { return { json() { return url; } }; }
const res = await fetch('https://example.com');
res.json();
process.exit(0);`,
    `class Response { json() { return {}; } }
new Response().json();
process.exit(0);`,
    `const crypto = { subtle: { digest() { return 'fake'; } } };
crypto.subtle.digest('SHA-256', 'x');
process.exit(0);`,
    `function share(navigator) {
  navigator.clipboard.writeText('x');
  process.exit(0);
}`,
    `export function report(caches) {
  caches.open('v1');
  process.exit(0);
}`,

    // ── the platform's, but not promises ────────────────────────────────────────────────────────────────────
    `navigator.sendBeacon('/log', 'bye');
process.exit(0);`,
    `import { setInterval } from 'node:timers/promises';
setInterval(100);
process.exit(0);`,
    `import { watch } from 'node:fs/promises';
watch('.');
process.exit(0);`,
    `import { open } from 'node:fs/promises';
const handle = await open('log.txt');
handle.createReadStream();
process.exit(0);`,
    `const res = await fetch('https://example.com');
res.clone();
process.exit(0);`,
    `import dns from 'node:dns/promises';
dns.getServers();
process.exit(0);`,
    `const blob = new Blob(['x']);
blob.slice(0, 1);
process.exit(0);`,

    // ── values the syntax cannot see the making of ──────────────────────────────────────────────────────────
    `export async function read(res) {
  res.json();
  process.exit(0);
}`,
    `import { Worker } from 'some-pool';
const worker = new Worker('./task.js');
worker.terminate();
process.exit(0);`,

    // ── an optional link: the promise may not be made at all ────────────────────────────────────────────────
    {
      typed: 'never',
      reason: 'types decide: the checker takes its `Promise<void> | undefined` for a promise; without types, `?.` says none may be made',
      code: `const res = await fetch('https://example.com');
res.body?.pipeTo(new WritableStream());
process.exit(0);`,
    },

    // ── Cloudflare: names that are not a promise on every kind of binding (`get` is a Durable Object stub, `prepare` a statement, `writeDataPoint` void) ───
    `export default {
  async fetch(request, env, ctx) {
    env.COUNTER.get(env.COUNTER.idFromName('hits'));
    return new Response('ok');
  },
};`,
    `export default {
  async fetch(request, env, ctx) {
    env.CONFIG.get('flags');
    return new Response('ok');
  },
};`,
    `export default {
  async fetch(request, env, ctx) {
    env.ANALYTICS.writeDataPoint({ blobs: [request.url] });
    return new Response('ok');
  },
};`,
    `export default {
  async fetch(request, env, ctx) {
    env.DB.prepare('select 1');
    return new Response('ok');
  },
};`,
    `export default {
  async fetch(request, env, ctx) {
    env.ROOMS.newUniqueId();
    return new Response('ok');
  },
};`,

    // ── Cloudflare: handed to `waitUntil`, or not a Workers handler's bindings ──────────────────────────────
    `export default {
  async fetch(request, env, ctx) {
    ctx.waitUntil(env.KV.put('last', request.url));
    return new Response('ok');
  },
};`,
    `export function save(env) {
  env.KV.put('last', 'x');
  process.exit(0);
}`,
    `export default {
  async fetch(request, env, ctx) {
    const env2 = { KV: new Map() };
    env2.KV.delete('x');
    return new Response('ok');
  },
};`,
    `import { WorkerEntrypoint } from 'some-framework';
export default class extends WorkerEntrypoint {
  async fetch(request) {
    this.env.KV.put('last', request.url);
    return new Response('ok');
  }
}`,
    {
      typed: 'only',
      reason:
        "types decide: the checker knows this `env.KV` is a `Map`, whose `delete()` is a boolean (without types it is taken for a binding's: the twin among the invalid cases)",
      code: `interface Env { KV: Map<string, string> }
export default {
  async fetch(request: Request, env: Env, ctx: unknown) {
    env.KV.delete('x');
    return new Response('ok');
  },
};`,
    },
  ],
  invalid: [
    // ── the web platform: `fetch`, body readers on a proven Response/Request, Blob, ReadableStream, Web Crypto, caches, navigator ───
    {
      code: `const res = await fetch('https://example.com/data');
res.json();
process.exit(0);`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('res.json()', 'process.exit(0)', 3),
          line: 2,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `const res = await fetch('https://example.com/data');
await res.json();
process.exit(0);`,
            },
          ],
        },
      ],
    },
    {
      code: `async function main(url) {
  const body = (await fetch(url)).text();
  process.exit(0);
}`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('(await fetch(url)).text()', 'process.exit(0)', 3),
          line: 2,
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `async function main(url) {
  const body = (await fetch(url)).text();
  await body;
  process.exit(0);
}`,
            },
          ],
        },
      ],
    },
    {
      code: `async function main(url) {
  const response = await globalThis.fetch(url);
  const copy = response.clone();
  copy.arrayBuffer();
  process.exit(0);
}`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('copy.arrayBuffer()', 'process.exit(0)', 5),
          line: 4,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function main(url) {
  const response = await globalThis.fetch(url);
  const copy = response.clone();
  await copy.arrayBuffer();
  process.exit(0);
}`,
            },
          ],
        },
      ],
    },
    {
      code: `new Response('hello').blob();
process.exit(0);`,
      errors: [
        {
          messageId: 'exit',
          data: exitData("new Response('hello').blob()", 'process.exit(0)', 2),
          line: 1,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `await new Response('hello').blob();
process.exit(0);`,
            },
          ],
        },
      ],
    },
    {
      code: `const blob = new Blob(['hello']);
blob.text();
process.exit(0);`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('blob.text()', 'process.exit(0)', 3),
          line: 2,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `const blob = new Blob(['hello']);
await blob.text();
process.exit(0);`,
            },
          ],
        },
      ],
    },
    {
      code: `const res = await fetch('https://example.com/big');
const blob = await res.blob();
blob.arrayBuffer();
process.exit(0);`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('blob.arrayBuffer()', 'process.exit(0)', 4),
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `const res = await fetch('https://example.com/big');
const blob = await res.blob();
await blob.arrayBuffer();
process.exit(0);`,
            },
          ],
        },
      ],
    },
    {
      code: `async function copy(url, destination) {
  const res = await fetch(url);
  res.body.pipeTo(destination);
  process.exit(0);
}`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('res.body.pipeTo(destination)', 'process.exit(0)', 4),
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function copy(url, destination) {
  const res = await fetch(url);
  await res.body.pipeTo(destination);
  process.exit(0);
}`,
            },
          ],
        },
      ],
    },
    {
      code: `const data = new TextEncoder().encode('hello');
crypto.subtle.digest('SHA-256', data);
process.exit(0);`,
      errors: [
        {
          messageId: 'exit',
          data: exitData("crypto.subtle.digest('SHA-256', data)", 'process.exit(0)', 3),
          line: 2,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `const data = new TextEncoder().encode('hello');
await crypto.subtle.digest('SHA-256', data);
process.exit(0);`,
            },
          ],
        },
      ],
    },
    {
      code: `caches.delete('v1');
process.exit(0);`,
      errors: [
        {
          messageId: 'exit',
          data: exitData("caches.delete('v1')", 'process.exit(0)', 2),
          line: 1,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `await caches.delete('v1');
process.exit(0);`,
            },
          ],
        },
      ],
    },
    {
      code: `async function save(request, response) {
  const cache = await caches.open('v1');
  cache.put(request, response);
  process.exit(0);
}`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('cache.put(request, response)', 'process.exit(0)', 4),
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function save(request, response) {
  const cache = await caches.open('v1');
  await cache.put(request, response);
  process.exit(0);
}`,
            },
          ],
        },
      ],
    },
    {
      code: `navigator.clipboard.writeText('copied');
process.exit(0);`,
      errors: [
        {
          messageId: 'exit',
          data: exitData("navigator.clipboard.writeText('copied')", 'process.exit(0)', 2),
          line: 1,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `await navigator.clipboard.writeText('copied');
process.exit(0);`,
            },
          ],
        },
      ],
    },
    {
      code: `navigator.locks.request('sync', async () => {});
process.exit(0);`,
      errors: [
        {
          messageId: 'exit',
          data: exitData("navigator.locks.request('sync', async () => {})", 'process.exit(0)', 2),
          line: 1,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `await navigator.locks.request('sync', async () => {});
process.exit(0);`,
            },
          ],
        },
      ],
    },

    // ── Node's promise modules and objects ──────────────────────────────────────────────────────────────────
    {
      code: `import { pipeline } from 'node:stream/promises';
export function copy(source, destination) {
  pipeline(source, destination);
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', data: exitData('pipeline(source, destination)', 'process.exit(0)', 4), line: 3, suggestions: [] }],
    },
    {
      code: `const fs = require('node:fs');
fs.promises.writeFile('out.txt', 'done');
process.exit(0);`,
      errors: [
        {
          messageId: 'exit',
          data: exitData("fs.promises.writeFile('out.txt', 'done')", 'process.exit(0)', 3),
          line: 2,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `const fs = require('node:fs');
await fs.promises.writeFile('out.txt', 'done');
process.exit(0);`,
            },
          ],
        },
      ],
    },
    {
      code: `import assert from 'node:assert/strict';
assert.rejects(async () => { throw new Error('no'); });
process.exit(0);`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('assert.rejects(…)', 'process.exit(0)', 3),
          line: 2,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `import assert from 'node:assert/strict';
await assert.rejects(async () => { throw new Error('no'); });
process.exit(0);`,
            },
          ],
        },
      ],
    },
    {
      code: `import { Worker } from 'node:worker_threads';
const worker = new Worker('./task.js');
worker.terminate();
process.exit(0);`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('worker.terminate()', 'process.exit(0)', 4),
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `import { Worker } from 'node:worker_threads';
const worker = new Worker('./task.js');
await worker.terminate();
process.exit(0);`,
            },
          ],
        },
      ],
    },
    {
      code: `import { createInterface } from 'node:readline/promises';
const rl = createInterface({ input: process.stdin, output: process.stdout });
rl.question('Name? ');
process.exit(0);`,
      errors: [
        {
          messageId: 'exit',
          data: exitData("rl.question('Name? ')", 'process.exit(0)', 4),
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `import { createInterface } from 'node:readline/promises';
const rl = createInterface({ input: process.stdin, output: process.stdout });
await rl.question('Name? ');
process.exit(0);`,
            },
          ],
        },
      ],
    },
    {
      code: `import dns from 'node:dns';
dns.promises.lookup('example.com');
process.exit(0);`,
      errors: [
        {
          messageId: 'exit',
          data: exitData("dns.promises.lookup('example.com')", 'process.exit(0)', 3),
          line: 2,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `import dns from 'node:dns';
await dns.promises.lookup('example.com');
process.exit(0);`,
            },
          ],
        },
      ],
    },
    {
      code: `import { open } from 'node:fs/promises';
const handle = await open('log.txt', 'a');
handle.appendFile('line');
process.exit(0);`,
      errors: [
        {
          messageId: 'exit',
          data: exitData("handle.appendFile('line')", 'process.exit(0)', 4),
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `import { open } from 'node:fs/promises';
const handle = await open('log.txt', 'a');
await handle.appendFile('line');
process.exit(0);`,
            },
          ],
        },
      ],
    },
    {
      code: `import { text } from 'node:stream/consumers';
text(process.stdin);
process.exit(0);`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('text(process.stdin)', 'process.exit(0)', 3),
          line: 2,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `import { text } from 'node:stream/consumers';
await text(process.stdin);
process.exit(0);`,
            },
          ],
        },
      ],
    },

    // ── Cloudflare bindings from a Workers handler's `env` (or `this.env` of a `cloudflare:workers` entrypoint) ───
    {
      code: `export default {
  async fetch(request, env, ctx) {
    env.KV.put('last', request.url);
    return new Response('ok');
  },
};`,
      errors: [
        {
          messageId: 'handlerEndCancelledAfterResponseWithExtender',
          data: { task: "env.KV.put('last', request.url)", chain: '', line: 4, ...WORKERS },
          line: 3,
          suggestions: [
            {
              messageId: 'useExtender',
              data: { task: "env.KV.put('last', request.url)", extender: 'ctx.waitUntil' },
              output: `export default {
  async fetch(request, env, ctx) {
    ctx.waitUntil(env.KV.put('last', request.url));
    return new Response('ok');
  },
};`,
            },
            {
              messageId: 'awaitInPlace',
              output: `export default {
  async fetch(request, env, ctx) {
    await env.KV.put('last', request.url);
    return new Response('ok');
  },
};`,
            },
          ],
        },
      ],
    },
    {
      code: `export default {
  async fetch(request, env, ctx) {
    env.DB.prepare('insert into hits (url) values (?)').bind(request.url).run();
    return new Response('ok');
  },
};`,
      errors: [
        {
          messageId: 'handlerEndCancelledAfterResponseWithExtender',
          data: { task: "env.DB.prepare('insert into hits (url) values (…", chain: '', line: 4, ...WORKERS },
          line: 3,
          suggestions: [
            {
              messageId: 'useExtender',
              data: { task: "env.DB.prepare('insert into hits (url) values (…", extender: 'ctx.waitUntil' },
              output: `export default {
  async fetch(request, env, ctx) {
    ctx.waitUntil(env.DB.prepare('insert into hits (url) values (?)').bind(request.url).run());
    return new Response('ok');
  },
};`,
            },
            {
              messageId: 'awaitInPlace',
              output: `export default {
  async fetch(request, env, ctx) {
    await env.DB.prepare('insert into hits (url) values (?)').bind(request.url).run();
    return new Response('ok');
  },
};`,
            },
          ],
        },
      ],
    },
    {
      code: `export default {
  async fetch(request, env, ctx) {
    const statement = env.DB.prepare('delete from sessions');
    statement.run();
    return new Response('ok');
  },
};`,
      errors: [
        {
          messageId: 'handlerEndCancelledAfterResponseWithExtender',
          data: { task: 'statement.run()', chain: '', line: 5, ...WORKERS },
          line: 4,
          suggestions: [
            {
              messageId: 'useExtender',
              data: { task: 'statement.run()', extender: 'ctx.waitUntil' },
              output: `export default {
  async fetch(request, env, ctx) {
    const statement = env.DB.prepare('delete from sessions');
    ctx.waitUntil(statement.run());
    return new Response('ok');
  },
};`,
            },
            {
              messageId: 'awaitInPlace',
              output: `export default {
  async fetch(request, env, ctx) {
    const statement = env.DB.prepare('delete from sessions');
    await statement.run();
    return new Response('ok');
  },
};`,
            },
          ],
        },
      ],
    },
    {
      code: `export default {
  async fetch(request, env, ctx) {
    env.QUEUE.send({ url: request.url });
    return new Response('ok');
  },
};`,
      errors: [
        {
          messageId: 'handlerEndCancelledAfterResponseWithExtender',
          data: { task: 'env.QUEUE.send({ url: request.url })', chain: '', line: 4, ...WORKERS },
          line: 3,
          suggestions: [
            {
              messageId: 'useExtender',
              data: { task: 'env.QUEUE.send({ url: request.url })', extender: 'ctx.waitUntil' },
              output: `export default {
  async fetch(request, env, ctx) {
    ctx.waitUntil(env.QUEUE.send({ url: request.url }));
    return new Response('ok');
  },
};`,
            },
            {
              messageId: 'awaitInPlace',
              output: `export default {
  async fetch(request, env, ctx) {
    await env.QUEUE.send({ url: request.url });
    return new Response('ok');
  },
};`,
            },
          ],
        },
      ],
    },
    {
      code: `export default {
  async fetch(request, env, ctx) {
    env.BUCKET.delete('tmp');
    return new Response('ok');
  },
};`,
      errors: [
        {
          messageId: 'handlerEndCancelledAfterResponseWithExtender',
          data: { task: "env.BUCKET.delete('tmp')", chain: '', line: 4, ...WORKERS },
          line: 3,
          suggestions: [
            {
              messageId: 'useExtender',
              data: { task: "env.BUCKET.delete('tmp')", extender: 'ctx.waitUntil' },
              output: `export default {
  async fetch(request, env, ctx) {
    ctx.waitUntil(env.BUCKET.delete('tmp'));
    return new Response('ok');
  },
};`,
            },
            {
              messageId: 'awaitInPlace',
              output: `export default {
  async fetch(request, env, ctx) {
    await env.BUCKET.delete('tmp');
    return new Response('ok');
  },
};`,
            },
          ],
        },
      ],
    },
    {
      code: `export default {
  async fetch(request, env, ctx) {
    env.AUTH.fetch(request);
    return new Response('ok');
  },
};`,
      errors: [
        {
          messageId: 'handlerEndCancelledAfterResponseWithExtender',
          data: { task: 'env.AUTH.fetch(request)', chain: '', line: 4, ...WORKERS },
          line: 3,
          suggestions: [
            {
              messageId: 'useExtender',
              data: { task: 'env.AUTH.fetch(request)', extender: 'ctx.waitUntil' },
              output: `export default {
  async fetch(request, env, ctx) {
    ctx.waitUntil(env.AUTH.fetch(request));
    return new Response('ok');
  },
};`,
            },
            {
              messageId: 'awaitInPlace',
              output: `export default {
  async fetch(request, env, ctx) {
    await env.AUTH.fetch(request);
    return new Response('ok');
  },
};`,
            },
          ],
        },
      ],
    },
    {
      code: `export default {
  async fetch(request, env, ctx) {
    env.COUNTER.get(env.COUNTER.idFromName('hits')).fetch(request);
    return new Response('ok');
  },
};`,
      errors: [
        {
          messageId: 'handlerEndCancelledAfterResponseWithExtender',
          data: { task: "env.COUNTER.get(env.COUNTER.idFromName('hits'))…", chain: '', line: 4, ...WORKERS },
          line: 3,
          suggestions: [
            {
              messageId: 'useExtender',
              data: { task: "env.COUNTER.get(env.COUNTER.idFromName('hits'))…", extender: 'ctx.waitUntil' },
              output: `export default {
  async fetch(request, env, ctx) {
    ctx.waitUntil(env.COUNTER.get(env.COUNTER.idFromName('hits')).fetch(request));
    return new Response('ok');
  },
};`,
            },
            {
              messageId: 'awaitInPlace',
              output: `export default {
  async fetch(request, env, ctx) {
    await env.COUNTER.get(env.COUNTER.idFromName('hits')).fetch(request);
    return new Response('ok');
  },
};`,
            },
          ],
        },
      ],
    },
    {
      code: `export default {
  async fetch(request, env, ctx) {
    const stub = env.ROOMS.getByName('lobby');
    stub.fetch(request);
    return new Response('ok');
  },
};`,
      errors: [
        {
          messageId: 'handlerEndCancelledAfterResponseWithExtender',
          data: { task: 'stub.fetch(request)', chain: '', line: 5, ...WORKERS },
          line: 4,
          suggestions: [
            {
              messageId: 'useExtender',
              data: { task: 'stub.fetch(request)', extender: 'ctx.waitUntil' },
              output: `export default {
  async fetch(request, env, ctx) {
    const stub = env.ROOMS.getByName('lobby');
    ctx.waitUntil(stub.fetch(request));
    return new Response('ok');
  },
};`,
            },
            {
              messageId: 'awaitInPlace',
              output: `export default {
  async fetch(request, env, ctx) {
    const stub = env.ROOMS.getByName('lobby');
    await stub.fetch(request);
    return new Response('ok');
  },
};`,
            },
          ],
        },
      ],
    },
    {
      code: `export default {
  async fetch(request, env, ctx) {
    request.json();
    return new Response('ok');
  },
};`,
      errors: [
        {
          messageId: 'handlerEndCancelledAfterResponseWithExtender',
          data: { task: 'request.json()', chain: '', line: 4, ...WORKERS },
          line: 3,
          suggestions: [
            {
              messageId: 'useExtender',
              data: { task: 'request.json()', extender: 'ctx.waitUntil' },
              output: `export default {
  async fetch(request, env, ctx) {
    ctx.waitUntil(request.json());
    return new Response('ok');
  },
};`,
            },
            {
              messageId: 'awaitInPlace',
              output: `export default {
  async fetch(request, env, ctx) {
    await request.json();
    return new Response('ok');
  },
};`,
            },
          ],
        },
      ],
    },
    {
      code: `export default {
  async fetch(request, env, ctx) {
    caches.default.put(request, new Response('cached'));
    return new Response('ok');
  },
};`,
      errors: [
        {
          messageId: 'handlerEndCancelledAfterResponseWithExtender',
          data: { task: 'caches.default.put(…)', chain: '', line: 4, ...WORKERS },
          line: 3,
          suggestions: [
            {
              messageId: 'useExtender',
              data: { task: 'caches.default.put(…)', extender: 'ctx.waitUntil' },
              output: `export default {
  async fetch(request, env, ctx) {
    ctx.waitUntil(caches.default.put(request, new Response('cached')));
    return new Response('ok');
  },
};`,
            },
            {
              messageId: 'awaitInPlace',
              output: `export default {
  async fetch(request, env, ctx) {
    await caches.default.put(request, new Response('cached'));
    return new Response('ok');
  },
};`,
            },
          ],
        },
      ],
    },
    {
      code: `export default {
  async scheduled(controller, env, ctx) {
    env.DB.exec('delete from sessions');
  },
};`,
      errors: [
        {
          messageId: 'handlerEndCancelledAfterResponseWithExtender',
          data: { task: "env.DB.exec('delete from sessions')", chain: '', line: 4, ...WORKERS },
          line: 3,
          suggestions: [
            {
              messageId: 'useExtender',
              data: { task: "env.DB.exec('delete from sessions')", extender: 'ctx.waitUntil' },
              output: `export default {
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(env.DB.exec('delete from sessions'));
  },
};`,
            },
            {
              messageId: 'awaitInPlace',
              output: `export default {
  async scheduled(controller, env, ctx) {
    await env.DB.exec('delete from sessions');
  },
};`,
            },
          ],
        },
      ],
    },
    {
      code: `import { WorkerEntrypoint } from 'cloudflare:workers';
export default class extends WorkerEntrypoint {
  async fetch(request) {
    this.env.KV.put('last', request.url);
    return new Response('ok');
  }
}`,
      errors: [
        {
          messageId: 'handlerEndCancelledAfterResponseWithExtender',
          data: { task: "this.env.KV.put('last', request.url)", chain: '', line: 5, ...WORKERS, extender: '`this.ctx.waitUntil()`' },
          line: 4,
          suggestions: [
            {
              messageId: 'useExtender',
              data: { task: "this.env.KV.put('last', request.url)", extender: 'this.ctx.waitUntil' },
              output: `import { WorkerEntrypoint } from 'cloudflare:workers';
export default class extends WorkerEntrypoint {
  async fetch(request) {
    this.ctx.waitUntil(this.env.KV.put('last', request.url));
    return new Response('ok');
  }
}`,
            },
            {
              messageId: 'awaitInPlace',
              output: `import { WorkerEntrypoint } from 'cloudflare:workers';
export default class extends WorkerEntrypoint {
  async fetch(request) {
    await this.env.KV.put('last', request.url);
    return new Response('ok');
  }
}`,
            },
          ],
        },
      ],
    },
    {
      typed: 'never',
      reason:
        "types decide: without types `env.KV.delete('x')` is a KV or R2 binding's, a promise (typed, the checker sees a `Map`: the twin among the valid cases)",
      code: `interface Env { KV: Map<string, string> }
export default {
  async fetch(request: Request, env: Env, ctx: unknown) {
    env.KV.delete('x');
    return new Response('ok');
  },
};`,
      errors: [
        {
          messageId: 'handlerEndCancelledAfterResponseWithExtender',
          data: { task: "env.KV.delete('x')", chain: '', line: 5, ...WORKERS },
          line: 4,
          suggestions: [
            {
              messageId: 'useExtender',
              data: { task: "env.KV.delete('x')", extender: 'ctx.waitUntil' },
              output: `interface Env { KV: Map<string, string> }
export default {
  async fetch(request: Request, env: Env, ctx: unknown) {
    ctx.waitUntil(env.KV.delete('x'));
    return new Response('ok');
  },
};`,
            },
            {
              messageId: 'awaitInPlace',
              output: `interface Env { KV: Map<string, string> }
export default {
  async fetch(request: Request, env: Env, ctx: unknown) {
    await env.KV.delete('x');
    return new Response('ok');
  },
};`,
            },
          ],
        },
      ],
    },
  ],
};

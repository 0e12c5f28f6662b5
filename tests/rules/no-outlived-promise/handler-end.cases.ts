import type rule from '../../../rules/no-outlived-promise';
import type { Section } from '../cases';
import { LAMBDA, WORKERS, NEXT, NEXT_PROXY, NETLIFY, SERVICE_WORKER, CLOUD_FUNCTIONS, exitData } from './messages';
import { work } from './snippets';

/*
 * `handlerEnd`: work still pending when a runtime's handler returns (or sends its response): AWS Lambda,
 * Cloudflare Workers, service workers, Next.js and Vercel, Netlify, Firebase and Google Cloud Functions, and
 * the `handlerExports` option; the runtime extenders (`waitUntil`, `after`) that join.
 */

export const handlerEnd: Section<typeof rule> = {
  name: 'handler-end',
  valid: [
    // ── joins: runtime extenders ─────────────────────────────────────────────────────────────────────
    `async function work() { await null; }
export default {
  async fetch(request, env, ctx) {
    ctx.waitUntil(work());
    return new Response('ok');
  },
};`,
    `async function work() { await null; }
export default {
  async fetch(request, env, ctx) {
    const t = work();
    ctx.waitUntil(t);
    return new Response('ok');
  },
};`,
    `async function work() { await null; }
export default {
  async fetch(request, env, ctx) {
    const a = work();
    const b = work();
    ctx.waitUntil(Promise.all([a, b]));
    return new Response('ok');
  },
};`,
    `async function work() { await null; }
export default {
  async fetch(request, env, ctx) {
    const t = work();
    ctx.waitUntil((async () => { await t; })());
    return new Response('ok');
  },
};`,
    `async function work() { await null; }
self.addEventListener('install', (event) => {
  event.waitUntil(work());
});`,
    `async function work() { await null; }
self.addEventListener('fetch', (event) => {
  event.respondWith(work());
});`,
    {
      filename: 'app/api/users/route.ts',
      code: `import { waitUntil } from '@vercel/functions';
async function work() { await null; }
export async function GET(request) {
  waitUntil(work());
  return Response.json({ ok: true });
}`,
    },
    {
      filename: 'app/api/users/route.ts',
      code: `import { after } from 'next/server';
async function work() { await null; }
export async function POST(request) {
  after(() => work());
  return Response.json({ ok: true });
}`,
    },
    {
      filename: 'app/api/users/route.ts',
      code: `import { after } from 'next/server';
async function work() { await null; }
export async function POST(request) {
  const t = work();
  after(() => t);
  return Response.json({ ok: true });
}`,
    },
    `interface ExecutionContext { waitUntil(promise: Promise<unknown>): void }
interface Env { KV: { put(key: string, value: string): Promise<void> } }
interface ExportedHandler<E> { fetch?(request: Request, env: E, ctx: ExecutionContext): Response | Promise<Response> }
export default {
  async fetch(request, env, ctx) {
    ctx.waitUntil(env.KV.put('last', request.url));
    return new Response('ok');
  },
} satisfies ExportedHandler<Env>;`,

    // ── not a handler ────────────────────────────────────────────────────────────────────────────────
    `async function work() { await null; }
export const notAHandler = async (event) => {
  work();
  return 1;
};`,
    `async function work() { await null; }
export default {
  async helper(request, env, ctx) {
    work();
    return new Response('ok');
  },
};`,
    `async function work() { await null; }
export const worker = {
  async fetch(request, env, ctx) {
    work();
    return new Response('ok');
  },
};`,
    `async function work() { await null; }
self.addEventListener('custom', (event) => {
  work();
});`,
    `async function work() { await null; }
function register(self) {
  self.addEventListener('fetch', (event) => {
    work();
  });
}`,
    // TypeScript's \`declare const self: ServiceWorkerGlobalScope;\` types the global: its listeners are the service worker's.
    `declare const self: ServiceWorkerGlobalScope;
async function work() { await null; }
self.addEventListener('install', (event) => {
  event.waitUntil(work());
});`,
    // A real \`self\` with a value, or an ambient one the file reassigns, is not the global.
    `async function work() { await null; }
const self = { addEventListener(type, listener) {} };
self.addEventListener('fetch', (event) => {
  work();
});`,
    `declare let self: { addEventListener(type: string, listener: (event: unknown) => void): void };
async function work() { await null; }
self = { addEventListener() {} };
self.addEventListener('fetch', (event) => {
  work();
});`,
    {
      filename: 'app/api/users/page.ts',
      code: `async function work() { await null; }
export async function POST(request) {
  work();
  return Response.json({ ok: true });
}`,
    },
    {
      filename: 'pages/api/hello.ts',
      code: `async function work() { await null; }
export async function helper(req, res) {
  work();
}`,
    },
    `async function work() { await null; }
app.get('/', async (req, res) => {
  work();
  res.send('ok');
});`,
    `import { onRequest } from 'firebase-functions/v2/https';
async function work() { await null; }
export const api = onRequest(async (req, res) => {
  await work();
  res.status(200).send('ok');
});`,
    // A \`proxy.ts\` that is not Next.js's (no \`next/server\` import, no route \`config\`).
    {
      filename: 'src/lib/proxy.ts',
      code: `async function logVisit(url: string) { await null; }
export function proxy(request: Request) {
  logVisit(request.url);
  return fetch(request);
}`,
    },
    // \`waitUntil\` from \`cloudflare:workers\` holds the invocation open from anywhere in a Worker.
    `import { waitUntil } from 'cloudflare:workers';
async function track(url) { await null; }
export default {
  async fetch(request) {
    waitUntil(track(request.url));
    return new Response('ok');
  },
};`,
    `import { waitUntil as keepAlive } from 'cloudflare:workers';
async function track(url) { await null; }
export default {
  async queue(batch) {
    const tracking = track(batch.queue);
    keepAlive(tracking);
  },
};`,
    // Only the default export of a Netlify function is its handler.
    {
      filename: 'netlify/functions/_shared/audit.ts',
      code: `async function write(line: string) { await null; }
export function audit(line: string) {
  write(line);
  return line;
}`,
    },
    // A callback-style Lambda handler is frozen only once the event loop is empty.
    `${work}export function handler(event, context, callback) {\n  work();\n  callback(null, { statusCode: 200 });\n}`,

    // ── options ──────────────────────────────────────────────────────────────────────────────────────
    {
      code: `async function work() { await null; }
export const handler = async (event) => {
  work();
  return 1;
};`,
      options: [{ lifetimeEnds: { handlerEnd: false } }],
    },
    {
      code: `declare function work(): Promise<void>;
export const handler = async (event: unknown) => {
  work();
  return { statusCode: 200 };
};`,
      options: [{ lifetimeEnds: { handlerEnd: false } }],
    },
  ],
  invalid: [
    // ── AWS Lambda ───────────────────────────────────────────────────────────────────────────────────
    {
      code: `async function work() { await null; }
export const handler = async (event) => {
  void work();
  return { statusCode: 200 };
};`,
      errors: [
        {
          messageId: 'handlerEndFrozenAfterSettle',
          data: { task: 'work()', chain: '', line: 4, ...LAMBDA },
          line: 3,
          column: 8,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
export const handler = async (event) => {
  await work();
  return { statusCode: 200 };
};`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
export const handler = async (event) => {
  work();
};`,
      errors: [
        {
          messageId: 'handlerEndFrozenAfterSettle',
          data: { task: 'work()', chain: '', line: 4, ...LAMBDA },
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
export const handler = async (event) => {
  await work();
};`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
export async function handler(event) {
  const t = work();
  console.log(event);
}`,
      errors: [
        {
          messageId: 'handlerEndFrozenAfterSettle',
          data: { task: 'work()', chain: '', line: 5, ...LAMBDA },
          line: 3,
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `async function work() { await null; }
export async function handler(event) {
  const t = work();
  console.log(event);
  await t;
}`,
            },
          ],
        },
      ],
    },
    {
      // CommonJS: `exports.handler`
      code: `async function work() { await null; }
exports.handler = async (event) => {
  work();
  return { statusCode: 200 };
};`,
      errors: [
        {
          messageId: 'handlerEndFrozenAfterSettle',
          data: { task: 'work()', chain: '', line: 4, ...LAMBDA },
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
exports.handler = async (event) => {
  await work();
  return { statusCode: 200 };
};`,
            },
          ],
        },
      ],
    },
    {
      // CommonJS: `module.exports.handler`
      code: `const fsp = require('node:fs/promises');
module.exports.handler = async (event) => {
  fsp.appendFile('audit.log', JSON.stringify(event));
  return { statusCode: 200 };
};`,
      errors: [
        {
          messageId: 'handlerEndFrozenAfterSettle',
          data: { task: 'fsp.appendFile(…)', chain: '', line: 4, ...LAMBDA },
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `const fsp = require('node:fs/promises');
module.exports.handler = async (event) => {
  await fsp.appendFile('audit.log', JSON.stringify(event));
  return { statusCode: 200 };
};`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
module.exports = {
  handler: async (event) => {
    work();
    return 1;
  },
};`,
      errors: [
        {
          messageId: 'handlerEndFrozenAfterSettle',
          data: { task: 'work()', chain: '', line: 5, ...LAMBDA },
          line: 4,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
module.exports = {
  handler: async (event) => {
    await work();
    return 1;
  },
};`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
const handler = async (event) => {
  work();
  return 1;
};
export { handler };`,
      errors: [
        {
          messageId: 'handlerEndFrozenAfterSettle',
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
const handler = async (event) => {
  await work();
  return 1;
};
export { handler };`,
            },
          ],
        },
      ],
    },
    {
      // A wrapped handler (middy).
      code: `async function work() { await null; }
export const handler = middy(async (event) => {
  work();
  return 1;
});`,
      errors: [
        {
          messageId: 'handlerEndFrozenAfterSettle',
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
export const handler = middy(async (event) => {
  await work();
  return 1;
});`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
export const handler = async (event) => {
  work().catch(() => {});
  return { statusCode: 200 };
};`,
      errors: [
        {
          messageId: 'handlerEndFrozenAfterSettle',
          data: { task: 'work()', chain: '', line: 4, ...LAMBDA },
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
export const handler = async (event) => {
  await work().catch(() => {});
  return { statusCode: 200 };
};`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
export const handler = async (event) => {
  work().then(onSuccess, onFailure);
  return { statusCode: 200 };
};`,
      errors: [
        {
          messageId: 'handlerEndFrozenAfterSettle',
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
export const handler = async (event) => {
  await work().then(onSuccess, onFailure);
  return { statusCode: 200 };
};`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
async function record(event) {
  work();
  await null;
}
export const handler = async (event) => {
  await record(event);
  return { statusCode: 200 };
};`,
      errors: [
        {
          messageId: 'handlerEndFrozenAfterSettle',
          data: { task: 'work()', chain: ' (via `record()` → `handler()`)', line: 8, ...LAMBDA },
          line: 3,
          suggestions: [],
        },
      ],
    },
    {
      code: `async function work() { await null; }
const audit = {
  record() { work(); },
};
export const handler = async (event) => {
  audit.record();
  return { statusCode: 200 };
};`,
      errors: [
        {
          messageId: 'handlerEndFrozenAfterSettle',
          data: { task: 'work()', chain: ' (via `record()` → `handler()`)', line: 7, ...LAMBDA },
          line: 3,
          suggestions: [],
        },
      ],
    },
    {
      // An exit in a handler is still an exit when handler ends are switched off.
      code: `async function work() { await null; }
export const handler = async (event) => {
  work();
  process.exit(1);
};`,
      options: [{ lifetimeEnds: { handlerEnd: false } }],
      errors: [
        {
          messageId: 'exit',
          data: exitData('work()', 'process.exit(1)', 4),
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
export const handler = async (event) => {
  await work();
  process.exit(1);
};`,
            },
          ],
        },
      ],
    },
    {
      // `void work()` as a handler's value: the handler hands back `undefined`, not the work.
      code: `${work}export const handler = async (event) => void work(event);`,
      errors: [{ messageId: 'handlerEndFrozenAfterSettle', line: 2, suggestions: [] }],
    },
    {
      code: `${work}export const handler = async (event) => {\n  return void work(event);\n};`,
      errors: [{ messageId: 'handlerEndFrozenAfterSettle', line: 3, suggestions: [] }],
    },
    {
      code: `${work}const handler = async (event: unknown) => {\n  void work(event);\n  return { statusCode: 200 };\n};\nexport = { handler };`,
      filename: 'handler.ts',
      errors: [
        {
          messageId: 'handlerEndFrozenAfterSettle',
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `${work}const handler = async (event: unknown) => {\n  await work(event);\n  return { statusCode: 200 };\n};\nexport = { handler };`,
            },
          ],
        },
      ],
    },

    // ── Cloudflare Workers ───────────────────────────────────────────────────────────────────────────
    {
      code: `async function work() { await null; }
export default {
  async fetch(req, env, ctx) {
    const t = work();
    return new Response('ok');
  },
};`,
      errors: [
        {
          messageId: 'handlerEndCancelledAfterResponseWithExtender',
          data: { task: 'work()', chain: '', line: 5, ...WORKERS },
          line: 4,
          column: 15,
          suggestions: [
            {
              messageId: 'useExtender',
              data: { task: 'work()', extender: 'ctx.waitUntil' },
              output: `async function work() { await null; }
export default {
  async fetch(req, env, ctx) {
    const t = work();
    ctx.waitUntil(t);
    return new Response('ok');
  },
};`,
            },
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `async function work() { await null; }
export default {
  async fetch(req, env, ctx) {
    const t = work();
    await t;
    return new Response('ok');
  },
};`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
export default {
  async fetch(request, env, ctx) {
    void work();
    return new Response('ok');
  },
};`,
      errors: [
        {
          messageId: 'handlerEndCancelledAfterResponseWithExtender',
          data: { task: 'work()', chain: '', line: 5, ...WORKERS },
          line: 4,
          suggestions: [
            {
              messageId: 'useExtender',
              output: `async function work() { await null; }
export default {
  async fetch(request, env, ctx) {
    ctx.waitUntil(work());
    return new Response('ok');
  },
};`,
            },
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
export default {
  async fetch(request, env, ctx) {
    await work();
    return new Response('ok');
  },
};`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
export default {
  async scheduled(controller, env, ctx) {
    const t = work();
    console.log('scheduled');
  },
};`,
      errors: [
        {
          messageId: 'handlerEndCancelledAfterResponseWithExtender',
          data: { task: 'work()', chain: '', line: 6, ...WORKERS },
          line: 4,
          suggestions: [
            {
              messageId: 'useExtender',
              output: `async function work() { await null; }
export default {
  async scheduled(controller, env, ctx) {
    const t = work();
    console.log('scheduled');
    ctx.waitUntil(t);
  },
};`,
            },
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `async function work() { await null; }
export default {
  async scheduled(controller, env, ctx) {
    const t = work();
    console.log('scheduled');
    await t;
  },
};`,
            },
          ],
        },
      ],
    },
    {
      // Without a `ctx` parameter there is nothing to hand the task to.
      code: `async function work() { await null; }
export default {
  async queue(batch) {
    work();
  },
};`,
      errors: [
        {
          messageId: 'handlerEndCancelledAfterResponseWithExtender',
          line: 4,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
export default {
  async queue(batch) {
    await work();
  },
};`,
            },
          ],
        },
      ],
    },
    {
      // Without one, \`waitUntil\` imported from \`cloudflare:workers\` holds the invocation open.
      code: `import { waitUntil } from 'cloudflare:workers';
async function work() { await null; }
export default {
  async fetch(request) {
    work();
    return new Response('ok');
  },
};`,
      errors: [
        {
          messageId: 'handlerEndCancelledAfterResponseWithExtender',
          data: { task: 'work()', chain: '', line: 6, ...WORKERS, extender: '`waitUntil()`' },
          line: 5,
          suggestions: [
            {
              messageId: 'useExtender',
              data: { task: 'work()', extender: 'waitUntil' },
              output: `import { waitUntil } from 'cloudflare:workers';
async function work() { await null; }
export default {
  async fetch(request) {
    waitUntil(work());
    return new Response('ok');
  },
};`,
            },
            {
              messageId: 'awaitInPlace',
              output: `import { waitUntil } from 'cloudflare:workers';
async function work() { await null; }
export default {
  async fetch(request) {
    await work();
    return new Response('ok');
  },
};`,
            },
          ],
        },
      ],
    },
    {
      code: `import { waitUntil as keepAlive } from 'cloudflare:workers';
async function work() { await null; }
export default {
  async scheduled(controller) {
    const t = work();
    console.log(controller.cron);
  },
};`,
      errors: [
        {
          messageId: 'handlerEndCancelledAfterResponseWithExtender',
          data: { task: 'work()', chain: '', line: 7, ...WORKERS, extender: '`keepAlive()`' },
          line: 5,
          suggestions: [
            {
              messageId: 'useExtender',
              data: { task: 'work()', extender: 'keepAlive' },
              output: `import { waitUntil as keepAlive } from 'cloudflare:workers';
async function work() { await null; }
export default {
  async scheduled(controller) {
    const t = work();
    console.log(controller.cron);
    keepAlive(t);
  },
};`,
            },
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `import { waitUntil as keepAlive } from 'cloudflare:workers';
async function work() { await null; }
export default {
  async scheduled(controller) {
    const t = work();
    console.log(controller.cron);
    await t;
  },
};`,
            },
          ],
        },
      ],
    },
    {
      // The handler's own \`ctx\` comes first; a \`waitUntil\` from another module is not the runtime's.
      code: `import { waitUntil } from 'cloudflare:workers';
import { waitUntil as flushLater } from './flush';
async function work() { await null; }
export default {
  async fetch(request, env, ctx) {
    work();
    return new Response('ok');
  },
};`,
      errors: [
        {
          messageId: 'handlerEndCancelledAfterResponseWithExtender',
          data: { task: 'work()', chain: '', line: 7, ...WORKERS },
          line: 6,
          suggestions: [
            {
              messageId: 'useExtender',
              output: `import { waitUntil } from 'cloudflare:workers';
import { waitUntil as flushLater } from './flush';
async function work() { await null; }
export default {
  async fetch(request, env, ctx) {
    ctx.waitUntil(work());
    return new Response('ok');
  },
};`,
            },
            {
              messageId: 'awaitInPlace',
              output: `import { waitUntil } from 'cloudflare:workers';
import { waitUntil as flushLater } from './flush';
async function work() { await null; }
export default {
  async fetch(request, env, ctx) {
    await work();
    return new Response('ok');
  },
};`,
            },
          ],
        },
      ],
    },
    {
      code: `import { waitUntil } from './flush';
async function work() { await null; }
export default {
  async queue(batch) {
    work();
  },
};`,
      errors: [
        {
          messageId: 'handlerEndCancelledAfterResponseWithExtender',
          data: { task: 'work()', chain: '', line: 6, ...WORKERS },
          line: 5,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `import { waitUntil } from './flush';
async function work() { await null; }
export default {
  async queue(batch) {
    await work();
  },
};`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work(): Promise<void> { await null; }
export default {
  async fetch(request, env, ctx) {
    work();
    return new Response('ok');
  },
} satisfies ExportedHandler<Env>;`,
      errors: [
        {
          messageId: 'handlerEndCancelledAfterResponseWithExtender',
          data: { task: 'work()', chain: '', line: 5, ...WORKERS },
          line: 4,
          suggestions: [
            {
              messageId: 'useExtender',
              output: `async function work(): Promise<void> { await null; }
export default {
  async fetch(request, env, ctx) {
    ctx.waitUntil(work());
    return new Response('ok');
  },
} satisfies ExportedHandler<Env>;`,
            },
            {
              messageId: 'awaitInPlace',
              output: `async function work(): Promise<void> { await null; }
export default {
  async fetch(request, env, ctx) {
    await work();
    return new Response('ok');
  },
} satisfies ExportedHandler<Env>;`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
const worker = {
  async fetch(request, env, ctx) {
    work();
    return new Response('ok');
  },
};
export default worker;`,
      errors: [
        {
          messageId: 'handlerEndCancelledAfterResponseWithExtender',
          line: 4,
          suggestions: [
            {
              messageId: 'useExtender',
              output: `async function work() { await null; }
const worker = {
  async fetch(request, env, ctx) {
    ctx.waitUntil(work());
    return new Response('ok');
  },
};
export default worker;`,
            },
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
const worker = {
  async fetch(request, env, ctx) {
    await work();
    return new Response('ok');
  },
};
export default worker;`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
export default {
  fetch: async (request, env, ctx) => {
    work();
    return new Response('ok');
  },
};`,
      errors: [
        {
          messageId: 'handlerEndCancelledAfterResponseWithExtender',
          line: 4,
          suggestions: [
            {
              messageId: 'useExtender',
              output: `async function work() { await null; }
export default {
  fetch: async (request, env, ctx) => {
    ctx.waitUntil(work());
    return new Response('ok');
  },
};`,
            },
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
export default {
  fetch: async (request, env, ctx) => {
    await work();
    return new Response('ok');
  },
};`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
export default class extends WorkerEntrypoint {
  async fetch(request) {
    work();
    return new Response('ok');
  }
}`,
      errors: [
        {
          messageId: 'handlerEndCancelledAfterResponseWithExtender',
          data: { task: 'work()', chain: '', line: 5, ...WORKERS, extender: '`this.ctx.waitUntil()`' },
          line: 4,
          suggestions: [
            {
              messageId: 'useExtender',
              data: { task: 'work()', extender: 'this.ctx.waitUntil' },
              output: `async function work() { await null; }
export default class extends WorkerEntrypoint {
  async fetch(request) {
    this.ctx.waitUntil(work());
    return new Response('ok');
  }
}`,
            },
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
export default class extends WorkerEntrypoint {
  async fetch(request) {
    await work();
    return new Response('ok');
  }
}`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
export default class extends WorkerEntrypoint {
  log() { work(); }
  async fetch(request) {
    this.log();
    return new Response('ok');
  }
}`,
      errors: [
        {
          messageId: 'handlerEndCancelledAfterResponseWithExtender',
          data: {
            task: 'work()',
            chain: ' (via `log()` → `fetch()`)',
            line: 6,
            ...WORKERS,
            extender: '`this.ctx.waitUntil()`',
          },
          line: 3,
          suggestions: [],
        },
      ],
    },

    // ── service worker ───────────────────────────────────────────────────────────────────────────────
    {
      code: `async function work() { await null; }
self.addEventListener('fetch', (event) => {
  work();
  event.respondWith(new Response('offline'));
});`,
      errors: [
        {
          messageId: 'handlerEndStoppedAfterEventWithExtender',
          data: { task: 'work()', chain: '', line: 5, ...SERVICE_WORKER },
          line: 3,
          suggestions: [
            {
              messageId: 'useExtender',
              data: { task: 'work()', extender: 'event.waitUntil' },
              output: `async function work() { await null; }
self.addEventListener('fetch', (event) => {
  event.waitUntil(work());
  event.respondWith(new Response('offline'));
});`,
            },
          ],
        },
      ],
    },
    {
      code: `declare const self: ServiceWorkerGlobalScope;
async function work() { await null; }
self.addEventListener('fetch', (event) => {
  work();
});`,
      errors: [
        {
          messageId: 'handlerEndStoppedAfterEventWithExtender',
          data: { task: 'work()', chain: '', line: 5, ...SERVICE_WORKER },
          line: 4,
          suggestions: [
            {
              messageId: 'useExtender',
              data: { task: 'work()', extender: 'event.waitUntil' },
              output: `declare const self: ServiceWorkerGlobalScope;
async function work() { await null; }
self.addEventListener('fetch', (event) => {
  event.waitUntil(work());
});`,
            },
          ],
        },
      ],
    },
    {
      code: `declare var self: ServiceWorkerGlobalScope & typeof globalThis;
async function work() { await null; }
self.onpush = (event) => {
  const t = work();
  console.log('pushed');
};`,
      errors: [
        {
          messageId: 'handlerEndStoppedAfterEventWithExtender',
          data: { task: 'work()', chain: '', line: 6, ...SERVICE_WORKER },
          line: 4,
          suggestions: [
            {
              messageId: 'useExtender',
              output: `declare var self: ServiceWorkerGlobalScope & typeof globalThis;
async function work() { await null; }
self.onpush = (event) => {
  const t = work();
  console.log('pushed');
  event.waitUntil(t);
};`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
self.onfetch = (event) => {
  work();
};`,
      errors: [
        {
          messageId: 'handlerEndStoppedAfterEventWithExtender',
          data: { task: 'work()', chain: '', line: 4, ...SERVICE_WORKER },
          line: 3,
          suggestions: [
            {
              messageId: 'useExtender',
              output: `async function work() { await null; }
self.onfetch = (event) => {
  event.waitUntil(work());
};`,
            },
          ],
        },
      ],
    },
    {
      code: `async function work() { await null; }
self.addEventListener('push', (event) => {
  const t = work();
  console.log('pushed');
});`,
      errors: [
        {
          messageId: 'handlerEndStoppedAfterEventWithExtender',
          line: 3,
          suggestions: [
            {
              messageId: 'useExtender',
              output: `async function work() { await null; }
self.addEventListener('push', (event) => {
  const t = work();
  console.log('pushed');
  event.waitUntil(t);
});`,
            },
          ],
        },
      ],
    },

    // ── Next.js / Vercel ─────────────────────────────────────────────────────────────────────────────
    {
      // Next.js 16's proxy: its \`NextFetchEvent\` has \`waitUntil()\`.
      filename: 'src/proxy.ts',
      code: `import { NextResponse, type NextFetchEvent, type NextRequest } from 'next/server';
async function logVisit(url: string) { await null; }
export function proxy(request: NextRequest, event: NextFetchEvent) {
  logVisit(request.url);
  return NextResponse.next();
}`,
      errors: [
        {
          messageId: 'handlerEndFrozenAfterResponseWithExtender',
          data: { task: 'logVisit(request.url)', chain: '', line: 5, ...NEXT_PROXY, extender: '`event.waitUntil()`' },
          line: 4,
          suggestions: [
            {
              messageId: 'useExtender',
              output: `import { NextResponse, type NextFetchEvent, type NextRequest } from 'next/server';
async function logVisit(url: string) { await null; }
export function proxy(request: NextRequest, event: NextFetchEvent) {
  event.waitUntil(logVisit(request.url));
  return NextResponse.next();
}`,
            },
          ],
        },
      ],
    },
    {
      // Its name before Next.js 16, default-exported, with only a \`config\` to say it is Next.js's.
      filename: 'middleware.js',
      code: `async function logVisit(url) { await null; }
export default async function middleware(request) {
  void logVisit(request.url);
  return new Response(null, { headers: { 'x-middleware-next': '1' } });
}
export const config = { matcher: '/app/:path*' };`,
      errors: [
        {
          messageId: 'handlerEndFrozenAfterResponseWithExtender',
          data: {
            task: 'logVisit(request.url)',
            chain: '',
            line: 4,
            ...NEXT_PROXY,
            extender: '`after()` from `next/server`',
          },
          line: 3,
          // The codemod's plan first: `after()` imported from `next/server`, which the proxy may call.
          suggestions: [
            {
              messageId: 'useExtender',
              output: `import { after } from 'next/server';
async function logVisit(url) { await null; }
export default async function middleware(request) {
  after(() => logVisit(request.url));
  return new Response(null, { headers: { 'x-middleware-next': '1' } });
}
export const config = { matcher: '/app/:path*' };`,
            },
            {
              messageId: 'awaitInPlace',
              output: `async function logVisit(url) { await null; }
export default async function middleware(request) {
  await logVisit(request.url);
  return new Response(null, { headers: { 'x-middleware-next': '1' } });
}
export const config = { matcher: '/app/:path*' };`,
            },
          ],
        },
      ],
    },
    {
      filename: 'app/api/users/route.ts',
      code: `async function work() { await null; }
export async function POST(request) {
  work();
  return Response.json({ ok: true });
}`,
      errors: [
        {
          messageId: 'handlerEndFrozenAfterResponseWithExtender',
          data: { task: 'work()', chain: '', line: 4, ...NEXT, extender: '`after()` from `next/server`' },
          line: 3,
          // The codemod's plan first: `after()` imported from `next/server`.
          suggestions: [
            {
              messageId: 'useExtender',
              output: `import { after } from 'next/server';
async function work() { await null; }
export async function POST(request) {
  after(() => work());
  return Response.json({ ok: true });
}`,
            },
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
export async function POST(request) {
  await work();
  return Response.json({ ok: true });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'app/api/users/route.ts',
      code: `import { after } from 'next/server';
async function work() { await null; }
export async function POST(request) {
  work();
  return Response.json({ ok: true });
}`,
      errors: [
        {
          messageId: 'handlerEndFrozenAfterResponseWithExtender',
          data: { task: 'work()', chain: '', line: 5, ...NEXT, extender: '`after()`' },
          line: 4,
          suggestions: [
            {
              messageId: 'useExtender',
              data: { task: 'work()', extender: 'after' },
              output: `import { after } from 'next/server';
async function work() { await null; }
export async function POST(request) {
  after(() => work());
  return Response.json({ ok: true });
}`,
            },
            {
              messageId: 'awaitInPlace',
              output: `import { after } from 'next/server';
async function work() { await null; }
export async function POST(request) {
  await work();
  return Response.json({ ok: true });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'app/route.ts',
      code: `import { after as later } from 'next/server';
async function work() { await null; }
export async function GET() {
  const t = work();
  return new Response('ok');
}`,
      errors: [
        {
          messageId: 'handlerEndFrozenAfterResponseWithExtender',
          data: { task: 'work()', chain: '', line: 5, ...NEXT, extender: '`later()`' },
          line: 4,
          suggestions: [
            {
              messageId: 'useExtender',
              output: `import { after as later } from 'next/server';
async function work() { await null; }
export async function GET() {
  const t = work();
  later(() => t);
  return new Response('ok');
}`,
            },
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `import { after as later } from 'next/server';
async function work() { await null; }
export async function GET() {
  const t = work();
  await t;
  return new Response('ok');
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'app/api/users/route.ts',
      code: `import { waitUntil } from '@vercel/functions';
async function work() { await null; }
export async function GET(request) {
  work();
  return Response.json({ ok: true });
}`,
      errors: [
        {
          messageId: 'handlerEndFrozenAfterResponseWithExtender',
          data: { task: 'work()', chain: '', line: 5, ...NEXT, extender: '`waitUntil()`' },
          line: 4,
          suggestions: [
            {
              messageId: 'useExtender',
              output: `import { waitUntil } from '@vercel/functions';
async function work() { await null; }
export async function GET(request) {
  waitUntil(work());
  return Response.json({ ok: true });
}`,
            },
            {
              messageId: 'awaitInPlace',
              output: `import { waitUntil } from '@vercel/functions';
async function work() { await null; }
export async function GET(request) {
  await work();
  return Response.json({ ok: true });
}`,
            },
          ],
        },
      ],
    },
    {
      filename: 'pages/api/hello.ts',
      code: `async function work() { await null; }
export default async function hello(req, res) {
  work();
  return res.status(200).json({ ok: true });
}`,
      errors: [
        {
          messageId: 'handlerEndFrozenAfterResponse',
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
export default async function hello(req, res) {
  await work();
  return res.status(200).json({ ok: true });
}`,
            },
          ],
        },
      ],
    },
    {
      // A `pages/api` handler is done when it sends its response.
      code: `${work}export default async function hello(req, res) {\n  work();\n  res.status(200).json({ ok: true });\n}`,
      filename: 'pages/api/hello.ts',
      errors: [
        {
          messageId: 'handlerEndFrozenAfterResponse',
          line: 3,
          data: {
            task: 'work()',
            chain: '',
            line: 4,
            runtime: 'Next.js route',
            moment: 'sends its response',
            // `after()` belongs to the App Router: a Pages Router API route has no extender to import.,
          },
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `${work}export default async function hello(req, res) {\n  await work();\n  res.status(200).json({ ok: true });\n}`,
            },
          ],
        },
      ],
    },

    // ── Netlify ──────────────────────────────────────────────────────────────────────────────────────
    {
      filename: 'netlify/functions/signup.ts',
      code: `import type { Context } from '@netlify/functions';
async function sendWelcome(email: string) { await null; }
export default async (request: Request, context: Context) => {
  const { email } = await request.json();
  sendWelcome(email);
  return new Response('ok');
};`,
      errors: [
        {
          messageId: 'handlerEndFrozenAfterResponseWithExtender',
          data: { task: 'sendWelcome(email)', chain: '', line: 6, ...NETLIFY, extender: '`context.waitUntil()`' },
          line: 5,
          suggestions: [
            {
              messageId: 'useExtender',
              output: `import type { Context } from '@netlify/functions';
async function sendWelcome(email: string) { await null; }
export default async (request: Request, context: Context) => {
  const { email } = await request.json();
  context.waitUntil(sendWelcome(email));
  return new Response('ok');
};`,
            },
            {
              messageId: 'awaitInPlace',
              output: `import type { Context } from '@netlify/functions';
async function sendWelcome(email: string) { await null; }
export default async (request: Request, context: Context) => {
  const { email } = await request.json();
  await sendWelcome(email);
  return new Response('ok');
};`,
            },
          ],
        },
      ],
    },
    {
      // An edge function that does not take the context: await it.
      filename: 'netlify/edge-functions/track.js',
      code: `async function track(url) { await null; }
export default async function (request) {
  void track(request.url);
  return new Response('ok');
}`,
      errors: [
        {
          messageId: 'handlerEndFrozenAfterResponse',
          data: { task: 'track(request.url)', chain: '', line: 4, ...NETLIFY },
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function track(url) { await null; }
export default async function (request) {
  await track(request.url);
  return new Response('ok');
}`,
            },
          ],
        },
      ],
    },

    // ── Firebase / Google Cloud Functions ────────────────────────────────────────────────────────────
    {
      // `res.send()` ends the invocation, even with more code after it.
      code: `import { onRequest } from 'firebase-functions/v2/https';
async function work() { await null; }
export const api = onRequest(async (req, res) => {
  work();
  res.send('ok');
  await work();
});`,
      errors: [
        {
          messageId: 'handlerEndThrottledAfterResponse',
          data: { task: 'work()', chain: '', line: 5, ...CLOUD_FUNCTIONS, moment: 'sends its response' },
          line: 4,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `import { onRequest } from 'firebase-functions/v2/https';
async function work() { await null; }
export const api = onRequest(async (req, res) => {
  await work();
  res.send('ok');
  await work();
});`,
            },
          ],
        },
      ],
    },
    {
      code: `import { onRequest } from 'firebase-functions/v2/https';
async function work() { await null; }
export const api = onRequest(async (req, res) => {
  work();
});`,
      errors: [
        {
          messageId: 'handlerEndThrottledAfterResponse',
          data: { task: 'work()', chain: '', line: 5, ...CLOUD_FUNCTIONS },
          line: 4,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `import { onRequest } from 'firebase-functions/v2/https';
async function work() { await null; }
export const api = onRequest(async (req, res) => {
  await work();
});`,
            },
          ],
        },
      ],
    },
    {
      code: `const functions = require('@google-cloud/functions-framework');
async function work() { await null; }
functions.http('hello', async (req, res) => {
  work();
  res.status(200).send('ok');
});`,
      errors: [
        {
          messageId: 'handlerEndThrottledAfterResponse',
          data: { task: 'work()', chain: '', line: 5, ...CLOUD_FUNCTIONS, moment: 'sends its response' },
          line: 4,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `const functions = require('@google-cloud/functions-framework');
async function work() { await null; }
functions.http('hello', async (req, res) => {
  await work();
  res.status(200).send('ok');
});`,
            },
          ],
        },
      ],
    },
    {
      code: `import * as functions from '@google-cloud/functions-framework';
async function work() { await null; }
functions.http('hello', async (req, res) => {
  work();
  res.send('ok');
});`,
      errors: [
        {
          messageId: 'handlerEndThrottledAfterResponse',
          line: 4,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `import * as functions from '@google-cloud/functions-framework';
async function work() { await null; }
functions.http('hello', async (req, res) => {
  await work();
  res.send('ok');
});`,
            },
          ],
        },
      ],
    },

    // ── `handlerExports` ─────────────────────────────────────────────────────────────────────────────
    {
      code: `async function work() { await null; }
export async function main(event) {
  work();
  return 1;
}`,
      options: [{ handlerExports: ['main'] }],
      errors: [
        {
          messageId: 'handlerEndMayStop',
          data: {
            task: 'work()',
            chain: '',
            line: 4,
            runtime: 'runtime',
            moment: 'returns',
          },
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function work() { await null; }
export async function main(event) {
  await work();
  return 1;
}`,
            },
          ],
        },
      ],
    },

    // ── with type information ────────────────────────────────────────────────────────────────────────
    {
      code: `declare function work(): Promise<void>;
export const handler = async (event: unknown) => {
  void work();
  return { statusCode: 200 };
};`,
      errors: [
        {
          messageId: 'handlerEndFrozenAfterSettle',
          data: { task: 'work()', chain: '', line: 4, ...LAMBDA },
          line: 3,
          column: 8,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `declare function work(): Promise<void>;
export const handler = async (event: unknown) => {
  await work();
  return { statusCode: 200 };
};`,
            },
          ],
        },
      ],
    },
    {
      code: `declare function putMetric(name: string): Promise<void>;
function record(name: string): void { putMetric(name); }
export const handler = async (event: { name: string }) => {
  record(event.name);
  return { statusCode: 200 };
};`,
      errors: [
        {
          messageId: 'handlerEndFrozenAfterSettle',
          data: { task: 'putMetric(name)', chain: ' (via `record()` → `handler()`)', line: 5, ...LAMBDA },
          line: 2,
          suggestions: [],
        },
      ],
    },
    {
      code: `declare function work(): Promise<void>;
interface ExecutionContext { waitUntil(promise: Promise<unknown>): void }
export default {
  async fetch(req: Request, env: unknown, ctx: ExecutionContext) {
    const t = work();
    return new Response('ok');
  },
};`,
      errors: [
        {
          messageId: 'handlerEndCancelledAfterResponseWithExtender',
          data: { task: 'work()', chain: '', line: 6, ...WORKERS },
          line: 5,
          column: 15,
          suggestions: [
            {
              messageId: 'useExtender',
              data: { task: 'work()', extender: 'ctx.waitUntil' },
              output: `declare function work(): Promise<void>;
interface ExecutionContext { waitUntil(promise: Promise<unknown>): void }
export default {
  async fetch(req: Request, env: unknown, ctx: ExecutionContext) {
    const t = work();
    ctx.waitUntil(t);
    return new Response('ok');
  },
};`,
            },
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `declare function work(): Promise<void>;
interface ExecutionContext { waitUntil(promise: Promise<unknown>): void }
export default {
  async fetch(req: Request, env: unknown, ctx: ExecutionContext) {
    const t = work();
    await t;
    return new Response('ok');
  },
};`,
            },
          ],
        },
      ],
    },
    {
      // A Workers handler's `env.KV.put(…)` is a promise with or without types (platform-apis.cases.ts has more).
      code: `interface ExecutionContext { waitUntil(promise: Promise<unknown>): void }
interface Env { KV: { put(key: string, value: string): Promise<void> } }
interface ExportedHandler<E> { fetch?(request: Request, env: E, ctx: ExecutionContext): Response | Promise<Response> }
export default {
  async fetch(request, env, ctx) {
    env.KV.put('last', request.url);
    return new Response('ok');
  },
} satisfies ExportedHandler<Env>;`,
      errors: [
        {
          messageId: 'handlerEndCancelledAfterResponseWithExtender',
          data: { task: "env.KV.put('last', request.url)", chain: '', line: 7, ...WORKERS },
          line: 6,
          suggestions: [
            {
              messageId: 'useExtender',
              output: `interface ExecutionContext { waitUntil(promise: Promise<unknown>): void }
interface Env { KV: { put(key: string, value: string): Promise<void> } }
interface ExportedHandler<E> { fetch?(request: Request, env: E, ctx: ExecutionContext): Response | Promise<Response> }
export default {
  async fetch(request, env, ctx) {
    ctx.waitUntil(env.KV.put('last', request.url));
    return new Response('ok');
  },
} satisfies ExportedHandler<Env>;`,
            },
            {
              messageId: 'awaitInPlace',
              output: `interface ExecutionContext { waitUntil(promise: Promise<unknown>): void }
interface Env { KV: { put(key: string, value: string): Promise<void> } }
interface ExportedHandler<E> { fetch?(request: Request, env: E, ctx: ExecutionContext): Response | Promise<Response> }
export default {
  async fetch(request, env, ctx) {
    await env.KV.put('last', request.url);
    return new Response('ok');
  },
} satisfies ExportedHandler<Env>;`,
            },
          ],
        },
      ],
    },
    {
      code: `declare function work(): Promise<void>;
self.addEventListener('fetch', (event) => {
  work();
});`,
      errors: [
        {
          messageId: 'handlerEndStoppedAfterEventWithExtender',
          data: {
            task: 'work()',
            chain: '',
            line: 4,
            runtime: 'service worker',
            moment: 'returns',
            extender: '`event.waitUntil()`',
          },
          line: 3,
          suggestions: [
            {
              messageId: 'useExtender',
              output: `declare function work(): Promise<void>;
self.addEventListener('fetch', (event) => {
  event.waitUntil(work());
});`,
            },
          ],
        },
      ],
    },
    {
      code: `declare function work(): Promise<void>;
export async function handler(event: unknown): Promise<{ statusCode: number }> {
  const pending = work();
  console.log(event);
  return { statusCode: 200 };
}`,
      errors: [
        {
          messageId: 'handlerEndFrozenAfterSettle',
          data: { task: 'work()', chain: '', line: 5, ...LAMBDA },
          line: 3,
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `declare function work(): Promise<void>;
export async function handler(event: unknown): Promise<{ statusCode: number }> {
  const pending = work();
  console.log(event);
  await pending;
  return { statusCode: 200 };
}`,
            },
          ],
        },
      ],
    },
    {
      code: `declare function work(): Promise<void>;
export async function main(event: unknown): Promise<number> {
  work();
  return 1;
}`,
      options: [{ handlerExports: ['main'] }],
      errors: [
        {
          messageId: 'handlerEndMayStop',
          data: {
            task: 'work()',
            chain: '',
            line: 4,
            runtime: 'runtime',
            moment: 'returns',
          },
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `declare function work(): Promise<void>;
export async function main(event: unknown): Promise<number> {
  await work();
  return 1;
}`,
            },
          ],
        },
      ],
    },
    {
      code: `declare function work(): Promise<void>;
export const handler = async (event: unknown) => {
  work();
  process.exit(1);
};`,
      options: [{ lifetimeEnds: { handlerEnd: false } }],
      errors: [
        {
          messageId: 'exit',
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `declare function work(): Promise<void>;
export const handler = async (event: unknown) => {
  await work();
  process.exit(1);
};`,
            },
          ],
        },
      ],
    },
  ],
};

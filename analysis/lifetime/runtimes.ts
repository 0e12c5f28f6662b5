import type { Runtime } from './model';

/*
 * What each managed runtime does with work its handler leaves pending, in one place: the rule (which words
 * its messages by `pendingWork`), the owner roles and the rewrites read this table. How a handler is
 * recognised stays in owner-roles.ts.
 */

/**
 * What a runtime does to work its handler leaves pending: `frozen-after-settle` (Lambda freezes the
 * environment once the handler's promise settles), `cancelled-after-response` (Workers cancels it),
 * `stopped-after-event` (the browser may stop a service worker once the event is handled),
 * `frozen-after-response` (a serverless function may be frozen once its response is sent),
 * `throttled-after-response` (Cloud Functions may throttle or stop the instance), `may-stop` (a runtime
 * the user names: it may stop the work once the handler returns).
 */
export type PendingWork =
  'frozen-after-settle' | 'cancelled-after-response' | 'stopped-after-event' | 'frozen-after-response' | 'throttled-after-response' | 'may-stop';

export interface RuntimeFacts {
  /** How a message names the runtime's handler: "the Lambda handler". */
  readonly name: string;
  /** What happens to work still pending once the handler is done. */
  readonly pendingWork: PendingWork;
  /**
   * The runtime's function that keeps the invocation alive until a promise settles, when it is imported
   * rather than handed to the handler (`ctx.waitUntil`): a rewrite may import it (`after` from `next/server`).
   */
  readonly importableExtender: { readonly name: string; readonly from: string } | null;
  /** The runtime waits for the promise its handler returns: the handler may simply become async. */
  readonly awaitsReturnedPromise: boolean;
}

export const RUNTIMES: Readonly<Record<Runtime, RuntimeFacts>> = {
  'aws-lambda': {
    name: 'Lambda',
    pendingWork: 'frozen-after-settle',
    importableExtender: null,
    awaitsReturnedPromise: true,
  },
  'cloudflare-workers': {
    name: 'Cloudflare Workers',
    pendingWork: 'cancelled-after-response',
    importableExtender: null,
    awaitsReturnedPromise: true,
  },
  'service-worker': {
    name: 'service worker',
    pendingWork: 'stopped-after-event',
    importableExtender: null,
    // An event listener's returned promise is ignored: only `event.waitUntil()` extends the event.
    awaitsReturnedPromise: false,
  },
  nextjs: {
    name: 'Next.js route',
    pendingWork: 'frozen-after-response',
    importableExtender: { name: 'after', from: 'next/server' },
    awaitsReturnedPromise: true,
  },
  'nextjs-proxy': {
    name: 'Next.js proxy (middleware)',
    pendingWork: 'frozen-after-response',
    importableExtender: { name: 'after', from: 'next/server' },
    awaitsReturnedPromise: true,
  },
  netlify: { name: 'Netlify', pendingWork: 'frozen-after-response', importableExtender: null, awaitsReturnedPromise: true },
  vercel: { name: 'Vercel', pendingWork: 'frozen-after-response', importableExtender: null, awaitsReturnedPromise: true },
  firebase: {
    name: 'Cloud Functions',
    pendingWork: 'throttled-after-response',
    importableExtender: null,
    awaitsReturnedPromise: true,
  },
  custom: {
    name: 'runtime',
    pendingWork: 'may-stop',
    importableExtender: null,
    awaitsReturnedPromise: true,
  },
};

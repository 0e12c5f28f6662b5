import type { Runtime } from './model';

/*
 * What each managed runtime does with work its handler leaves pending, in one place: the rule's messages,
 * the owner roles and the rewrites read this table. How a handler is recognised stays in owner-roles.ts.
 */

export interface RuntimeFacts {
  /** How a message names the runtime's handler: "the Lambda handler". */
  readonly name: string;
  /** What happens to work still pending once the handler returns, as a message says it. */
  readonly pendingWork: string;
  /**
   * The runtime's function that keeps the invocation alive until a promise settles, when it is imported
   * rather than handed to the handler (`ctx.waitUntil`): a rewrite may import it (`after` from `next/server`).
   */
  readonly importableExtender: { readonly name: string; readonly from: string } | null;
  /** The runtime waits for the promise its handler returns: the handler may simply become async. */
  readonly awaitsReturnedPromise: boolean;
}

const FROZEN_AFTER_RESPONSE = 'the function may be frozen once the response is sent';

export const RUNTIMES: Readonly<Record<Runtime, RuntimeFacts>> = {
  'aws-lambda': {
    name: 'Lambda',
    pendingWork: 'Lambda freezes the environment after the handler settles, so the work runs late or never',
    importableExtender: null,
    awaitsReturnedPromise: true,
  },
  'cloudflare-workers': {
    name: 'Cloudflare Workers',
    pendingWork: 'Workers cancels what is still pending after the response',
    importableExtender: null,
    awaitsReturnedPromise: true,
  },
  'service-worker': {
    name: 'service worker',
    pendingWork: 'the browser may stop the worker once the event is handled',
    importableExtender: null,
    // An event listener's returned promise is ignored: only `event.waitUntil()` extends the event.
    awaitsReturnedPromise: false,
  },
  nextjs: {
    name: 'Next.js route',
    pendingWork: FROZEN_AFTER_RESPONSE,
    importableExtender: { name: 'after', from: 'next/server' },
    awaitsReturnedPromise: true,
  },
  'nextjs-proxy': {
    name: 'Next.js proxy (middleware)',
    pendingWork: FROZEN_AFTER_RESPONSE,
    importableExtender: { name: 'after', from: 'next/server' },
    awaitsReturnedPromise: true,
  },
  netlify: { name: 'Netlify', pendingWork: FROZEN_AFTER_RESPONSE, importableExtender: null, awaitsReturnedPromise: true },
  vercel: { name: 'Vercel', pendingWork: FROZEN_AFTER_RESPONSE, importableExtender: null, awaitsReturnedPromise: true },
  firebase: {
    name: 'Cloud Functions',
    pendingWork: 'Cloud Functions may throttle or stop the instance once the response is sent',
    importableExtender: null,
    awaitsReturnedPromise: true,
  },
  custom: {
    name: 'runtime',
    pendingWork: 'the runtime may stop it once the handler returns',
    importableExtender: null,
    awaitsReturnedPromise: true,
  },
};

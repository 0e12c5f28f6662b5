/*
 * The `data` of no-outlived-promise's reports, shared by the sections of its cases: the code, names and
 * numbers a message shows (whether a task is joined on some paths only, or may lose a race, is in the
 * messageId: `exitPartial`, `exitRaced`; so is what a handler's runtime does to pending work).
 */

export const LAMBDA = { runtime: 'Lambda', moment: 'returns' };

export const WORKERS = { runtime: 'Cloudflare Workers', moment: 'returns', extender: '`ctx.waitUntil()`' };

export const NEXT = { runtime: 'Next.js route', moment: 'returns' };

export const NETLIFY = { runtime: 'Netlify', moment: 'returns' };

export const NEXT_PROXY = { runtime: 'Next.js proxy (middleware)', moment: 'returns' };

export const SERVICE_WORKER = { runtime: 'service worker', moment: 'returns', extender: '`event.waitUntil()`' };

export const CLOUD_FUNCTIONS = { runtime: 'Cloud Functions', moment: 'returns' };

/** The `data` of an `exit` report. */
export function exitData(task: string, end: string, line: number, more: { chain?: string } = {}) {
  return { task, end, line, chain: more.chain ?? '' };
}

/** The `data` of an `exitListener` report, or of an `exitListenerAwait` one (`at` the `await` it stops at). */
export function exitListenerData(task: string, line: number, more: { chain?: string; at?: string } = {}) {
  return { task, line, chain: more.chain ?? '', ...(more.at !== undefined && { end: more.at }) };
}

/** The `data` of a `testEnd` report. */
export function testData(task: string, line: number, more: { chain?: string } = {}) {
  return { task, line, chain: more.chain ?? '' };
}

/** The `data` of a `resourceClose` report. */
export function closeData(task: string, end: string, line: number, resource: string, more: { chain?: string } = {}) {
  return { task, end, line, resource, chain: more.chain ?? '' };
}

/* The `data` of no-outlived-promise's reports, shared by the sections of its cases. */

export const PARTIAL = ' It is not awaited on every path.';

export const LAMBDA = {
  runtime: 'Lambda',
  moment: 'returns',
  fate: 'Lambda freezes the environment after the handler settles, so the work runs late or never',
  advice: ' Await it before the handler returns.',
};

export const WORKERS = {
  runtime: 'Cloudflare Workers',
  moment: 'returns',
  fate: 'Workers cancels what is still pending after the response',
  advice: ' Pass it to `ctx.waitUntil()` or await it.',
};

export const NEXT = { runtime: 'Next.js route', moment: 'returns', fate: 'the function may be frozen once the response is sent' };

export const NETLIFY = { runtime: 'Netlify', moment: 'returns', fate: 'the function may be frozen once the response is sent' };

export const NEXT_PROXY = { runtime: 'Next.js proxy (middleware)', moment: 'returns', fate: 'the function may be frozen once the response is sent' };

export const SERVICE_WORKER = {
  runtime: 'service worker',
  moment: 'returns',
  fate: 'the browser may stop the worker once the event is handled',
  advice: ' Pass it to `event.waitUntil()` or await it.',
};

export const CLOUD_FUNCTIONS = {
  runtime: 'Cloud Functions',
  moment: 'returns',
  fate: 'Cloud Functions may throttle or stop the instance once the response is sent',
  advice: ' Await it before the handler returns.',
};

/** The `data` of an `exit` report. */
export function exitData(task: string, end: string, line: number, more: { chain?: string; partial?: boolean } = {}) {
  return { task, end, line, chain: more.chain ?? '', partial: more.partial ? PARTIAL : '' };
}

/** The `data` of an `exitListener` report: the listener `returns`, or `stops at \`await …\``. */
export function exitListenerData(task: string, line: number, more: { chain?: string; moment?: string; partial?: boolean } = {}) {
  return { task, line, chain: more.chain ?? '', moment: more.moment ?? 'returns', partial: more.partial ? PARTIAL : '' };
}

/** The `data` of a `testEnd` report. */
export function testData(task: string, line: number, more: { chain?: string; partial?: boolean } = {}) {
  return { task, line, chain: more.chain ?? '', partial: more.partial ? PARTIAL : '', advice: ' Await it in the test.' };
}

/** The `data` of a `resourceClose` report. */
export function closeData(task: string, end: string, line: number, resource: string, more: { chain?: string; partial?: boolean } = {}) {
  return { task, end, line, resource, chain: more.chain ?? '', partial: more.partial ? PARTIAL : '' };
}

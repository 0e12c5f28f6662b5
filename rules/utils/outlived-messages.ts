import { RUNTIMES, type Finding, type PendingWork } from '../../analysis';
import { describeChain } from './describe-chain';

/*
 * The reports of no-outlived-promise: one complete message per messageId, in the manner of typescript-eslint
 * (its `no-floating-promises` builds `floatingVoid` from the same sentences as `floating`). Each kind of
 * lifetime end has its sentence; a handler's end is worded by what its runtime does to pending work and
 * whether it has an extender, and queued events (`…Queued`) name the client's flush; each comes plain, `…Partial` (joined on some paths only) and `…Raced` (it may
 * lose the race it is awaited in). Data are code, names and numbers only.
 */

const PENDING = '`{{task}}`{{chain}} is still pending when';
/** Events an analytics or error client queues (`posthog.capture()`): nothing to await but the client's flush. */
const QUEUED = '`{{task}}`{{chain}} is still queued, unsent, when';

const PENDING_WORK: Readonly<Record<PendingWork, readonly [id: string, sentence: string]>> = {
  'frozen-after-settle': ['FrozenAfterSettle', 'Lambda freezes the environment after the handler settles, so the work runs late or never'],
  'cancelled-after-response': ['CancelledAfterResponse', 'Workers cancels what is still pending after the response'],
  'stopped-after-event': ['StoppedAfterEvent', 'the browser may stop the worker once the event is handled'],
  'frozen-after-response': ['FrozenAfterResponse', 'the function may be frozen once the response is sent'],
  'throttled-after-response': ['ThrottledAfterResponse', 'Cloud Functions may throttle or stop the instance once the response is sent'],
  'may-stop': ['MayStop', 'the runtime may stop it once the handler returns'],
};

type HandlerEnd =
  `handlerEnd${'FrozenAfterSettle' | 'CancelledAfterResponse' | 'StoppedAfterEvent' | 'FrozenAfterResponse' | 'ThrottledAfterResponse' | 'MayStop'}${'' | 'WithExtender'}${'' | 'Queued'}`;
type End = 'exit' | 'exitQueued' | 'exitListener' | 'exitListenerAwait' | HandlerEnd | 'testEnd' | 'subtestEnd' | 'resourceClose' | 'resourceDispose';
type Modifier = '' | 'Partial' | 'Raced';

export type ReportMessageId = `${End}${Modifier}`;

const MODIFIERS: Readonly<Record<Modifier, string>> = {
  '': '',
  Partial: ' It is not awaited on every path.',
  Raced: ' It may lose the race it is awaited in, and nothing waits for it after that.',
};

const EXIT_LISTENER =
  'Node exits right after its `exit` listeners and runs no more asynchronous work. Do it synchronously, or finish it before the process exits.';

/** Each kind of end: its message, with the modifier's sentence where it goes. */
function endMessages(): Record<End, (modifier: string) => string> {
  const ends: Partial<Record<End, (modifier: string) => string>> = {
    exit: (modifier) => `${PENDING} \`{{end}}\` (line {{line}}) ends the process.${modifier}`,
    exitQueued: (modifier) => `${QUEUED} \`{{end}}\` (line {{line}}) ends the process.${modifier} Await \`{{flush}}\` before it.`,
    exitListener: (modifier) => `${PENDING} the process \`exit\` listener returns (line {{line}}): ${EXIT_LISTENER}${modifier}`,
    exitListenerAwait: (modifier) => `${PENDING} the process \`exit\` listener stops at \`{{end}}\` (line {{line}}): ${EXIT_LISTENER}${modifier}`,
    testEnd: (modifier) => `${PENDING} the test ends (line {{line}}): its failures are never reported.${modifier} Await it in the test.`,
    subtestEnd: (modifier) =>
      `\`{{task}}\`{{chain}} is a subtest still running when its parent test ends (line {{line}}): node:test cancels it and fails the parent.${modifier} Await it in the test.`,
    resourceClose: (modifier) => `${PENDING} \`{{end}}\` (line {{line}}) closes \`{{resource}}\`, which it still uses.${modifier}`,
    resourceDispose: (modifier) =>
      `${PENDING} \`{{resource}}\` is disposed at the end of its \`using\` block (line {{line}}), and it still uses it.${modifier}`,
  };
  for (const [id, sentence] of Object.values(PENDING_WORK)) {
    const fact = `${PENDING} the {{runtime}} handler {{moment}} (line {{line}}): ${sentence}.`;
    ends[`handlerEnd${id}` as End] = (modifier) => `${fact}${modifier} Await it before the handler returns.`;
    ends[`handlerEnd${id}WithExtender` as End] = (modifier) => `${fact}${modifier} Pass it to {{extender}} or await it.`;
    const queued = `${QUEUED} the {{runtime}} handler {{moment}} (line {{line}}): ${sentence}.`;
    ends[`handlerEnd${id}Queued` as End] = (modifier) => `${queued}${modifier} Await \`{{flush}}\` before the handler returns.`;
    ends[`handlerEnd${id}WithExtenderQueued` as End] = (modifier) => `${queued}${modifier} Pass \`{{flush}}\` to {{extender}} or await it.`;
  }
  return ends as Record<End, (modifier: string) => string>;
}

export const REPORT_MESSAGES = Object.fromEntries(
  Object.entries(endMessages()).flatMap(([end, message]) =>
    Object.entries(MODIFIERS).map(([modifier, sentence]) => [`${end}${modifier}`, message(sentence)] as const),
  ),
) as Record<ReportMessageId, string>;

function endOf({ task, end }: Finding): End {
  switch (end.kind) {
    case 'exit':
      return task.kind === 'buffered' ? 'exitQueued' : 'exit';
    case 'exit-listener':
      return end.atAwait ? 'exitListenerAwait' : 'exitListener';
    case 'handler-end': {
      const [id] = PENDING_WORK[RUNTIMES[end.runtime].pendingWork];
      return `handlerEnd${id}${end.extender ? 'WithExtender' : ''}${task.kind === 'buffered' ? 'Queued' : ''}` as HandlerEnd;
    }
    case 'test-end':
      return task.subtest ? 'subtestEnd' : 'testEnd';
    case 'resource-close':
      return end.disposal ? 'resourceDispose' : 'resourceClose';
  }
}

/** The report's messageId: its end, and whether the task is joined on some paths only or may lose a race. */
export function reportMessageId(finding: Finding): ReportMessageId {
  const modifier: Modifier = finding.task.kind === 'raced' ? 'Raced' : finding.partial ? 'Partial' : '';
  return `${endOf(finding)}${modifier}`;
}

/** The report's data: the code, names and numbers its message shows. */
export function reportData(finding: Finding): Record<string, string | number> {
  const { task, end } = finding;
  return {
    task: task.text,
    chain: describeChain(finding),
    end: end.text,
    line: end.line,
    runtime: end.kind === 'handler-end' ? RUNTIMES[end.runtime].name : '',
    moment: end.kind === 'handler-end' && end.response ? 'sends its response' : 'returns',
    extender: end.kind === 'handler-end' && end.extender ? codeOf(end.extender.display) : '',
    resource: end.kind === 'resource-close' ? end.resource : '',
    flush: task.flush ?? '',
  };
}

/** `ctx.waitUntil()` as code; a display that words itself (`` `after()` from `next/server` ``) as it is. */
function codeOf(display: string): string {
  return display.startsWith('`') ? display : `\`${display}\``;
}

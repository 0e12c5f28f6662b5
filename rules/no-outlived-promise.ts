import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { lineEndingOf, orUnknown, planJoinEdits, withLineEnding, type Finding, type JoinEditKind, type Runtime, type TypeOrValueSpecifier } from '../analysis';
import { analyzeOnce } from './utils/analyze-once';
import { createRule } from './utils/create-rule';
import { typeOrValueSpecifiersSchema } from './utils/schema';

export interface NoOutlivedPromiseOptions {
  lifetimeEnds?: { exit?: boolean; handlerEnd?: boolean; testEnd?: boolean; resourceClose?: boolean };
  exitFunctions?: TypeOrValueSpecifier[];
  handlerExports?: string[];
  closeMethods?: string[];
  promiseFunctions?: TypeOrValueSpecifier[];
  allowForKnownSafeCalls?: TypeOrValueSpecifier[];
  allowForKnownSafePromises?: TypeOrValueSpecifier[];
  followImports?: boolean;
}

export type Options = [NoOutlivedPromiseOptions];
export type MessageIds =
  | 'exit'
  | 'handlerEnd'
  | 'testEnd'
  | 'exitListener'
  | 'subtestEnd'
  | 'resourceClose'
  | 'resourceDispose'
  | 'awaitInPlace'
  | 'awaitBeforeEnd'
  | 'awaitHandleBeforeEnd'
  | 'useExtender';

const defaults: NoOutlivedPromiseOptions = {
  lifetimeEnds: { exit: true, handlerEnd: true, testEnd: true, resourceClose: true },
  exitFunctions: [],
  handlerExports: [],
  closeMethods: [],
  promiseFunctions: [],
  allowForKnownSafeCalls: [],
  allowForKnownSafePromises: [],
  followImports: true,
};

const RUNTIME_FATE: Record<Runtime, string> = {
  'aws-lambda': 'Lambda freezes the environment after the handler settles, so the work runs late or never',
  'cloudflare-workers': 'Workers cancels what is still pending after the response',
  'service-worker': 'the browser may stop the worker once the event is handled',
  nextjs: 'the function may be frozen once the response is sent',
  'nextjs-proxy': 'the function may be frozen once the response is sent',
  netlify: 'the function may be frozen once the response is sent',
  vercel: 'the function may be frozen once the response is sent',
  firebase: 'Cloud Functions may throttle or stop the instance once the response is sent',
  custom: 'the runtime may stop it once the handler returns',
};

const RUNTIME_NAME: Record<Runtime, string> = {
  'aws-lambda': 'Lambda',
  'cloudflare-workers': 'Cloudflare Workers',
  'service-worker': 'service worker',
  nextjs: 'Next.js route',
  'nextjs-proxy': 'Next.js proxy (middleware)',
  netlify: 'Netlify',
  vercel: 'Vercel',
  firebase: 'Cloud Functions',
  custom: 'runtime',
};

const SUGGESTIONS: ReadonlyArray<[JoinEditKind, MessageIds]> = [
  ['use-extender', 'useExtender'],
  ['await-in-place', 'awaitInPlace'],
  ['await-before-end', 'awaitBeforeEnd'],
];

function describeChain(finding: Finding): string {
  if (finding.task.kind === 'left-pending') return ' (the work it leaves pending in its module)';
  if (finding.chain.length === 0) return '';
  return ` (via ${finding.chain.map((link) => link.description).join(' → ')})`;
}

function messageIdOf({ task, end }: Finding): MessageIds {
  switch (end.kind) {
    case 'exit':
      return 'exit';
    case 'exit-listener':
      return 'exitListener';
    case 'handler-end':
      return 'handlerEnd';
    case 'test-end':
      return task.subtest ? 'subtestEnd' : 'testEnd';
    case 'resource-close':
      return end.disposal ? 'resourceDispose' : 'resourceClose';
  }
}

/** When an owner's end comes: a handler `returns` or `sends its response`; an `exit` listener may stop at an `await`. */
function describeMoment(end: Finding['end']): string {
  if (end.response) return 'sends its response';
  if (end.kind === 'exit-listener' && !end.implicit && end.text.startsWith('await')) return `stops at \`${end.text}\``;
  return 'returns';
}

function describeAdvice(finding: Finding): string {
  const { end } = finding;
  if (end.extender) return ` Pass it to ${end.extender.display.startsWith('`') ? end.extender.display : `\`${end.extender.display}\``} or await it.`;
  if (end.kind === 'handler-end') return ' Await it before the handler returns.';
  if (end.kind === 'test-end') return ' Await it in the test.';
  return '';
}

export default createRule<Options, MessageIds>({
  name: 'no-outlived-promise',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Disallow promises that are still pending when their caller exits the process, returns from a handler, ends a test or closes a resource they use',
      recommended: true,
      requiresTypeChecking: false,
    },
    hasSuggestions: true,
    messages: {
      exit: '`{{task}}`{{chain}} is still pending when `{{end}}` (line {{line}}) ends the process.{{partial}}',
      handlerEnd: '`{{task}}`{{chain}} is still pending when the {{runtime}} handler {{moment}} (line {{line}}): {{fate}}.{{partial}}{{advice}}',
      exitListener:
        '`{{task}}`{{chain}} is still pending when the process `exit` listener {{moment}} (line {{line}}): Node exits right after its `exit` listeners and runs no more asynchronous work. Do it synchronously, or finish it before the process exits.{{partial}}',
      testEnd: '`{{task}}`{{chain}} is still pending when the test ends (line {{line}}): its failures are never reported.{{partial}}{{advice}}',
      subtestEnd:
        '`{{task}}`{{chain}} is a subtest still running when its parent test ends (line {{line}}): node:test cancels it and fails the parent.{{partial}}{{advice}}',
      resourceClose: '`{{task}}`{{chain}} is still pending when `{{end}}` (line {{line}}) closes `{{resource}}`, which it still uses.{{partial}}',
      resourceDispose:
        '`{{task}}`{{chain}} is still pending when `{{resource}}` is disposed at the end of its `using` block (line {{line}}), and it still uses it.{{partial}}',
      awaitInPlace: 'Await `{{task}}` here.',
      awaitBeforeEnd: 'Keep `{{task}}` as `{{handle}}` and await it before line {{line}}.',
      awaitHandleBeforeEnd: 'Await `{{handle}}` before line {{line}}.',
      useExtender: 'Hand `{{task}}` to `{{extender}}` so the runtime waits for it.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          lifetimeEnds: {
            type: 'object',
            description: 'Turn each kind of lifetime end on or off.',
            additionalProperties: false,
            properties: {
              exit: {
                type: 'boolean',
                description:
                  '`process.exit()`, `process.abort()`, `process.kill(process.pid)`, same-file helpers that call them, and the end of process `exit` listeners.',
              },
              handlerEnd: { type: 'boolean', description: 'The return of a Lambda, Cloudflare Workers, service worker, Next.js or Cloud Functions handler.' },
              testEnd: { type: 'boolean', description: 'The end of a test or hook callback.' },
              resourceClose: { type: 'boolean', description: '`r.close()` and the like, or the end of a `using r` block, while a task uses `r`.' },
            },
          },
          exitFunctions: { ...typeOrValueSpecifiersSchema, description: 'More functions that end the process.' },
          handlerExports: {
            type: 'array',
            items: { type: 'string' },
            description: 'More exported names that a runtime invokes as handlers and freezes after they return.',
          },
          closeMethods: { type: 'array', items: { type: 'string' }, description: 'More method names that close the object they are called on.' },
          promiseFunctions: {
            ...typeOrValueSpecifiersSchema,
            description: 'More functions whose calls return promises, for code linted without type information.',
          },
          allowForKnownSafeCalls: { ...typeOrValueSpecifiersSchema, description: 'Calls whose promises may outlive their caller by design.' },
          followImports: {
            type: 'boolean',
            description: "Read the project's other modules (imported by a relative path) to learn which imported functions return pending work, exit or block.",
          },
          allowForKnownSafePromises: {
            ...typeOrValueSpecifiersSchema,
            description: 'Promise types that may outlive their caller by design (needs type information).',
          },
        },
      },
    ],
    defaultOptions: [defaults],
  },
  defaultOptions: [defaults],
  create(context, [options]) {
    return {
      'Program:exit'(program: TSESTree.Program) {
        const { sourceCode } = context;
        const { findings } = analyzeOnce(context, program, {
          lifetimeEnds: { exit: true, handlerEnd: true, testEnd: true, resourceClose: true, ...options.lifetimeEnds },
          exitFunctions: options.exitFunctions ?? [],
          handlerExports: options.handlerExports ?? [],
          closeMethods: options.closeMethods ?? [],
          promiseFunctions: options.promiseFunctions ?? [],
          allowForKnownSafeCalls: options.allowForKnownSafeCalls ?? [],
          allowForKnownSafePromises: options.allowForKnownSafePromises ?? [],
          followImports: options.followImports !== false,
        });
        const eol = findings.length > 0 ? lineEndingOf(sourceCode.text) : '\n';
        for (const finding of findings) report(context, sourceCode, finding, eol);
      },
    };
  },
});

function report(
  context: Readonly<TSESLint.RuleContext<MessageIds, Options>>,
  sourceCode: Readonly<TSESLint.SourceCode>,
  finding: Finding,
  eol: '\n' | '\r\n',
): void {
  const { task, end } = finding;
  const messageId = messageIdOf(finding);
  const suggest: Array<TSESLint.SuggestionReportDescriptor<MessageIds>> = [];
  for (const [kind, suggestionId] of SUGGESTIONS) {
    // A planner defect costs the suggestion, never the report or the user's ESLint run.
    const plan = orUnknown(() => planJoinEdits(sourceCode.text, finding, kind), null);
    if (!plan) continue;
    suggest.push({
      messageId: suggestionId === 'awaitBeforeEnd' && finding.plan.existingHandle ? 'awaitHandleBeforeEnd' : suggestionId,
      data: { task: task.text, handle: finding.plan.handleName, line: end.line, extender: finding.plan.extender?.callee ?? '' },
      fix: (fixer) => plan.edits.map((edit) => fixer.replaceTextRange(edit.range, withLineEnding(edit.text, eol))),
    });
  }
  context.report({
    loc: { start: sourceCode.getLocFromIndex(task.range[0]), end: sourceCode.getLocFromIndex(task.range[1]) },
    messageId,
    data: {
      task: task.text,
      chain: describeChain(finding),
      end: end.text,
      line: end.line,
      partial:
        task.kind === 'raced'
          ? ' It may lose the race it is awaited in, and nothing waits for it after that.'
          : finding.partial
            ? ' It is not awaited on every path.'
            : '',
      runtime: end.runtime ? RUNTIME_NAME[end.runtime] : 'runtime',
      moment: describeMoment(end),
      fate: end.runtime ? RUNTIME_FATE[end.runtime] : 'the runtime may stop it',
      advice: describeAdvice(finding),
      resource: end.resource ?? '',
    },
    suggest,
  });
}

import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import {
  lineEndingOf,
  orUnknown,
  planFindingFix,
  withLineEnding,
  type AnalyzedFile,
  type Finding,
  type FindingPlan,
  type TypeOrValueSpecifier,
} from '../analysis';
import { analyzeOnce } from './utils/analyze-once';
import { announceReports, reportedAt, type ReportedAt } from './utils/report-channel';
import { REPORT_MESSAGES, reportData, reportMessageId, type ReportMessageId } from './utils/outlived-messages';
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
  followPackageTypes?: boolean;
}

export type Options = [NoOutlivedPromiseOptions];
export type MessageIds = ReportMessageId | 'awaitInPlace' | 'awaitBeforeEnd' | 'awaitHandleBeforeEnd' | 'useExtender' | 'deferEnd';

const defaults: NoOutlivedPromiseOptions = {
  lifetimeEnds: { exit: true, handlerEnd: true, testEnd: true, resourceClose: true },
  exitFunctions: [],
  handlerExports: [],
  closeMethods: [],
  promiseFunctions: [],
  allowForKnownSafeCalls: [],
  allowForKnownSafePromises: [],
  followImports: true,
  followPackageTypes: true,
};

const SUGGESTION_MESSAGES: Readonly<Record<FindingPlan['kind'] | 'await-handle', MessageIds>> = {
  'use-extender': 'useExtender',
  'await-in-place': 'awaitInPlace',
  'await-before-end': 'awaitBeforeEnd',
  'await-handle': 'awaitHandleBeforeEnd',
  'defer-end': 'deferEnd',
};

/** The suggestions the codemod's plan for the finding allows, restricted to its function: the runtime's extender, then an await. */
function suggestionsFor(file: AnalyzedFile, finding: Finding): Array<{ messageId: MessageIds; plan: FindingPlan }> {
  const suggestions: Array<{ messageId: MessageIds; plan: FindingPlan }> = [];
  for (const useExtender of finding.end.kind === 'handler-end' && finding.end.extender ? [true, false] : [false]) {
    // A planner defect costs the suggestion, never the report or the user's ESLint run.
    const plan = orUnknown(() => planFindingFix(file, finding, { useExtender }), null);
    if (plan) suggestions.push({ messageId: SUGGESTION_MESSAGES[plan.kind === 'await-before-end' && plan.existingHandle ? 'await-handle' : plan.kind], plan });
  }
  return suggestions;
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
      ...REPORT_MESSAGES,
      awaitInPlace: 'Await `{{task}}` here.',
      awaitBeforeEnd: 'Keep `{{task}}` as `{{handle}}` and await it before line {{line}}.',
      awaitHandleBeforeEnd: 'Await `{{handle}}` before line {{line}}.',
      useExtender: 'Hand `{{task}}` to `{{extender}}` so the runtime waits for it.',
      deferEnd: 'Run the exit on line {{line}} once `{{task}}` has settled, in its `.finally()`.',
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
                  '`process.exit()`, `process.abort()`, `process.kill(process.pid)`, the exits of commander, yargs and oclif, same-file helpers that call them, and the end of process `exit` listeners.',
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
          followPackageTypes: {
            type: 'boolean',
            description: "Read installed packages' type declarations (`.d.ts`) to learn which of their functions and methods return promises.",
          },
          allowForKnownSafePromises: {
            ...typeOrValueSpecifiersSchema,
            description: 'Promise types that may outlive their caller by design (by their declared type names without type information).',
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
        const analyzed = analyzeOnce(context, program, {
          lifetimeEnds: { exit: true, handlerEnd: true, testEnd: true, resourceClose: true, ...options.lifetimeEnds },
          exitFunctions: options.exitFunctions ?? [],
          handlerExports: options.handlerExports ?? [],
          closeMethods: options.closeMethods ?? [],
          promiseFunctions: options.promiseFunctions ?? [],
          allowForKnownSafeCalls: options.allowForKnownSafeCalls ?? [],
          allowForKnownSafePromises: options.allowForKnownSafePromises ?? [],
          followImports: options.followImports !== false,
          followPackageTypes: options.followPackageTypes !== false,
        });
        if (!analyzed || analyzed.result.findings.length === 0) return;
        const eol = lineEndingOf(sourceCode.text);
        const reported = analyzed.result.findings.map((finding) => report(context, sourceCode, analyzed, finding, eol));
        announceReports(context.physicalFilename, 'no-outlived-promise', { analyzed, reported });
      },
    };
  },
});

function report(
  context: Readonly<TSESLint.RuleContext<MessageIds, Options>>,
  sourceCode: Readonly<TSESLint.SourceCode>,
  file: AnalyzedFile,
  finding: Finding,
  eol: '\n' | '\r\n',
): ReportedAt {
  const { task, end } = finding;
  const suggest = suggestionsFor(file, finding).map(({ messageId, plan }): TSESLint.SuggestionReportDescriptor<MessageIds> => ({
    messageId,
    data: { task: task.text, handle: plan.handle ?? '', line: end.line, extender: plan.extender ?? '' },
    fix: (fixer) => plan.edits.map((edit) => fixer.replaceTextRange(edit.range, withLineEnding(edit.text, eol))),
  }));
  const loc = { start: sourceCode.getLocFromIndex(task.range[0]), end: sourceCode.getLocFromIndex(task.range[1]) };
  context.report({ loc, messageId: reportMessageId(finding), data: reportData(finding), suggest });
  return reportedAt(finding.id, loc);
}

import type { TSESTree } from '@typescript-eslint/utils';
import type { BlockingKind, Starvation, TypeOrValueSpecifier } from '../analysis';
import { analyzeOnce } from './utils/analyze-once';
import { announceReports, reportedAt, type ReportedAt } from './utils/report-channel';
import { describeChain } from './utils/describe-chain';
import { createRule } from './utils/create-rule';
import { typeOrValueSpecifiersSchema } from './utils/schema';

export interface NoStarvedPromiseOptions {
  blockingFunctions?: TypeOrValueSpecifier[];
  fsSync?: boolean;
  promiseFunctions?: TypeOrValueSpecifier[];
  allowForKnownSafeCalls?: TypeOrValueSpecifier[];
  allowForKnownSafePromises?: TypeOrValueSpecifier[];
  followImports?: boolean;
  followPackageTypes?: boolean;
}

export type Options = [NoStarvedPromiseOptions];
export type MessageIds = 'starved';

const defaults: NoStarvedPromiseOptions = {
  blockingFunctions: [],
  fsSync: false,
  promiseFunctions: [],
  allowForKnownSafeCalls: [],
  allowForKnownSafePromises: [],
  followImports: true,
  followPackageTypes: true,
};

const BLOCKING_VERB: Record<BlockingKind, string> = {
  'atomics-wait': 'blocks the event loop',
  'child-process': 'blocks the event loop until the child process exits',
  'busy-wait': 'spins the event loop in a busy-wait',
  'sync-bridge': 'blocks the event loop until the synchronous call returns',
  'fs-sync': 'blocks the event loop on file I/O',
  configured: 'blocks the event loop',
};

function describeDuration(starvation: Starvation): string {
  const duration = starvation.block.durationMs;
  if (duration === null) return '';
  return Number.isFinite(duration) ? ` for ${duration} ms` : ' indefinitely';
}

/** "blocks the event loop until the child process exits"; with a known duration, "for 100 ms" says how long instead. */
function describeVerb(starvation: Starvation): string {
  const kind = starvation.block.through?.kind ?? starvation.block.kind;
  const saysItsEnd = kind === 'child-process' || kind === 'sync-bridge';
  return saysItsEnd && describeDuration(starvation) !== '' ? 'blocks the event loop' : BLOCKING_VERB[kind];
}

export default createRule<Options, MessageIds>({
  name: 'no-starved-promise',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow blocking the event loop while a promise the same code started is still pending',
      recommended: true,
      requiresTypeChecking: false,
    },
    messages: {
      starved:
        '`{{task}}`{{chain}} cannot make progress while `{{block}}` (line {{line}}) {{verb}}{{duration}}{{through}}. Await it first, or run the blocking work (or the task) in a worker thread.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          blockingFunctions: { ...typeOrValueSpecifiersSchema, description: 'More functions that block the event loop.' },
          fsSync: { type: 'boolean', description: 'Also count `node:fs` `*Sync` calls as blocking.' },
          promiseFunctions: {
            ...typeOrValueSpecifiersSchema,
            description: 'More functions whose calls return promises, for code linted without type information.',
          },
          allowForKnownSafeCalls: { ...typeOrValueSpecifiersSchema, description: 'Calls whose promises may wait by design.' },
          allowForKnownSafePromises: {
            ...typeOrValueSpecifiersSchema,
            description: 'Promise types that may wait by design (by their declared type names without type information).',
          },
          followImports: {
            type: 'boolean',
            description: "Read the project's other modules (imported by a relative path) to learn which imported functions return pending work, exit or block.",
          },
          followPackageTypes: {
            type: 'boolean',
            description: "Read installed packages' type declarations (`.d.ts`) to learn which of their functions and methods return promises.",
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
          blockingFunctions: options.blockingFunctions ?? [],
          fsSyncBlocks: options.fsSync === true,
          promiseFunctions: options.promiseFunctions ?? [],
          allowForKnownSafeCalls: options.allowForKnownSafeCalls ?? [],
          allowForKnownSafePromises: options.allowForKnownSafePromises ?? [],
          followImports: options.followImports !== false,
          followPackageTypes: options.followPackageTypes !== false,
        });
        if (!analyzed || analyzed.result.starvations.length === 0) return;
        const reported: ReportedAt[] = [];
        for (const starvation of analyzed.result.starvations) {
          const { task, block } = starvation;
          const loc = { start: sourceCode.getLocFromIndex(task.range[0]), end: sourceCode.getLocFromIndex(task.range[1]) };
          reported.push(reportedAt(starvation.id, loc));
          context.report({
            loc,
            messageId: 'starved',
            data: {
              task: task.text,
              chain: describeChain(starvation),
              block: block.text,
              line: block.line,
              verb: describeVerb(starvation),
              duration: describeDuration(starvation),
              through: block.through ? ` (through \`${block.through.text}\`, line ${block.through.line})` : '',
            },
          });
        }
        announceReports(context.physicalFilename, 'no-starved-promise', { analyzed, reported });
      },
    };
  },
});

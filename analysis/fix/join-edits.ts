import type { Range } from '../syntax/ast';
import type { Finding } from '../lifetime/model';
import { canJoinBefore } from '../lifetime/lifetime-ends';
import { insertStatementBefore, lineIndent, type TextEdit } from './text-edits';

export type { TextEdit };

/*
 * The safe rewrites of a finding as plain text edits: join the task just before the lifetime end, or
 * hand it to the runtime's extender. ESLint offers them as suggestions; the codemod applies the same
 * decisions. A rewrite is only planned where it cannot change what the code means: never `void`, never
 * a join the owner cannot express (a sync owner would have to become async: that is the codemod's job).
 */

export type JoinEditKind = 'await-in-place' | 'await-before-end' | 'use-extender';

export interface JoinEdits {
  readonly kind: JoinEditKind;
  readonly edits: readonly TextEdit[];
}

function usesSemicolons(source: string, statementRange: Range): boolean {
  return source.slice(statementRange[0], statementRange[1]).trimEnd().endsWith(';');
}

/** The statement's text with its expression `siteRange` replaced by `replacement`, dropping a leading `void`. */
function replaceSiteStatement(source: string, finding: Finding, make: (site: string) => string): TextEdit {
  const statement = finding.plan.siteStatementRange;
  const site = source.slice(finding.task.siteRange[0], finding.task.siteRange[1]);
  const semicolon = usesSemicolons(source, statement) ? ';' : '';
  return { range: statement, text: `${make(site)}${semicolon}` };
}

/** Inserts `line` on its own line before the end's statement, or before the owner's closing brace. */
function insertBeforeEnd(source: string, finding: Finding, line: string): TextEdit | null {
  const { plan } = finding;
  if (plan.joinBeforeRange) {
    const at = plan.joinBeforeRange[0];
    return insertStatementBefore(source, at, line);
  }
  if (plan.bodyEnd === null) return null;
  const statementIndent = lineIndent(source, plan.siteStatementRange[0]);
  let at = plan.bodyEnd;
  while (at > 0 && /[\t ]/.test(source[at - 1] ?? '')) at--;
  const onOwnLine = source[at - 1] === '\n';
  return { range: [at, at], text: onOwnLine ? `${statementIndent}${line}\n` : `\n${statementIndent}${line}\n` };
}

/**
 * The text edits for one rewrite of a finding, or null when this rewrite does not apply. Findings that
 * crossed callers (a non-empty chain) need more than one function changed and get none here.
 */
export function planJoinEdits(source: string, finding: Finding, kind: JoinEditKind): JoinEdits | null {
  const { plan, task } = finding;
  if (!canJoinBefore(finding.end) || task.kind === 'left-pending' || task.kind === 'raced') return null;
  if (plan.returned) {
    // `return work();` with a `finally` (or a disposal) still to run: `return await work();`.
    if (kind !== 'await-in-place' || !plan.ownerIsAsync || finding.chain.length > 0) return null;
    return { kind, edits: [{ range: [task.siteRange[0], task.siteRange[0]], text: 'await ' }] };
  }
  if (finding.chain.length > 0 || !plan.sameBlock || task.range[0] < plan.siteStatementRange[0]) return null;
  const semicolon = usesSemicolons(source, plan.siteStatementRange) ? ';' : '';
  const isStatementSite = task.kind !== 'unjoined-handle';
  if (kind === 'use-extender') {
    const extender = plan.extender;
    if (!extender?.callee) return null;
    const wrap = (value: string): string => (extender.takesCallback ? `${extender.callee}(() => ${value})` : `${extender.callee}(${value})`);
    if (isStatementSite) return { kind, edits: [replaceSiteStatement(source, finding, wrap)] };
    if (finding.laterEnds.length > 0) return null; // a join before one end would leave the others: the codemod joins at each
    const insertion = insertBeforeEnd(source, finding, `${wrap(plan.handleName)}${semicolon}`);
    return insertion ? { kind, edits: [insertion] } : null;
  }
  if (!plan.ownerIsAsync) return null;
  if (kind === 'await-in-place') {
    if (!isStatementSite || !plan.adjacent) return null;
    return { kind, edits: [replaceSiteStatement(source, finding, (site) => `await ${site}`)] };
  }
  if (finding.laterEnds.length > 0) return null; // a join before one end would leave the others: the codemod joins at each
  const join = insertBeforeEnd(source, finding, `await ${plan.handleName}${semicolon}`);
  if (!join) return null;
  if (!isStatementSite) return { kind, edits: [join] };
  if (plan.adjacent) return null; // awaiting in place says the same thing more simply
  return { kind, edits: [replaceSiteStatement(source, finding, (site) => `const ${plan.handleName} = ${site}`), join] };
}

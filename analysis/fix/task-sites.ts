import type { TSESTree } from '@typescript-eslint/types';
import { isTransparent, type Node } from '../syntax/ast';
import type { AnalyzedFile, FindingSites } from '../lifetime/analyze';
import type { Finding } from '../lifetime/model';
import { plannedHandleNames } from './handle-names';
import { getChainMethod } from '../lifetime/promise-chains';
import { contains, handleNameOf, LIST_PARENTS, listStatementOf, Unsupported, type Site } from './join-placement';

/*
 * Where a finding's work is, as the planner joins it: the task's own statement (its root), or the call
 * that carries a link's work into its caller.
 */

/** The task's own statement, with the handle it has (an unjoined handle) or the name planned for one. */
export function rootSiteOf(file: AnalyzedFile, finding: Finding, sites: FindingSites): Site {
  const expression = sites.task.root.siteNode;
  const statement = listStatementOf(expression);
  if (!statement) throw new Unsupported('the task is not in a statement list');
  if (finding.task.kind === 'unjoined-handle') {
    // The analysis knows the variable (`const t = ready ? work() : null`); a chain's root is found by its syntax.
    const handle = (sites.task.hops.length === 0 ? sites.task.handle?.name : null) ?? handleNameOf(expression);
    if (!handle) throw new Unsupported('its handle is not a plain variable');
    return { expression, statement, statementExpression: null, handle, awaited: false, plannedName: null, nameHint: finding.task.text };
  }
  const statementExpression = statement.type === 'ExpressionStatement' ? statement.expression : null;
  // The planned handle holds the root task only when no caller carries the work on.
  const plannedName = sites.task.hops.length === 0 ? (plannedHandleNames(file).get(finding) ?? null) : null;
  return { expression, statement, statementExpression, handle: null, awaited: false, plannedName, nameHint: finding.task.text };
}

/** The call that carries a link's work into its caller, as a site in the caller (`end`: the finding's end there). */
export function callSiteOf(file: AnalyzedFile, call: TSESTree.CallExpression, end: Node | null): Site {
  let node: Node = call;
  while (node.parent && isTransparent(node.parent)) node = node.parent;
  const parent = node.parent;
  const text = file.context.displayText(call);
  // `main().finally(() => process.exit(0))`: the end waits for the call in its chain, as an `await` would.
  const chained = parent?.type === 'MemberExpression' && parent.object === node && parent.parent?.type === 'CallExpression' ? parent.parent : null;
  const waitedByEnd = chained !== null && end !== null && getChainMethod(chained) !== null && chained.arguments.some((argument) => contains(argument, end));
  if (parent?.type === 'AwaitExpression' || waitedByEnd) {
    return { expression: call, statement: call, statementExpression: null, handle: null, awaited: true, plannedName: null, nameHint: text };
  }
  const statement = parent?.type === 'UnaryExpression' && parent.operator === 'void' ? parent.parent : parent;
  if (statement?.type !== 'ExpressionStatement' || !LIST_PARENTS.has(statement.parent?.type ?? '')) {
    throw new Unsupported(`the value of \`${text}\` (line ${file.context.lineAt(call.range[0])}) is used, so it cannot become a handle`);
  }
  return { expression: call, statement, statementExpression: statement.expression, handle: null, awaited: false, plannedName: null, nameHint: text };
}

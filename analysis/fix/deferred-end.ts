import type { TSESTree } from '@typescript-eslint/types';
import { getCalleeName, skipTransparent, type FunctionNode, type Node, type Program } from '../syntax/ast';
import type { AnalyzedFile, FindingSites } from '../lifetime/analyze';
import type { Finding } from '../lifetime/model';
import type { AsyncPropagation } from './async-propagation';
import { plannedHandleNames } from './handle-names';
import { contains, listBody, listStatementOf, statementOf, Unsupported, type Site } from './join-placement';
import { topLevelAwaitRefusal } from './running-kind';
import type { TextEdit } from './text-edits';
import type { Transaction } from './transaction';

/*
 * The rewrite when nothing can await: a callback its caller does not wait for, or the top level of a
 * file that may run as CommonJS. The exit that ends the work moves into `.finally()` of the work
 * (`report(e).finally(() => process.exit(1))`), or of `Promise.allSettled([…])` for several tasks, so
 * it runs once the work has settled, with its own arguments, whether the work succeeded or failed.
 * Deferring an end lets code run that used to be cut off, so it is done only where little can: the
 * exit is the last statement of the owner's own body, and the tasks it waits for are statements of
 * that body (a dropped task with code after it is kept as a handle, and the code still runs first).
 */

/**
 * Callbacks the event loop runs, whose caller has nothing left to do when they return: a deferred
 * exit there waits for the work and cuts off nothing else. A callback that an array method or a
 * promise chain calls is not one of them, since its caller would carry on with the exit deferred.
 */
const EVENT_LOOP_CALLEES = new Set([
  'on',
  'once',
  'addListener',
  'prependListener',
  'prependOnceListener',
  'addEventListener',
  'setTimeout',
  'setImmediate',
  'nextTick',
  'queueMicrotask',
  'close',
]);

/** The exit moved into `.finally()`: the edits, and the task's own handle when it is the only one. */
export interface DeferredEnd {
  readonly edits: readonly TextEdit[];
  readonly handle: string | null;
  readonly tasks: number;
}

/** A task the deferred exit waits for: a dropped call of the statement run before the exit, or a handle declared earlier. */
interface Waited {
  readonly statement: Node;
  readonly text: string;
  readonly handle: string | null;
  /** The statement's expression, for a dropped task kept as a handle. */
  readonly expression: Node | null;
  readonly finding: Finding;
}

export interface DeferralRequest {
  readonly finding: Finding;
  readonly sites: FindingSites;
  /** The finding's site in the owner, as the planner placed it. */
  readonly site: Site;
  /** The text the site's expression is written with (a worker call, when it moved). */
  readonly siteText: string;
  readonly semi: string;
  /** Whether another finding's task may be rewritten into a worker call, which would change its text. */
  readonly mayMove: (finding: Finding) => boolean;
  /** A suggestion defers its own task only. */
  readonly alone: boolean;
}

/** What the planner lends the join of a task whose owner cannot await. */
export interface WithoutAwait {
  readonly file: AnalyzedFile;
  readonly propagation: AsyncPropagation;
  /** A suggestion defers its own task only, and settles no CommonJS entry. */
  readonly suggestion: boolean;
  readonly semi: string;
  /** Functions earlier findings made async. */
  readonly asyncified: ReadonlySet<FunctionNode>;
  /** Whether a finding's task may be rewritten into a worker call, which would change its text. */
  readonly mayMove: (finding: Finding) => boolean;
  /** The text a site's expression is written with (a worker call, when it moved). */
  readonly siteText: (site: Site) => string;
}

/** The finding to join, at its site in the owner, and how many ends it reaches. */
export interface JoinRequest {
  readonly site: Site;
  readonly finding: Finding;
  readonly sites: FindingSites;
  readonly ends: number;
}

/**
 * Joins the work where its owner cannot await: the top level of a file that may run as CommonJS (a
 * deferred exit, or the settled `work().then(() => process.exit(0), …)`), or a callback the event loop
 * runs (a deferred exit). Returns false when the owner can await (an ES module's top level), or when a
 * callback's exit cannot be deferred (making the callback async then says why it cannot wait).
 */
export function joinWithoutAwait(planner: WithoutAwait, owner: FunctionNode | Program, request: JoinRequest, tx: Transaction): boolean {
  const { file } = planner;
  const { site, finding, sites } = request;
  if (owner.type === 'Program') {
    if (file.runsAs === 'esm') return false;
    const noAwait = topLevelAwaitRefusal(file);
    if (request.ends > 1) throw new Unsupported(noAwait);
    const settledExit = tx.settled.get(site.statement);
    if (settledExit && !finding.end.implicit && sites.endNode && contains(settledExit, sites.endNode)) return true; // `main().then(() => process.exit(0), …)`
    const deferred = deferredEnd(planner, request);
    // `work(); process.exit(0);` keeps its settled form, which also reports a failure; a handle or several tasks defer the exit.
    if (deferred && (deferred.tasks > 1 || site.handle)) return deferEnd(site, deferred, tx);
    if (planner.suggestion) throw new Unsupported(noAwait);
    const settled =
      site.statementExpression &&
      !site.handle &&
      planner.propagation.settleTopLevel(site.statement as TSESTree.ExpressionStatement, planner.siteText(site), tx, finding.end);
    if (settled) return true;
    if (deferred) return deferEnd(site, deferred, tx);
    throw new Unsupported(noAwait);
  }
  if (!isEventLoopCallback(owner) || file.isAwaitedByItsRunner(owner) || planner.asyncified.has(owner) || tx.asyncified.has(owner)) return false;
  const deferred = deferredEnd(planner, request);
  return deferred !== null && deferEnd(site, deferred, tx);
}

function deferredEnd(planner: WithoutAwait, { site, finding, sites }: JoinRequest): DeferredEnd | null {
  return planDeferredEnd(planner.file, {
    finding,
    sites,
    site,
    siteText: planner.siteText(site),
    semi: planner.semi,
    mayMove: planner.mayMove,
    alone: planner.suggestion,
  });
}

function deferEnd(site: Site, deferred: DeferredEnd, tx: Transaction): true {
  // A handle's task keeps its statement, so a task moved to a worker is rewritten there.
  if (site.handle && site.replacement !== undefined) tx.edits.push({ range: site.expression.range, text: site.replacement });
  tx.edits.push(...deferred.edits);
  tx.join = { kind: 'defer-end', handle: deferred.handle, existingHandle: deferred.handle !== null, extender: null };
  return true;
}

/** Whether `owner` is a callback that no caller waits for and whose caller runs nothing after it. */
export function isEventLoopCallback(owner: FunctionNode | Program): owner is FunctionNode {
  if (owner.type === 'Program' || owner.async || owner.generator || owner.body.type !== 'BlockStatement') return false;
  const call = owner.parent;
  if (call?.type !== 'CallExpression' || call.callee === owner || !call.arguments.some((argument) => argument === owner)) return false;
  const name = getCalleeName(call);
  return name !== null && EVENT_LOOP_CALLEES.has(name);
}

/**
 * The edit that defers the finding's exit until its work (and the work of the other findings before
 * the same exit) has settled, or null when the code around the exit does not allow it.
 */
export function planDeferredEnd(file: AnalyzedFile, request: DeferralRequest): DeferredEnd | null {
  const { finding, sites } = request;
  const exit = sites.endNode;
  if (finding.end.kind !== 'exit' || finding.end.implicit || sites.laterEnds.length > 0 || exit?.type !== 'CallExpression') return null;
  const exitStatement = statementOf(exit);
  if (exitStatement?.type !== 'ExpressionStatement' || skipTransparent(exitStatement.expression) !== exit) return null;
  const list = exitStatement.parent;
  const owner = sites.owner;
  const ownBody = owner.type === 'Program' ? owner : owner.body;
  if (list !== ownBody || listBody(list).at(-1) !== exitStatement) return null;

  const waited: Waited[] = [];
  for (const [other, otherSites] of file.sites) {
    if (otherSites.endNode !== exit) continue;
    if (other === finding) {
      const own = waitedOf(list, request.site, request.siteText, finding);
      if (!own) return null;
      waited.push(own);
      continue;
    }
    if (request.alone || request.mayMove(other) || otherSites.laterEnds.length > 0) return null;
    const site = siteOf(file, other, otherSites);
    const theirs = site && waitedOf(list, site, file.context.text(site.expression), other);
    if (!theirs) return null;
    waited.push(theirs);
  }
  // Each finding plans the same edit, which is made once; a task moved to a worker would change its text.
  if (waited.length > 1 && request.mayMove(finding)) return null;
  // Two findings can share a statement (`main();` carries the work of `main()` and of what it calls): it is waited for once.
  const tasks = waited
    .filter((task, index) => waited.findIndex((other) => other.statement === task.statement) === index)
    .sort((a, b) => a.statement.range[0] - b.statement.range[0]);

  // The dropped tasks right before the exit move into it; one with code after it is kept as a handle
  // (`const reportTask = report(e);`), since that code still runs before the exit, as it did.
  const body = listBody(list);
  const dropped = tasks.filter((task) => task.handle === null);
  let first = body.indexOf(exitStatement);
  while (first > 0 && dropped.some((task) => task.statement === body[first - 1])) first--;
  const adjacent = body.slice(first, body.indexOf(exitStatement));
  const names = plannedHandleNames(file);
  const edits: TextEdit[] = [];
  const items: string[] = [];
  for (const task of tasks) {
    if (task.handle !== null || adjacent.includes(task.statement)) {
      items.push(task.handle ?? task.text);
      continue;
    }
    const name = names.get(task.finding);
    if (!name || !task.expression) return null;
    edits.push({ range: task.expression.range, text: `const ${name} = ${task.text}` });
    items.push(name);
  }
  const replaced = adjacent[0] ?? exitStatement;
  const { source } = file.context;
  // Comments between those statements would be lost with them.
  const kept = [...adjacent, exitStatement];
  for (let index = 1; index < kept.length; index++) {
    if (source.slice(kept[index - 1]!.range[1], kept[index]!.range[0]).trim() !== '') return null;
  }

  const settled = items.length === 1 ? items[0]! : `Promise.allSettled([${items.join(', ')}])`;
  const deferred = `${settled}.finally(() => ${file.context.text(exit)})`;
  edits.push(
    adjacent.length === 0
      ? { range: exitStatement.expression.range, text: deferred }
      : { range: [replaced.range[0], exitStatement.range[1]], text: `${deferred}${request.semi}` },
  );
  const handle = tasks.length === 1 ? (tasks[0]!.handle ?? (edits.length > 1 ? items[0]! : null)) : null;
  return { edits, handle, tasks: tasks.length };
}

/** A task as the deferred exit waits for it: a dropped statement of the exit's list, or a `const` handle there. */
function waitedOf(list: Node, site: Site, text: string, finding: Finding): Waited | null {
  // A handle declared in another block may not be in scope at the exit, and a task there is not right before it.
  if (site.statement.parent !== list) return null;
  if (site.handle === null) {
    // The statement must be the task alone (`work();`, `void work();`), not a use of its value.
    const expression = site.statementExpression && skipTransparent(site.statementExpression);
    const task = expression?.type === 'UnaryExpression' && expression.operator === 'void' ? skipTransparent(expression.argument) : expression;
    return task === skipTransparent(site.expression) ? { statement: site.statement, text, handle: null, expression: site.statementExpression, finding } : null;
  }
  // Only a `const` holds the task itself when the exit runs: a `let` may be reassigned, `a ? work() : null` may be null.
  const declaration = site.statement;
  if (declaration.type !== 'VariableDeclaration' || declaration.kind !== 'const' || declaration.declarations.length !== 1) return null;
  const [declarator] = declaration.declarations;
  if (declarator?.id.type !== 'Identifier' || declarator.id.name !== site.handle || !declarator.init) return null;
  if (skipTransparent(declarator.init) !== skipTransparent(site.expression)) return null;
  return { statement: declaration, text, handle: site.handle, expression: null, finding };
}

/**
 * Another finding's site, as the planner would place it: where its task starts, or the call that carries
 * its work into the exit's function (which its own plan makes wait for the work).
 */
function siteOf(file: AnalyzedFile, finding: Finding, sites: FindingSites): Site | null {
  if (!['discarded', 'void', 'catch-only', 'unjoined-handle'].includes(finding.task.kind)) return null;
  if (sites.task.deferred && sites.task.deferred.leaks.length > 0) return null;
  const carrier = sites.task.hops.at(-1)?.call;
  if (carrier) {
    const statement = listStatementOf(carrier);
    const statementExpression = statement?.type === 'ExpressionStatement' ? statement.expression : null;
    if (!statement || !statementExpression) return null;
    return { expression: carrier, statement, statementExpression, handle: null, awaited: false, plannedName: null, nameHint: finding.task.text };
  }
  const expression = sites.task.root.siteNode;
  const statement = listStatementOf(expression);
  if (!statement) return null;
  const handle = finding.task.kind === 'unjoined-handle' ? (sites.task.handle?.name ?? null) : null;
  if (finding.task.kind === 'unjoined-handle' && handle === null) return null;
  const statementExpression = handle === null && statement.type === 'ExpressionStatement' ? statement.expression : null;
  return { expression, statement, statementExpression, handle, awaited: false, plannedName: null, nameHint: finding.task.text };
}

import type { TSESTree } from '@typescript-eslint/types';
import {
  forEachChild,
  getOwnerFunction,
  getPropertyName,
  isFunction,
  skipTransparent,
  type FunctionNode,
  type Node,
  type Program,
  type Range,
} from '../syntax/ast';
import type { AnalyzedFile } from '../lifetime/analyze';
import { insertStatementBefore, lineIndent, type TextEdit } from './text-edits';
import type { Finding, LifetimeEnd, Starvation } from '../lifetime/model';
import { OffloadRefused, planOffload, type GeneratedFile, type OffloadPlan } from './offload';
import type { Binding } from '../syntax/scope';
import { createHandleName } from './handle-name';
import { canJoinBefore } from '../lifetime/lifetime-ends';
import { isEsModule, type ModuleKind } from '../syntax/module-kind';
import { visitOwnBody } from '../syntax/ast';
import { getFunctionName, resolveCallee } from '../lifetime/resolve-callee';

/*
 * The awaited-handle rewrite of a whole file, planned as text edits: each finding's task becomes a
 * handle joined just before its lifetime end (or handed to the runtime's extender), every function on
 * the way waits for the work it used to leave behind, and functions that must now await become async,
 * with their same-file callers updated up to the entry point. A finding that cannot be rewritten
 * without changing what the code means is left alone, with the reason.
 */

export type Strategy = 'auto' | 'await' | 'worker';

export interface RewriteOptions {
  /**
   * `await`: join each task before its lifetime end. `worker`: also run each task in a worker thread
   * (refusing the findings where that is not safe). `auto` (default): the worker for tasks that are
   * starved by blocking work, when that is safe; the join alone otherwise.
   */
  readonly strategy?: Strategy;
  /** Whether a file name in the source file's folder is taken (generated files never replace one). */
  readonly fileExists?: (name: string) => boolean;
  /** Let exported functions become async (their callers in other modules then get a promise). */
  readonly allowAsyncExports?: boolean;
  /** How the file runs; by default read from its extension and its import/export/require syntax. */
  readonly moduleKind?: ModuleKind;
}

export interface SkippedFinding {
  readonly finding: Finding;
  readonly reason: string;
}

export interface RewritePlan {
  readonly edits: readonly TextEdit[];
  readonly fixed: readonly Finding[];
  readonly skipped: readonly SkippedFinding[];
  /** Files to create next to the source file (the worker offload's module and entry). */
  readonly files: readonly GeneratedFile[];
  /** Tasks now run in a worker thread, by their root range `start:end`. */
  readonly offloaded: ReadonlySet<string>;
  /** Why a starved task was not moved to a worker thread (under `auto`, it is joined instead). */
  readonly notOffloaded: ReadonlyMap<string, string>;
  /** Starved tasks without a lifetime end: moved to a worker, or left with the reason. */
  readonly starvations: {
    readonly fixed: readonly Starvation[];
    readonly skipped: ReadonlyArray<{ readonly starvation: Starvation; readonly reason: string }>;
  };
}

class Unsupported extends Error {}

/** Runtimes that wait for the promise their handler returns, so the handler can simply become async. */
const AWAITING_RUNTIMES = new Set(['aws-lambda', 'cloudflare-workers', 'nextjs', 'nextjs-proxy', 'vercel', 'netlify', 'firebase', 'custom']);
const LIST_PARENTS = new Set(['BlockStatement', 'Program', 'SwitchCase', 'StaticBlock']);

/** A place where work is started and must be kept: a statement that drops it, or an existing handle. */
interface Site {
  /** The promise expression (without a leading `void`). */
  readonly expression: Node;
  /** Its new text, when the task now runs in a worker thread. */
  readonly replacement?: string;
  /** The statement of its statement list. */
  readonly statement: Node;
  /** `void x` statements lose their `void` when rewritten. */
  readonly statementExpression: Node | null;
  readonly handle: string | null;
  readonly awaited: boolean;
  /** The handle name the analysis planned (so a suggestion and the codemod agree), when it applies here. */
  readonly plannedName: string | null;
  readonly nameHint: string;
}

interface Transaction {
  readonly edits: TextEdit[];
  readonly asyncified: Set<FunctionNode>;
  readonly names: Set<string>;
  /** Calls that carry the finding's work from link to link: the chain keeps them as handles, caller updates leave them be. */
  readonly chainCalls: Set<Node>;
  /** Top-level CommonJS statements already turned into `call().then(() => exit, …)`, with the exit they absorbed. */
  readonly settled: Map<Node, Node>;
  readonly files: GeneratedFile[];
  readonly offloads: Map<Binding, OffloadPlan>;
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.range[0] === a.range[1] || b.range[0] === b.range[1]) {
    // An insertion conflicts only when it lands strictly inside a replaced range.
    const [point, other] = a.range[0] === a.range[1] ? [a.range[0], b] : [b.range[0], a];
    return point > other.range[0] && point < other.range[1];
  }
  return a.range[0] < b.range[1] && b.range[0] < a.range[1];
}

class RewritePlanner {
  private readonly committed: TextEdit[] = [];
  private readonly asyncified = new Set<FunctionNode>();
  private readonly names: Set<string>;
  private callSites: Map<FunctionNode, TSESTree.CallExpression[]> | null = null;
  private readonly memberUses = new Map<string, TSESTree.MemberExpression[]>();
  private readonly isModule: boolean;
  private readonly strategy: Strategy;
  private readonly starved: Set<string>;
  private readonly files: GeneratedFile[] = [];
  private readonly offloads = new Map<Binding, OffloadPlan>();
  private readonly offloaded = new Set<string>();
  private readonly pendingOffloads = new Set<string>();
  private readonly notOffloaded = new Map<string, string>();
  private readonly semicolons: boolean;
  private readonly quote: string;

  constructor(
    private readonly file: AnalyzedFile,
    private readonly options: RewriteOptions,
  ) {
    const { context } = file;
    this.names = new Set([...context.scope.declaredNames, ...context.scope.globalReferences.keys()]);
    this.strategy = options.strategy ?? 'auto';
    this.starved = new Set(file.result.starvations.map((starvation) => rangeKey(starvation.task.range)));
    this.isModule = isEsModule(context.program, context.options.filename, options.moduleKind ?? context.options.moduleKind);
    const statements = context.program.body.filter((statement) => statement.type === 'ExpressionStatement' || statement.type === 'VariableDeclaration');
    this.semicolons = statements.length === 0 || statements.filter((statement) => context.text(statement).endsWith(';')).length * 2 >= statements.length;
    const singles = (context.source.match(/'/g) ?? []).length;
    const doubles = (context.source.match(/"/g) ?? []).length;
    this.quote = doubles > singles ? '"' : "'";
  }

  plan(): RewritePlan {
    const fixed: Finding[] = [];
    const skipped: SkippedFinding[] = [];
    for (const finding of this.file.result.findings) {
      const transaction = this.transaction();
      try {
        this.rewrite(finding, transaction, this.offloadFor(finding.task, transaction));
        this.commit(transaction);
        fixed.push(finding);
      } catch (error) {
        if (!(error instanceof Unsupported)) throw error;
        skipped.push({ finding, reason: error.message });
      }
    }
    // Starved tasks that no lifetime end reaches: the worker is the whole fix.
    const starvations: RewritePlan['starvations'] = { fixed: [], skipped: [] };
    const withEnd = new Set(this.file.result.findings.map((finding) => rangeKey(finding.task.range)));
    for (const starvation of this.file.result.starvations) {
      if (withEnd.has(rangeKey(starvation.task.range)) || this.strategy === 'await') continue;
      const transaction = this.transaction();
      try {
        const replacement = this.offloadFor(starvation.task, transaction);
        if (replacement === null) throw new Unsupported(this.notOffloaded.get(rangeKey(starvation.task.range)) ?? 'it cannot run in a worker thread');
        const site = this.nodeAt(starvation.task.siteRange, (node) => node.type !== 'ExpressionStatement');
        transaction.edits.push({ range: site.range, text: replacement(site) });
        this.commit(transaction);
        (starvations.fixed as Starvation[]).push(starvation);
      } catch (error) {
        if (!(error instanceof Unsupported)) throw error;
        (starvations.skipped as Array<{ starvation: Starvation; reason: string }>).push({ starvation, reason: error.message });
      }
    }
    return { edits: this.committed, fixed, skipped, files: this.files, offloaded: this.offloaded, notOffloaded: this.notOffloaded, starvations };
  }

  private transaction(): Transaction {
    this.pendingOffloads.clear();
    return { edits: [], asyncified: new Set(), names: new Set(), chainCalls: new Set(), settled: new Map(), files: [], offloads: new Map() };
  }

  /**
   * Moves the task's call into a worker thread when the strategy says so: returns how to write the
   * site's expression, or null to leave it. Under `worker` a refusal skips the finding; under `auto`
   * it is only noted, and the task is joined as it is.
   */
  private offloadFor(task: Finding['task'], tx: Transaction): ((site: Node) => string) | null {
    const key = rangeKey(task.range);
    const starved = this.starved.has(key);
    if (this.strategy === 'await' || (this.strategy === 'auto' && !starved)) return null;
    try {
      const call = this.file.nodesAt(task.range).find((node) => node.type === 'CallExpression');
      if (call?.type !== 'CallExpression') throw new OffloadRefused(`\`${task.text}\` is not a function call`);
      const callee = skipTransparent(call.callee);
      const binding = callee.type === 'Identifier' ? this.file.context.scope.bindingOf(callee) : null;
      let plan = binding ? (this.offloads.get(binding) ?? tx.offloads.get(binding)) : undefined;
      if (!plan) {
        plan = planOffload(this.file, call, this.options.fileExists ?? (() => false), new Set([...this.names, ...tx.names]));
        if (binding) tx.offloads.set(binding, plan);
        tx.edits.push(...plan.edits);
        tx.files.push(...plan.files);
        for (const name of plan.names) tx.names.add(name);
      }
      const offloadedCall = `${plan.call.slice(0, plan.call.indexOf('('))}(${call.arguments.map((argument) => this.text(argument)).join(', ')})`;
      this.pendingOffloads.add(key);
      return (site) => {
        const text = this.text(site);
        return `${text.slice(0, call.range[0] - site.range[0])}${offloadedCall}${text.slice(call.range[1] - site.range[0])}`;
      };
    } catch (error) {
      if (!(error instanceof OffloadRefused)) throw error;
      if (this.strategy === 'worker') throw new Unsupported(`it cannot run in a worker thread: ${error.message}`);
      this.notOffloaded.set(key, error.message);
      return null;
    }
  }

  private commit(transaction: Transaction): void {
    for (const file of transaction.files) {
      if (this.files.some((done) => done.name === file.name && done.text !== file.text))
        throw new Unsupported(`another rewrite already creates \`${file.name}\``);
    }
    const fresh: TextEdit[] = [];
    const same = (a: TextEdit, b: TextEdit): boolean => a.range[0] === b.range[0] && a.range[1] === b.range[1] && a.text === b.text;
    for (const edit of transaction.edits) {
      // Two routes to the same change (a chain link and a caller update both await one call) make one edit.
      if (this.committed.some((done) => same(done, edit)) || fresh.some((done) => same(done, edit))) continue;
      if (this.committed.some((done) => overlaps(done, edit))) throw new Unsupported('it overlaps the rewrite of another finding');
      if (fresh.some((done) => overlaps(done, edit))) throw new Unsupported('its rewrite would change the same code twice');
      fresh.push(edit);
    }
    this.committed.push(...fresh);
    for (const fn of transaction.asyncified) this.asyncified.add(fn);
    for (const name of transaction.names) this.names.add(name);
    for (const file of transaction.files) if (!this.files.some((done) => done.name === file.name)) this.files.push(file);
    for (const [binding, plan] of transaction.offloads) this.offloads.set(binding, plan);
    for (const key of this.pendingOffloads) this.offloaded.add(key);
    this.pendingOffloads.clear();
  }

  // ── per finding ─────────────────────────────────────────────────────────────────────────────────

  private rewrite(finding: Finding, tx: Transaction, offload: ((site: Node) => string) | null): void {
    if (finding.task.kind === 'left-pending') {
      throw new Unsupported(
        `\`${finding.task.text}\` leaves its work pending in another module, where nothing here can wait for it: make that function return (or await) its work`,
      );
    }
    if (finding.task.kind === 'raced') {
      throw new Unsupported(
        `\`${finding.task.text}\` may lose its \`Promise.race()\` and keep running: decide whether to wait for it (\`Promise.allSettled\`) or to cancel it (an \`AbortSignal\`)`,
      );
    }
    if (!canJoinBefore(finding.end)) {
      throw new Unsupported(
        'nothing can wait in a process `exit` listener (Node exits right after it): do the work synchronously, or finish it before the process exits',
      );
    }
    const plain = this.rootSite(finding);
    const root: Site = offload ? { ...plain, replacement: offload(plain.expression) } : plain;
    if (finding.plan.returned && finding.chain.length === 0) {
      this.awaitReturned(root, tx);
      return;
    }
    if (finding.chain.length === 0) {
      this.joinBeforeEnd(this.ownerOf(root.statement), root, finding, tx);
      return;
    }
    // The work leaves each link at its end: each link waits for it there, and the next link keeps
    // the call that now carries it, until the owner of the lifetime end joins it before the end.
    for (const link of finding.chain) {
      if (link.call) tx.chainCalls.add(this.nodeAt(link.call.range, (node) => node.type === 'CallExpression'));
    }
    let site = root;
    for (let index = 0; index < finding.chain.length - 1; index++) {
      const link = finding.chain[index]!;
      const fn = this.functionAt(link.functionRange);
      this.joinAtFunctionEnd(fn, site, tx);
      const call = link.call!;
      site = this.callSite(call.range);
      if (site.awaited) return; // the caller already awaits the call, which now covers the work
    }
    this.joinBeforeEnd(this.ownerOf(site.statement), site, finding, tx);
  }

  private rootSite(finding: Finding): Site {
    const expression = this.nodeAt(finding.task.siteRange, (node) => node.type !== 'ExpressionStatement');
    const statement = listStatementOf(expression);
    if (!statement) throw new Unsupported('the task is not in a statement list');
    if (finding.task.kind === 'unjoined-handle') {
      const handle = handleNameOf(expression);
      if (!handle) throw new Unsupported('its handle is not a plain variable');
      return { expression, statement, statementExpression: null, handle, awaited: false, plannedName: null, nameHint: finding.task.text };
    }
    const statementExpression = statement.type === 'ExpressionStatement' ? statement.expression : null;
    // The plan's handle holds the root task only when no caller carries the work on.
    const plannedName = finding.chain.length === 0 ? finding.plan.handleName : null;
    return { expression, statement, statementExpression, handle: null, awaited: false, plannedName, nameHint: finding.task.text };
  }

  /** The call that carries a link's work into its caller, as a site in the caller. */
  private callSite(range: Range): Site {
    const call = this.nodeAt(range, (node) => node.type === 'CallExpression');
    let node: Node = call;
    while (node.parent && isTransparent(node.parent)) node = node.parent;
    const parent = node.parent;
    const text = this.file.context.displayText(call);
    if (parent?.type === 'AwaitExpression')
      return { expression: call, statement: call, statementExpression: null, handle: null, awaited: true, plannedName: null, nameHint: text };
    const statement = parent?.type === 'UnaryExpression' && parent.operator === 'void' ? parent.parent : parent;
    if (statement?.type !== 'ExpressionStatement' || !LIST_PARENTS.has(statement.parent?.type ?? '')) {
      throw new Unsupported(`the value of \`${text}\` (line ${this.line(call)}) is used, so it cannot become a handle`);
    }
    return { expression: call, statement, statementExpression: statement.expression, handle: null, awaited: false, plannedName: null, nameHint: text };
  }

  /** The link's function waits, at its natural end, for the work it used to leave behind. */
  private joinAtFunctionEnd(fn: FunctionNode, site: Site, tx: Transaction): void {
    const name = getFunctionName(fn);
    if (fn.body.type !== 'BlockStatement') throw new Unsupported(`\`${name}\` has an expression body`);
    let returns = false;
    visitOwnBody(fn.body, (node) => {
      if (node.type === 'ReturnStatement') returns = true;
    });
    if (returns) throw new Unsupported(`\`${name}\` returns early, so there is no single end to wait at`);
    if (site.statement.parent !== fn.body) throw new Unsupported(`the work in \`${name}\` starts inside a nested block`);
    this.makeAsync(fn, tx);
    const body = fn.body.body;
    if (body.at(-1) === site.statement && !site.handle) {
      this.awaitInPlace(site, tx);
      return;
    }
    const handle = this.keep(site, tx);
    tx.edits.push(this.insertAtBlockEnd(fn.body, `await ${handle}${this.semi()}`, site.statement));
  }

  /** The owner of the lifetime end keeps the work and joins it (or extends the lifetime) just before the end. */
  /** Joins the work before the finding's end, and before each later end it reaches on other paths. */
  private joinBeforeEnd(owner: FunctionNode | Program, site: Site, finding: Finding, tx: Transaction): void {
    const { end } = finding;
    const laterEnds = finding.laterEnds.map((later) => later.end);
    const extender = end.extender;
    if (extender) {
      if (extender.callee) {
        this.extend(site, [end, ...laterEnds], extender.callee, extender.takesCallback, tx);
        return;
      }
      if ((end.runtime === 'nextjs' || end.runtime === 'nextjs-proxy') && extender.takesCallback) {
        this.extend(site, [end, ...laterEnds], this.importAfter(tx), true, tx);
        return;
      }
      if (end.runtime === 'service-worker') throw new Unsupported('the listener has no event parameter to call `waitUntil()` on');
    }
    if (owner.type === 'Program') {
      if (!this.isModule) {
        if (laterEnds.length > 0) throw new Unsupported('top-level `await` needs an ES module, and this file is CommonJS');
        const settledExit = tx.settled.get(site.statement);
        if (
          settledExit &&
          !end.implicit &&
          contains(
            settledExit,
            this.nodeAt(end.range, () => true),
          )
        )
          return; // `main().then(() => process.exit(0), …)`
        if (site.statementExpression && !site.handle && this.settleTopLevel(site.statement as TSESTree.ExpressionStatement, this.siteText(site), tx, end))
          return;
        throw new Unsupported('top-level `await` needs an ES module, and this file is CommonJS');
      }
    } else {
      this.makeAsync(owner, tx);
    }
    const insertion = this.endInsertion(site, end);
    if (!site.handle && insertion.adjacent) {
      this.awaitInPlace(site, tx);
      return;
    }
    const handle = this.keep(site, tx);
    tx.edits.push(insertion.insert(`await ${handle}${this.semi()}`));
    for (const later of laterEnds) tx.edits.push(this.endInsertion(site, later).insert(`await ${handle}${this.semi()}`));
  }

  /** Hands the work to the extender: where it starts, or (a handle) before each of the ends. */
  private extend(site: Site, ends: readonly LifetimeEnd[], callee: string, takesCallback: boolean, tx: Transaction): void {
    const wrap = (value: string): string => (takesCallback ? `${callee}(() => ${value})` : `${callee}(${value})`);
    if (!site.handle && site.statementExpression) {
      tx.edits.push({ range: site.statementExpression.range, text: wrap(this.siteText(site)) });
      return;
    }
    if (site.replacement !== undefined) tx.edits.push({ range: site.expression.range, text: site.replacement });
    const handle = site.handle ?? this.keep(site, tx);
    for (const end of ends) tx.edits.push(this.endInsertion(site, end).insert(`${wrap(handle)}${this.semi()}`));
  }

  /** `import { after } from 'next/server'` when the route file does not have it yet. */
  private importAfter(tx: Transaction): string {
    if (this.names.has('after') || tx.names.has('after'))
      throw new Unsupported('the name `after` is taken, so `after()` from `next/server` cannot be imported');
    tx.names.add('after');
    const program = this.file.context.program;
    const imports = program.body.filter((statement) => statement.type === 'ImportDeclaration');
    const existing = imports.find(
      (declaration) =>
        declaration.source.value === 'next/server' && declaration.importKind !== 'type' && declaration.specifiers.at(-1)?.type === 'ImportSpecifier',
    );
    const lastSpecifier = existing?.specifiers.at(-1);
    if (lastSpecifier) {
      tx.edits.push({ range: [lastSpecifier.range[1], lastSpecifier.range[1]], text: ', after' });
      return 'after';
    }
    const line = `import { after } from ${this.quote}next/server${this.quote}${this.semi()}`;
    const last = imports.at(-1);
    tx.edits.push(last ? { range: [last.range[1], last.range[1]], text: `\n${line}` } : { range: [program.range[0], program.range[0]], text: `${line}\n` });
    return 'after';
  }

  // ── edits ───────────────────────────────────────────────────────────────────────────────────────

  private awaitInPlace(site: Site, tx: Transaction): void {
    if (!site.statementExpression) throw new Unsupported('the task is not a statement of its own');
    tx.edits.push({ range: site.statementExpression.range, text: `await ${this.siteText(site)}` });
  }

  /** `try { return work(); } finally { … }` becomes `return await work();`: the work ends before the `finally` runs. */
  private awaitReturned(site: Site, tx: Transaction): void {
    const owner = this.ownerOf(site.statement);
    if (owner.type === 'Program' || !owner.async) {
      throw new Unsupported(
        'it is returned before a `finally` block or a disposal runs, from a function that is not async: make it async and `return await` it',
      );
    }
    tx.edits.push({ range: site.expression.range, text: `await ${this.siteText(site)}` });
  }

  private siteText(site: Site): string {
    return site.replacement ?? this.text(site.expression);
  }

  /** Turns a dropped promise into `const handle = …;` and returns the handle's name. */
  private keep(site: Site, tx: Transaction): string {
    if (site.handle) {
      if (site.replacement !== undefined) tx.edits.push({ range: site.expression.range, text: site.replacement });
      return site.handle;
    }
    if (!site.statementExpression) throw new Unsupported('the task is not a statement of its own');
    const name = this.freshName(site, tx);
    tx.edits.push({ range: site.statementExpression.range, text: `const ${name} = ${this.siteText(site)}` });
    return name;
  }

  /** Where a join goes for an end, and whether the site is right before it (so an in-place await is the same). */
  private endInsertion(site: Site, end: LifetimeEnd): { adjacent: boolean; insert: (line: string) => TextEdit } {
    const { context } = this.file;
    const siteList = site.statement.parent;
    if (!siteList || !LIST_PARENTS.has(siteList.type)) throw new Unsupported('the task is not in a statement list');
    if (siteList.type === 'StaticBlock') throw new Unsupported('a class static block cannot `await`');
    const siteBody = listBody(siteList);
    if (end.implicit) {
      // The owner's (or a `using` block's) closing brace.
      const block = this.blockEnding(end, siteList);
      if (block !== siteList && !contains(block, siteList)) throw new Unsupported('the task starts in a block that ends before its lifetime does');
      return {
        adjacent: block === siteList && siteBody.at(-1) === site.statement,
        insert: (line) => this.insertAtBlockEnd(block, line, site.statement),
      };
    }
    const endNode = this.nodeAt(end.range, (node) => node.type === 'CallExpression' || node.type === 'ReturnStatement' || node.type === 'ThrowStatement');
    // `try { work(); } finally { r.close(); }`: the handle is not visible in `finally`, so join at the end of `try`.
    const tryStatement = findAncestor(endNode, (node) => node.type === 'TryStatement' && node.finalizer !== null && contains(node.finalizer, endNode));
    if (tryStatement?.type === 'TryStatement' && contains(tryStatement.block, site.statement)) {
      if (site.statement.parent !== tryStatement.block) throw new Unsupported('the task starts in a nested block of `try`');
      return { adjacent: tryStatement.block.body.at(-1) === site.statement, insert: (line) => this.insertAtBlockEnd(tryStatement.block, line, site.statement) };
    }
    const endStatement = endNode.type === 'ReturnStatement' || endNode.type === 'ThrowStatement' ? endNode : statementOf(endNode);
    if (!endStatement) throw new Unsupported('its lifetime end is not in a statement');
    if (endStatement.range[0] < site.statement.range[1]) throw new Unsupported('its lifetime end comes before the task starts (a later loop iteration)');
    if (!contains(siteList, endStatement)) throw new Unsupported('the task starts in a block that ends before its lifetime does');
    const parent = endStatement.parent;
    if (parent && LIST_PARENTS.has(parent.type)) {
      const list = listBody(parent);
      const index = list.indexOf(endStatement);
      const adjacent = parent === siteList && index > 0 && list[index - 1] === site.statement;
      const at = endStatement.range[0];
      return { adjacent, insert: (line) => insertStatementBefore(context.source, at, line) };
    }
    // `if (done) process.exit(0);`: the end becomes a block that joins first.
    return {
      adjacent: false,
      insert: (line) => ({ range: endStatement.range, text: `{ ${line} ${this.text(endStatement)} }` }),
    };
  }

  /** The block whose closing brace an implicit end stands for. */
  private blockEnding(end: LifetimeEnd, fallback: Node): Node {
    if (end.kind === 'resource-close') {
      const declared = this.file.nodesAt(end.range)[0];
      const block = declared && findAncestor(declared, (node) => LIST_PARENTS.has(node.type));
      if (block) return block;
    }
    let owner: Node | undefined = fallback;
    while (owner && !isFunction(owner)) owner = owner.parent;
    return owner && isFunction(owner) && owner.body.type === 'BlockStatement' ? owner.body : fallback;
  }

  /** Appends `line` as the block's last statement, indented like `sibling`. */
  private insertAtBlockEnd(block: Node, line: string, sibling: Node): TextEdit {
    const { source } = this.file.context;
    const indent = lineIndent(source, sibling.range[0]);
    if (block.type === 'Program') {
      return { range: [source.length, source.length], text: `${source.endsWith('\n') ? '' : '\n'}${indent}${line}\n` };
    }
    let at = block.range[1] - 1;
    while (at > 0 && /[\t ]/.test(source[at - 1] ?? '')) at--;
    if (source[at - 1] === '\n') return { range: [at, at], text: `${indent}${line}\n` };
    return { range: [at, at], text: ` ${line}` };
  }

  // ── async propagation ───────────────────────────────────────────────────────────────────────────

  private makeAsync(fn: FunctionNode, tx: Transaction): void {
    if (fn.async || this.asyncified.has(fn) || tx.asyncified.has(fn)) return;
    const name = getFunctionName(fn);
    if (fn.generator) throw new Unsupported(`\`${name}\` is a generator`);
    const member = fn.parent?.type === 'MethodDefinition' || (fn.parent?.type === 'Property' && fn.parent.method) ? fn.parent : null;
    if (member && member.kind !== 'method' && member.kind !== 'init')
      throw new Unsupported(`\`${name}\` is a ${member.kind === 'constructor' ? 'constructor' : 'getter or setter'}`);
    if (member?.computed) throw new Unsupported(`\`${name}\` has a computed name`);
    if (this.file.roles.isExported(fn) && !this.options.allowAsyncExports) {
      throw new Unsupported(`\`${name}\` is exported: making it async changes what other modules get (pass --allow-async-exports to allow it)`);
    }
    tx.asyncified.add(fn);
    const at = member ? member.key.range[0] : fn.range[0];
    tx.edits.push({ range: [at, at], text: 'async ' });
    // `function main(): void` must now say what it returns: `Promise<void>`.
    const returnType = fn.returnType?.typeAnnotation;
    if (returnType) tx.edits.push({ range: returnType.range, text: `Promise<${this.text(returnType)}>` });
    this.updateCallers(fn, name, tx);
  }

  private updateCallers(fn: FunctionNode, name: string, tx: Transaction): void {
    const role = this.file.roles.roleOf(fn);
    if (role.kind === 'test' || (role.kind === 'handler' && AWAITING_RUNTIMES.has(role.runtime))) return; // the runtime awaits it
    const parent = fn.parent;
    if (parent?.type === 'CallExpression' && parent.callee !== fn) {
      throw new Unsupported(`\`${name}\` is a callback: whoever calls it would not wait for it`);
    }
    this.checkNoValueUses(fn, name);
    for (const call of this.callSitesOf(fn)) this.awaitCall(call, name, tx);
  }

  /** A function also referenced other than by calling it (`arr.map(f)`, `emitter.on('x', f)`) has callers we cannot update. */
  private checkNoValueUses(fn: FunctionNode, name: string): void {
    const { scope } = this.file.context;
    const member = fn.parent;
    if (member?.type === 'MethodDefinition' || member?.type === 'Property' || member?.type === 'PropertyDefinition') {
      // A method is reached through objects: every `.name` in the file must be a call we resolve to it.
      this.callSitesOf(fn);
      for (const use of this.memberUses.get(name) ?? []) {
        const call = use.parent;
        const resolved = call?.type === 'CallExpression' && skipTransparent(call.callee) === use && resolveCallee(call, this.file.context) === fn;
        if (!resolved)
          throw new Unsupported(`\`${name}\` is used on line ${this.line(use)} through an object that cannot be followed, so its callers cannot be updated`);
      }
      return;
    }
    const id = fn.id ?? (fn.parent?.type === 'VariableDeclarator' && fn.parent.id.type === 'Identifier' ? fn.parent.id : null);
    const binding = id ? scope.bindingOf(id) : null;
    for (const reference of binding?.references ?? []) {
      if (reference === id) continue;
      const parent = reference.parent;
      const called = parent?.type === 'CallExpression' && skipTransparent(parent.callee) === reference;
      if (!called) throw new Unsupported(`\`${name}\` is used as a value on line ${this.line(reference)}, so its callers cannot be updated`);
    }
  }

  private awaitCall(call: TSESTree.CallExpression, name: string, tx: Transaction): void {
    let node: Node = call;
    while (node.parent && isTransparent(node.parent)) node = node.parent;
    const parent = node.parent;
    if (parent?.type === 'AwaitExpression') return;
    const owner = this.ownerOf(call);
    const isVoid = parent?.type === 'UnaryExpression' && parent.operator === 'void';
    const statement = isVoid ? parent.parent : parent;
    if (tx.chainCalls.has(call)) return; // the chain keeps this call as a handle and joins it
    if (statement?.type === 'ExpressionStatement') {
      const expressionRange = statement.expression.range;
      const callText = this.text(call);
      if (owner.type === 'Program') {
        if (this.isModule) tx.edits.push({ range: expressionRange, text: `await ${callText}` });
        else if (!this.settleTopLevel(statement, callText, tx, null)) {
          throw new Unsupported(`top-level code runs after \`${callText}\` in a CommonJS module, and it cannot wait for it`);
        }
        return;
      }
      tx.edits.push({ range: expressionRange, text: `await ${callText}` });
      this.makeAsync(owner, tx);
      return;
    }
    if (
      (parent?.type === 'ReturnStatement' || (isFunction(parent) && parent.body === node)) &&
      owner.type !== 'Program' &&
      (owner.async || tx.asyncified.has(owner))
    )
      return;
    throw new Unsupported(`the value of \`${name}()\` is used on line ${this.line(call)}, and it would become a promise`);
  }

  /**
   * CommonJS has no top-level `await`: a last entry call reports its failure (`main().catch(…)`), and
   * an entry call followed only by `process.exit()` makes the exit wait (`main().then(() => process.exit(0), …)`).
   * `end`, when given, must be that exit. Returns false when the statements around the call do not fit.
   */
  private settleTopLevel(statement: TSESTree.ExpressionStatement, callText: string, tx: Transaction, end: LifetimeEnd | null): boolean {
    const body = this.file.context.program.body;
    const index = body.indexOf(statement as TSESTree.ProgramStatement);
    if (index === -1) return false;
    const rest = body.slice(index + 1);
    const semi = this.semi();
    const indent = lineIndent(this.file.context.source, statement.range[0]);
    if (rest.length === 0 && end === null) {
      tx.edits.push({
        range: statement.range,
        text: `${callText}.catch((error) => {\n${indent}  console.error(error)${semi}\n${indent}  process.exitCode = 1${semi}\n${indent}})${semi}`,
      });
      return true;
    }
    const exit = rest[0];
    if (rest.length !== 1 || exit?.type !== 'ExpressionStatement' || !this.isProcessExit(exit.expression)) return false;
    if (end && !(end.range[0] >= exit.range[0] && end.range[1] <= exit.range[1])) return false;
    tx.edits.push({
      range: [statement.range[0], exit.range[1]],
      text: `${callText}.then(\n${indent}  () => ${this.text(exit.expression)},\n${indent}  (error) => {\n${indent}    console.error(error)${semi}\n${indent}    process.exit(1)${semi}\n${indent}  },\n${indent})${semi}`,
    });
    tx.settled.set(statement, exit);
    return true;
  }

  private isProcessExit(node: Node): boolean {
    const expression = skipTransparent(node);
    if (expression.type !== 'CallExpression') return false;
    const callee = skipTransparent(expression.callee);
    return (
      callee.type === 'MemberExpression' &&
      getPropertyName(callee) === 'exit' &&
      skipTransparent(callee.object).type === 'Identifier' &&
      this.text(callee.object) === 'process'
    );
  }

  private callSitesOf(fn: FunctionNode): readonly TSESTree.CallExpression[] {
    if (!this.callSites) {
      this.callSites = new Map();
      const visit = (node: Node): void => {
        if (node.type === 'MemberExpression') {
          const property = getPropertyName(node);
          if (property !== null) {
            const uses = this.memberUses.get(property);
            if (uses) uses.push(node);
            else this.memberUses.set(property, [node]);
          }
        }
        if (node.type === 'CallExpression') {
          const target = resolveCallee(node, this.file.context);
          if (target) {
            const list = this.callSites!.get(target);
            if (list) list.push(node);
            else this.callSites!.set(target, [node]);
          }
        }
        forEachChild(node, visit);
      };
      visit(this.file.context.program);
    }
    return this.callSites.get(fn) ?? [];
  }

  // ── lookups ─────────────────────────────────────────────────────────────────────────────────────

  private nodeAt(range: Range, accept: (node: Node) => boolean): Node {
    const node = this.file.nodesAt(range).find(accept);
    if (!node) throw new Unsupported('its code could not be located');
    return node;
  }

  private functionAt(range: Range): FunctionNode {
    const fn = this.file.nodesAt(range).find(isFunction);
    if (!fn) throw new Unsupported('a function on its call chain could not be located');
    return fn;
  }

  private ownerOf(node: Node): FunctionNode | Program {
    return getOwnerFunction(node) ?? this.file.context.program;
  }

  private freshName(site: Site, tx: Transaction): string {
    const isTaken = (candidate: string): boolean => this.names.has(candidate) || tx.names.has(candidate);
    const base = /^(?:await\s+)?(?:new\s+)?(?:[\w$]+\.)*([A-Za-z_$][\w$]*)\s*\(/.exec(site.nameHint)?.[1] ?? null;
    const name = site.plannedName !== null && !isTaken(site.plannedName) ? site.plannedName : createHandleName(base, isTaken);
    tx.names.add(name);
    return name;
  }

  private text(node: Node): string {
    return this.file.context.text(node);
  }

  private line(node: Node): number {
    return this.file.context.lineAt(node.range[0]);
  }

  private semi(): string {
    return this.semicolons ? ';' : '';
  }
}

function rangeKey(range: Range): string {
  return `${range[0]}:${range[1]}`;
}

function isTransparent(node: Node): boolean {
  return ['TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression', 'TSTypeAssertion', 'ChainExpression'].includes(node.type);
}

function listBody(list: Node): readonly Node[] {
  if (list.type === 'SwitchCase') return list.consequent;
  if (list.type === 'BlockStatement' || list.type === 'Program' || list.type === 'StaticBlock') return list.body;
  return [];
}

/** The statement of a statement list that holds `node`. */
function listStatementOf(node: Node): Node | null {
  for (let current: Node | undefined = node; current?.parent; current = current.parent) {
    if (LIST_PARENTS.has(current.parent.type)) return current;
    if (isFunction(current.parent)) return null;
  }
  return null;
}

/** The innermost statement that holds `node`. */
function statementOf(node: Node): Node | null {
  for (let current: Node | undefined = node; current; current = current.parent) {
    if (/Statement$|Declaration$/.test(current.type)) return current;
    if (isFunction(current)) return null;
  }
  return null;
}

function findAncestor(node: Node, accept: (node: Node) => boolean): Node | null {
  for (let current = node.parent; current; current = current.parent) {
    if (accept(current)) return current;
    if (isFunction(current)) return null;
  }
  return null;
}

function contains(outer: Node, inner: Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

function handleNameOf(expression: Node): string | null {
  const parent = expression.parent;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if (parent?.type === 'AssignmentExpression' && parent.left.type === 'Identifier') return parent.left.name;
  return null;
}

/** Plans the awaited-handle rewrite of every finding of an analysed file. */
export function planRewrite(file: AnalyzedFile, options: RewriteOptions = {}): RewritePlan {
  return new RewritePlanner(file, options).plan();
}

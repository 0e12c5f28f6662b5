import type { TSESTree } from '@typescript-eslint/types';
import { getOwnerFunction, skipTransparent, type FunctionNode, type Node, type Program } from '../syntax/ast';
import type { Binding } from '../syntax/scope';
import type { AnalyzedFile, FindingSites } from '../lifetime/analyze';
import type { Task } from '../lifetime/walk-state';
import { bufferedCall } from '../lifetime/buffered-clients';
import { canJoinBefore } from '../lifetime/lifetime-ends';
import type { Finding, LifetimeEnd, Starvation } from '../lifetime/model';
import { RUNTIMES } from '../lifetime/runtimes';
import { codeStyleOf, type CodeStyle } from './code-style';
import { addNamedImport } from './import-edits';
import { createHandleName, NameSet, namesOf } from './handle-names';
import { callAt, type Site, endInsertion, inModuleScope, insertAtBlockEnd, isReturnedSite, listStatementOf, Overlapping, Unsupported } from './join-placement';
import { AsyncPropagation, nameOf } from './async-propagation';
import { joinBeforeReturns } from './return-joins';
import { callSiteOf, rootSiteOf } from './task-sites';
import { joinWithoutAwait, type WithoutAwait } from './deferred-end';
import { OffloadRefused, planOffload, type GeneratedFile, type OffloadPlan } from './offload';
import type { FindingPlan, RewriteOptions, RewritePlan, SkippedFinding, Strategy, SuggestionMode } from './plans';
import { newTransaction, overlaps, type Transaction } from './transaction';
import type { TextEdit } from './text-edits';

/*
 * The awaited-handle rewrite of a whole file, planned as text edits: each finding's task becomes a
 * handle joined just before its lifetime end (or handed to the runtime's extender), every function on
 * the way waits for the work it used to leave behind, and functions that must now await become async,
 * with their same-file callers updated up to the entry point. A finding that cannot be rewritten
 * without changing what the code means is left alone, with the reason. The same planner makes an
 * editor suggestion: one finding's plan, confined to the function that holds its end.
 */

const STILL_STARVED_UNDER_AWAIT =
  '`--strategy=await` keeps it on the main thread, where the blocking work still starves it (`--strategy=auto` moves it to a worker thread)';

class RewritePlanner {
  private readonly committed: TextEdit[] = [];
  private readonly asyncified = new Set<FunctionNode>();
  private readonly names: NameSet;
  private readonly strategy: Strategy;
  private readonly files: GeneratedFile[] = [];
  private readonly offloads = new Map<Binding, OffloadPlan>();
  private readonly offloaded = new Set<string>();
  private readonly pendingOffloads = new Set<string>();
  private readonly notOffloaded = new Map<string, string>();
  private readonly style: CodeStyle;
  /** The ids of starved tasks, for the strategies that may move them to a worker. */
  private starved: Set<string> | null = null;
  private readonly propagation: AsyncPropagation;
  private readonly withoutAwait: WithoutAwait;

  constructor(
    private readonly file: AnalyzedFile,
    private readonly options: RewriteOptions,
    private readonly suggestion: SuggestionMode | null = null,
  ) {
    const { context } = file;
    this.names = new NameSet(namesOf(file));
    this.strategy = suggestion ? 'await' : (options.strategy ?? 'auto');
    this.style = codeStyleOf(context);
    this.propagation = new AsyncPropagation(
      file,
      { allowAsyncExports: options.allowAsyncExports ?? false, oneFunction: suggestion !== null, isModule: file.runsAs === 'esm', semi: this.semi() },
      this.asyncified,
    );
    this.withoutAwait = {
      file,
      propagation: this.propagation,
      suggestion: suggestion !== null,
      semi: this.semi(),
      asyncified: this.asyncified,
      mayMove: (other) => this.strategy === 'worker' || (this.strategy === 'auto' && file.result.starvations.some(({ id }) => id === other.id)),
      siteText: (site) => this.siteText(site),
    };
  }

  plan(): RewritePlan {
    const fixed: Finding[] = [];
    const skipped: SkippedFinding[] = [];
    const { selection } = this.options;
    for (const finding of this.file.result.findings) {
      if (selection && !selection.findings.has(finding.id)) continue;
      const transaction = this.transaction();
      try {
        const sites = this.sitesOf(finding);
        this.rewrite(finding, sites, transaction, this.offloadFor(finding.id, sites.task, transaction));
        this.commit(transaction);
        fixed.push(finding);
      } catch (error) {
        if (!(error instanceof Unsupported)) throw error;
        skipped.push({ finding, reason: error.message, afterOthers: error instanceof Overlapping });
      }
    }
    const starvations: { fixed: Starvation[]; skipped: Array<{ starvation: Starvation; reason: string }> } = { fixed: [], skipped: [] };
    const findings = new Map(this.file.result.findings.map((finding) => [finding.id, finding]));
    for (const starvation of this.file.result.starvations) {
      if (selection && !selection.starvations.has(starvation.id)) continue;
      const finding = findings.get(starvation.id);
      if (finding) {
        // The task also outlives its caller: its finding's rewrite decided whether it left the main thread.
        if (this.offloaded.has(starvation.id)) starvations.fixed.push(starvation);
        else if (!skipped.some((skip) => skip.finding === finding)) starvations.skipped.push({ starvation, reason: this.whyStillStarved(finding) });
        continue;
      }
      if (this.strategy === 'await') {
        starvations.skipped.push({ starvation, reason: STILL_STARVED_UNDER_AWAIT });
        continue;
      }
      // Starved tasks that no lifetime end reaches: the worker is the whole fix.
      const transaction = this.transaction();
      try {
        const task = this.file.starvationSites.get(starvation);
        if (!task) throw new Unsupported('its code could not be located');
        const replacement = this.offloadFor(starvation.id, task, transaction);
        if (replacement === null) throw new Unsupported(this.notOffloaded.get(starvation.id) ?? 'it cannot run in a worker thread');
        const site = task.root.siteNode;
        transaction.edits.push({ range: site.range, text: replacement(site) });
        this.commit(transaction);
        starvations.fixed.push(starvation);
      } catch (error) {
        if (!(error instanceof Unsupported)) throw error;
        starvations.skipped.push({ starvation, reason: error.message });
      }
    }
    return { edits: this.committed, fixed, skipped, files: this.files, offloaded: this.offloaded, notOffloaded: this.notOffloaded, starvations };
  }

  /** Why a task that also outlives its caller is still starved after the plan (its finding was not refused). */
  private whyStillStarved(finding: Finding): string {
    if (this.options.selection && !this.options.selection.findings.has(finding.id))
      return 'its `no-outlived-promise` report is turned off here, and a worker thread alone would not keep the work alive until its end';
    if (this.strategy === 'await') return `it is awaited now, but ${STILL_STARVED_UNDER_AWAIT}`;
    return `it is awaited now, but still runs on the blocked main thread: ${this.notOffloaded.get(finding.id) ?? 'it cannot run in a worker thread'}`;
  }

  /** The plan of one finding alone, as a suggestion (see `SuggestionMode`), or null when none applies. */
  planOne(finding: Finding): FindingPlan | null {
    const transaction = this.transaction();
    try {
      this.rewrite(finding, this.sitesOf(finding), transaction, null);
    } catch (error) {
      if (!(error instanceof Unsupported)) throw error;
      return null;
    }
    if (!transaction.join) return null;
    this.commit(transaction);
    return { ...transaction.join, edits: this.committed };
  }

  private sitesOf(finding: Finding): FindingSites {
    const sites = this.file.sites.get(finding);
    if (!sites) throw new Unsupported('its code could not be located');
    return sites;
  }

  private transaction(): Transaction {
    this.pendingOffloads.clear();
    return newTransaction();
  }

  /**
   * Moves the task's call into a worker thread when the strategy says so: returns how to write the
   * site's expression, or null to leave it. Under `worker` a refusal skips the finding; under `auto`
   * it is only noted, and the task is joined as it is.
   */
  private offloadFor(id: string, task: Task, tx: Transaction): ((site: Node) => string) | null {
    if (this.strategy === 'await') return null;
    this.starved ??= new Set(this.file.result.starvations.map((starvation) => starvation.id));
    if (this.strategy === 'auto' && !this.starved.has(id)) return null;
    try {
      const call = callAt(task.root.node);
      if (!call) throw new OffloadRefused(`\`${task.root.text}\` is not a function call`);
      const callee = skipTransparent(call.callee);
      const binding = callee.type === 'Identifier' ? this.file.context.scope.bindingOf(callee) : null;
      let plan = binding ? (this.offloads.get(binding) ?? tx.offloads.get(binding)) : undefined;
      if (!plan) {
        plan = planOffload(this.file, call, this.options.fileExists ?? (() => false), { has: (name) => this.names.has(name) || tx.names.has(name) });
        if (binding) tx.offloads.set(binding, plan);
        tx.edits.push(...plan.edits);
        tx.files.push(...plan.files);
        for (const name of plan.names) tx.names.add(name);
      }
      const offloadedCall = `${plan.call.slice(0, plan.call.indexOf('('))}(${call.arguments.map((argument) => this.text(argument)).join(', ')})`;
      this.pendingOffloads.add(id);
      return (site) => {
        const text = this.text(site);
        return `${text.slice(0, call.range[0] - site.range[0])}${offloadedCall}${text.slice(call.range[1] - site.range[0])}`;
      };
    } catch (error) {
      if (!(error instanceof OffloadRefused)) throw error;
      if (this.strategy === 'worker') throw new Unsupported(`it cannot run in a worker thread: ${error.message}`);
      this.notOffloaded.set(id, error.message);
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
      if (this.committed.some((done) => overlaps(done, edit))) throw new Overlapping('it overlaps the rewrite of another finding');
      if (fresh.some((done) => overlaps(done, edit))) throw new Unsupported('its rewrite would change the same code twice');
      fresh.push(edit);
    }
    this.committed.push(...fresh);
    for (const fn of transaction.asyncified) this.asyncified.add(fn);
    for (const name of transaction.names) this.names.add(name);
    for (const file of transaction.files) if (!this.files.some((done) => done.name === file.name)) this.files.push(file);
    for (const [binding, plan] of transaction.offloads) this.offloads.set(binding, plan);
    for (const id of this.pendingOffloads) this.offloaded.add(id);
    this.pendingOffloads.clear();
  }

  // ── per finding ─────────────────────────────────────────────────────────────────────────────────

  private rewrite(finding: Finding, sites: FindingSites, tx: Transaction, offload: ((site: Node) => string) | null): void {
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
    if (finding.task.kind === 'buffered') {
      this.flushBeforeEnd(finding, sites, tx);
      return;
    }
    const plain = rootSiteOf(this.file, finding, sites);
    const root: Site = offload ? { ...plain, replacement: offload(plain.expression) } : plain;
    const { hops } = sites.task;
    if (hops.length === 0 && sites.task.deferred) this.joinLeftovers(sites.task.deferred, tx);
    if (hops.length === 0 && isReturnedSite(sites.task)) {
      this.awaitReturned(root, tx);
      return;
    }
    if (hops.length === 0) {
      this.joinBeforeEnd(this.ownerOf(root.statement), root, finding, sites, tx);
      return;
    }
    if (this.suggestion) throw new Unsupported('the work crosses callers, which a one-function fix cannot change');
    // The work leaves each link at its end: each link waits for it there, and the next link keeps
    // the call that now carries it, until the owner of the lifetime end joins it before the end.
    for (const hop of hops) tx.chainCalls.add(hop.call);
    let site = root;
    for (const hop of hops) {
      this.joinAtFunctionEnd(hop.fn, site, tx);
      site = callSiteOf(this.file, hop.call, sites.endNode);
      if (site.awaited) return; // the caller already awaits the call, which now covers the work
    }
    this.joinBeforeEnd(this.ownerOf(site.statement), site, finding, sites, tx);
  }

  /**
   * Queued events (`posthog.capture(…)`) have no promise to await: the client's flush (`await
   * posthog.shutdown()`) is awaited before the end instead, in the function that holds the end.
   */
  private flushBeforeEnd(finding: Finding, sites: FindingSites, tx: Transaction): void {
    const call = sites.task.root.node as TSESTree.CallExpression;
    const buffered = bufferedCall(call, this.file.context);
    if (!buffered?.flush)
      throw new Unsupported(`nothing in scope names the flush of \`${finding.task.text}\`'s client: import it, then await it before the end`);
    const last = sites.task.hops.at(-1);
    if (last && !inModuleScope(call, this.file)) throw new Unsupported(`the client of \`${finding.task.text}\` is not in scope where the work ends`);
    const statement = last ? callSiteOf(this.file, last.call, sites.endNode).statement : listStatementOf(call);
    if (!statement) throw new Unsupported('the task is not in a statement list');
    const site: Site = {
      expression: call,
      statement,
      statementExpression: null,
      handle: buffered.flush,
      awaited: false,
      plannedName: null,
      nameHint: finding.task.text,
    };
    this.joinBeforeEnd(this.ownerOf(statement), site, finding, sites, tx);
  }

  /**
   * `bg()` leaves work it starts after its first `await` pending once its promise settles: awaiting (or
   * extending) `bg()` covers that work only when `bg()` itself waits for it, at its end.
   */
  private joinLeftovers(deferred: NonNullable<Task['deferred']>, tx: Transaction): void {
    if (deferred.leaks.length === 0) return;
    const name = nameOf(deferred.callee);
    if (this.suggestion) throw new Unsupported(`${name} leaves work pending when it settles, which a one-function fix cannot change`);
    for (const leak of deferred.leaks) {
      const expression = leak.root.siteNode;
      const statement = listStatementOf(expression);
      if (leak.hops.length > 0 || !statement) throw new Unsupported(`${name} leaves work pending that it does not start itself`);
      const statementExpression = statement.type === 'ExpressionStatement' ? statement.expression : null;
      const handle = leak.handle?.name ?? null;
      this.joinAtFunctionEnd(
        deferred.callee,
        { expression, statement, statementExpression, handle, awaited: false, plannedName: null, nameHint: leak.root.text },
        tx,
      );
    }
  }

  /** The link's function waits for the work it used to leave behind: before each later `return`, and at its natural end. */
  private joinAtFunctionEnd(fn: FunctionNode, site: Site, tx: Transaction): void {
    const name = nameOf(fn);
    if (fn.body.type !== 'BlockStatement') throw new Unsupported(`${name} has an expression body`);
    // A handle declared in a nested block would be out of scope at the returns and the end outside it.
    if (site.statement.parent !== fn.body) throw new Unsupported(`the work in ${name} starts inside a nested block`);
    this.propagation.makeAsync(fn, tx);
    const body = fn.body.body;
    if ((body.at(-1) === site.statement || this.endsLater(site, tx)) && !site.handle && site.statementExpression) {
      this.awaitInPlace(site, tx);
      return;
    }
    const handle = this.keep(site, tx);
    const returns = joinBeforeReturns(this.file, fn, site.statement, handle, this.semi(), {
      has: (candidate) => this.names.has(candidate) || tx.names.has(candidate),
    });
    tx.edits.push(...returns.edits);
    if (returns.fallsOffEnd) tx.edits.push(insertAtBlockEnd(this.file.context.source, fn.body, `await ${handle}${this.semi()}`, site.statement));
  }

  /** Joins the work before the finding's end, and before each later end it reaches on other paths. */
  private joinBeforeEnd(owner: FunctionNode | Program, site: Site, finding: Finding, sites: FindingSites, tx: Transaction): void {
    const { end } = finding;
    const ends = [
      { end, node: sites.endNode, statement: sites.endStatement },
      ...sites.laterEnds.map(({ end, node, endStatement }) => ({ end, node, statement: endStatement })),
    ];
    const extender = end.kind === 'handler-end' ? end.extender : null;
    if (extender && this.suggestion?.useExtender !== false) {
      if (extender.callee) {
        this.extend(site, ends, extender.callee, extender.takesCallback, tx);
        return;
      }
      const importable = end.kind === 'handler-end' ? RUNTIMES[end.runtime].importableExtender : null;
      if (importable && extender.takesCallback) {
        this.extend(site, ends, this.importExtender(importable, tx), true, tx);
        return;
      }
      if (end.kind === 'handler-end' && end.runtime === 'service-worker') throw new Unsupported('the listener has no event parameter to call `waitUntil()` on');
    }
    if (this.suggestion?.useExtender) throw new Unsupported('the runtime has no extender to hand the work to');
    // Where nothing can await (a callback, a CommonJS top level), the exit waits for the work, or the reason is given.
    if (joinWithoutAwait(this.withoutAwait, owner, { site, finding, sites, ends: ends.length }, tx)) return;
    const source = this.file.context.source;
    const insertion = endInsertion(source, site.statement, end, sites.endNode, sites.endStatement);
    if (owner.type !== 'Program') this.propagation.makeAsync(owner, tx, insertion.insert('').range[0]);
    if (!site.handle && (insertion.adjacent || (site.statementExpression && this.endsLater(site, tx)))) {
      this.awaitInPlace(site, tx);
      return;
    }
    const handle = this.keep(site, tx);
    tx.edits.push(insertion.insert(`await ${handle}${this.semi()}`));
    for (const later of ends.slice(1)) {
      tx.edits.push(endInsertion(source, site.statement, later.end, later.node, later.statement).insert(`await ${handle}${this.semi()}`));
    }
    tx.join = { kind: 'await-before-end', handle, existingHandle: site.handle !== null, extender: null };
  }

  /** Hands the work to the extender: where it starts, or (a handle) before each of the ends. */
  private extend(
    site: Site,
    ends: ReadonlyArray<{ readonly end: LifetimeEnd; readonly node: Node | null; readonly statement: Node | null }>,
    callee: string,
    takesCallback: boolean,
    tx: Transaction,
  ): void {
    const wrap = (value: string): string => (takesCallback ? `${callee}(() => ${value})` : `${callee}(${value})`);
    if (!site.handle && site.statementExpression) {
      tx.edits.push({ range: site.statementExpression.range, text: wrap(this.siteText(site)) });
      tx.join = { kind: 'use-extender', handle: null, existingHandle: false, extender: callee };
      return;
    }
    if (site.replacement !== undefined) tx.edits.push({ range: site.expression.range, text: site.replacement });
    const handle = site.handle ?? this.keep(site, tx);
    const source = this.file.context.source;
    for (const { end, node, statement } of ends)
      tx.edits.push(endInsertion(source, site.statement, end, node, statement).insert(`${wrap(handle)}${this.semi()}`));
    tx.join = { kind: 'use-extender', handle, existingHandle: site.handle !== null, extender: callee };
  }

  /** `import { after } from 'next/server'` when the route file does not have it yet. */
  private importExtender(extender: { readonly name: string; readonly from: string }, tx: Transaction): string {
    const { name, from } = extender;
    if (this.names.has(name) || tx.names.has(name))
      throw new Unsupported(`the name \`${name}\` is taken, so \`${name}()\` from \`${from}\` cannot be imported`);
    tx.names.add(name);
    tx.edits.push(addNamedImport(this.file.context, name, from, this.style));
    return name;
  }

  // ── edits ───────────────────────────────────────────────────────────────────────────────────────

  /**
   * The site calls a function that now waits before an exit or a close it used to make during the call
   * (it became async, or waits earlier): held as a handle, the code after the call would run before that
   * end, and work it starts there would be lost to it. Awaited in place, the order stays.
   */
  private endsLater(site: Site, tx: Transaction): boolean {
    const call = skipTransparent(site.expression);
    const fn = call.type === 'CallExpression' ? this.file.calls.resolve(call) : null;
    return fn !== null && (tx.asyncified.has(fn) || this.asyncified.has(fn)) && (this.file.mayExit(fn) || this.file.mayClose(fn));
  }

  private awaitInPlace(site: Site, tx: Transaction): void {
    if (!site.statementExpression) throw new Unsupported('the task is not a statement of its own');
    tx.edits.push({ range: site.statementExpression.range, text: `await ${this.siteText(site)}` });
    tx.join = { kind: 'await-in-place', handle: null, existingHandle: false, extender: null };
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
    tx.join = { kind: 'await-in-place', handle: null, existingHandle: false, extender: null };
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
    return this.style.semicolons ? ';' : '';
  }
}

/** Plans the awaited-handle rewrite of every finding of an analysed file. */
export function planRewrite(file: AnalyzedFile, options: RewriteOptions = {}): RewritePlan {
  return new RewritePlanner(file, options).plan();
}

/**
 * The fix of one finding as an editor suggestion: the codemod's plan for it, restricted to the function
 * that holds its end (see `SuggestionMode`); null when that plan needs more than this one function.
 */
export function planFindingFix(file: AnalyzedFile, finding: Finding, mode: SuggestionMode): FindingPlan | null {
  return new RewritePlanner(file, {}, mode).planOne(finding);
}

export type { FindingPlan, JoinKind, RewriteOptions, RewritePlan, SkippedFinding, Strategy, SuggestionMode } from './plans';

import { forEachChild, isFunction, skipTransparent, type FunctionNode, type Node, type Program, type Range } from '../syntax/ast';
import { FileContext } from './file-context';
import { isStackOverflow, orUnknown } from '../syntax/internal-error';
import { valuesKey, type ParameterValues } from '../syntax/constant-value';
import type { ScopeInfo } from '../syntax/scope';
import { createHandleName } from '../fix/handle-name';
import { isEsModule } from '../syntax/module-kind';
import { OwnerWalker, type OwnerResult, type RawFinding, type Task, type WalkerHost } from './flow';
import type { AnalysisResult, ChainLink, Finding, FunctionSummary, JoinPlan, Starvation } from './model';
import type { AnalysisOptions } from './options';
import { OwnerRoles } from './owner-roles';
import { PromiseSources } from './promise-sources';
import { describeFunction, getFunctionName } from './resolve-callee';

const EMPTY: OwnerResult = {
  findings: [],
  starvations: [],
  leaks: [],
  mayLeak: false,
  throwLeaks: [],
  neverReturns: false,
  mayExit: null,
  mayBlock: null,
  blocksLater: null,
};

/**
 * Runs the lifetime analysis over one file. Every function and the module top level is walked once;
 * a callee's result (what it leaves pending, whether it may exit) is computed on first use and reused.
 */
class Analyzer implements WalkerHost {
  readonly sources: PromiseSources;
  readonly roles: OwnerRoles;
  /** Every function of the file (owners besides the program). */
  readonly functions: FunctionNode[] = [];
  /** Nodes by `start:end`, for consumers that hold ranges (the codemod); built on first use. */
  private byRange: Map<string, Node[]> | null = null;

  nodesAt(range: Range): readonly Node[] {
    if (!this.byRange) {
      const index = new Map<string, Node[]>();
      const visit = (node: Node): void => {
        const key = `${node.range[0]}:${node.range[1]}`;
        const list = index.get(key);
        if (list) list.push(node);
        else index.set(key, [node]);
        forEachChild(node, visit);
      };
      visit(this.context.program);
      this.byRange = index;
    }
    return this.byRange.get(`${range[0]}:${range[1]}`) ?? [];
  }
  /** Each owner's walks: the general one (key `''`), and one per set of parameter values a call fixes. */
  private readonly results = new Map<FunctionNode | Program, Map<string, OwnerResult>>();
  private readonly usedNames: Set<string>;
  private readonly isModule: boolean;

  constructor(readonly context: FileContext) {
    this.sources = new PromiseSources(context);
    this.roles = new OwnerRoles(context);
    this.usedNames = new Set([...context.scope.declaredNames, ...context.scope.globalReferences.keys()]);
    this.isModule = isEsModule(context.program, context.options.filename, context.options.moduleKind);
  }

  ownerResult(owner: FunctionNode | Program, values?: ParameterValues): OwnerResult {
    const specialised = values && values.size > 0 && owner.type !== 'Program';
    const key = specialised ? valuesKey(values) : '';
    let results = this.results.get(owner);
    const known = results?.get(key);
    if (known) return known;
    if (!results) {
      results = new Map();
      this.results.set(owner, results);
    }
    results.set(key, EMPTY); // a recursive call sees "nothing known" instead of looping
    // An internal error in one function makes that function unknown: no finding in it, nothing its callers inherit.
    const result = orUnknown(() => {
      const role = owner.type === 'Program' ? ({ kind: 'plain' } as const) : this.roles.roleOf(owner);
      return new OwnerWalker(this, owner, role, specialised ? values : undefined).run();
    }, EMPTY);
    results.set(key, result);
    return result;
  }

  /** One pass lists the functions and links parents (typescript-estree links them only inside ESLint). */
  linkParents(): void {
    const collect = (node: Node, parent: Node): void => {
      if (!node.parent) (node as { parent?: Node }).parent = parent;
      if (isFunction(node) && node.body) this.functions.push(node);
      forEachChild(node, (child) => collect(child, node));
    };
    forEachChild(this.context.program, (child) => collect(child, this.context.program));
  }

  run(): AnalysisResult {
    this.linkParents();
    const owners: Array<FunctionNode | Program> = [this.context.program, ...this.functions];

    const findings: Finding[] = [];
    const starvations: Starvation[] = [];
    const reported = new Set<string>();
    const starved = new Set<string>();
    const summaries: FunctionSummary[] = [];
    for (const owner of owners) {
      const result = this.ownerResult(owner);
      for (const raw of result.findings) {
        const key = `${raw.task.root.range[0]}:${raw.task.root.range[1]}`;
        if (reported.has(key)) continue;
        reported.add(key);
        findings.push(this.toFinding(owner, raw));
      }
      for (const raw of result.starvations) {
        const key = `${raw.task.root.range[0]}:${raw.task.root.range[1]}`;
        if (starved.has(key)) continue;
        starved.add(key);
        starvations.push({ task: this.taskOf(raw.task), block: raw.block, chain: this.chainOf(owner, raw.task) });
      }
      if (owner.type !== 'Program') {
        summaries.push({
          name: getFunctionName(owner) === '(anonymous)' ? null : getFunctionName(owner),
          range: owner.range,
          leavesWorkPending: result.leaks.map((task) => ({ range: task.root.range, line: task.root.line, text: task.root.text })),
          mayExit: result.mayExit,
          mayBlock: result.mayBlock,
          returnsPendingPromise: this.sources.returnsPendingPromise(owner),
        });
      }
    }
    findings.sort((a, b) => a.task.range[0] - b.task.range[0]);
    starvations.sort((a, b) => a.task.range[0] - b.task.range[0]);
    return { findings, starvations, summaries };
  }

  private toFinding(owner: FunctionNode | Program, raw: RawFinding): Finding {
    const { task, end } = raw;
    const laterEnds = raw.laterEnds.map((later) => ({ end: later.end, joinBeforeRange: later.end.implicit ? null : (later.endStatement?.range ?? null) }));
    return { task: this.taskOf(task), end, chain: this.chainOf(owner, task), partial: raw.partial, plan: this.plan(owner, task, raw), laterEnds };
  }

  private taskOf(task: Task): Finding['task'] {
    return {
      range: task.root.range,
      line: task.root.line,
      text: task.root.text,
      kind: task.root.kind,
      siteRange: task.root.siteRange,
      subtest: task.root.subtest,
    };
  }

  /** The functions the work crossed, from the task's own function to `owner`. */
  private chainOf(owner: FunctionNode | Program, task: Task): ChainLink[] {
    const chain: ChainLink[] = [];
    for (const hop of task.hops) {
      chain.push({
        name: getFunctionName(hop.fn),
        description: describeFunction(hop.fn),
        functionRange: hop.fn.range,
        isAsync: hop.fn.async,
        call: this.callPosition(hop.call, hop.callStatement.range),
      });
    }
    if (chain.length > 0) {
      chain.push({
        name: owner.type === 'Program' ? '(module)' : getFunctionName(owner),
        description: owner.type === 'Program' ? 'the module top level' : describeFunction(owner),
        functionRange: owner.range,
        isAsync: owner.type === 'Program' ? true : owner.async,
        call: null,
      });
    }
    return chain;
  }

  private callPosition(call: Node, statementRange: Range): ChainLink['call'] {
    const position = this.context.position(call);
    return { ...position, statementRange };
  }

  /** Where a handle and its join go in the owner that holds the end. */
  private plan(owner: FunctionNode | Program, task: Task, raw: RawFinding): JoinPlan {
    const body = owner.type === 'Program' ? owner.body : owner.body.type === 'BlockStatement' ? owner.body.body : null;
    const siteList = listOf(task.statement);
    const endList = raw.endStatement ? listOf(raw.endStatement) : body;
    const siteIndex = siteList ? siteList.indexOf(task.statement) : -1;
    // The task must sit in a statement of its own list, and the end must come after it in that list.
    const siteStatement = innermostStatement(task.site);
    const endAfterSite = !raw.endStatement || raw.endStatement.range[0] >= task.statement.range[1];
    const sameBlock = siteList !== null && siteList === endList && siteStatement === task.statement && endAfterSite;
    let adjacent = false;
    if (sameBlock && siteList) {
      const endIndex = raw.endStatement ? siteList.indexOf(raw.endStatement) : siteList.length;
      adjacent = endIndex === siteIndex + 1;
    }
    return {
      ownerRange: owner.range,
      ownerIsAsync: owner.type === 'Program' ? this.isModule : owner.async,
      ownerMustBecomeAsync: owner.type !== 'Program' && !owner.async && !raw.end.extender?.callee,
      ownerIsProgram: owner.type === 'Program',
      siteStatementRange: task.statement.range,
      returned: isReturnedSite(task),
      joinBeforeRange: raw.endStatement ? raw.endStatement.range : null,
      bodyEnd: owner.type !== 'Program' && owner.body.type === 'BlockStatement' ? owner.body.range[1] - 1 : null,
      adjacent,
      sameBlock,
      handleName: task.handle?.name ?? this.handleName(task),
      existingHandle: task.handle?.name ?? null,
      extender: raw.end.extender,
    };
  }

  /** `uploadResults` → `uploadResultsTask`; `task` → `taskPromise`; never a name the file already uses. */
  private handleName(task: Task): string {
    const chainName = task.hops.at(-1) ? getFunctionName(task.hops.at(-1)!.fn) : null;
    const name = createHandleName(chainName && chainName !== '(anonymous)' ? chainName : task.root.calleeName, (candidate) => this.usedNames.has(candidate));
    this.usedNames.add(name);
    return name;
  }
}

/** The innermost statement holding a node. */
function innermostStatement(node: Node): Node | null {
  for (let current: Node | undefined = node; current; current = current.parent) {
    if (/Statement$|Declaration$/.test(current.type)) return current;
  }
  return null;
}

/** The statement list that directly holds a statement (block, program or `case` body), or null. */
function listOf(statement: Node): readonly Node[] | null {
  const parent = statement.parent;
  if (!parent) return null;
  // A class static block cannot `await`: no join can be planned there.
  if (parent.type === 'BlockStatement' || parent.type === 'Program') return parent.body;
  if (parent.type === 'SwitchCase') return parent.consequent;
  if (parent.type === 'ExportNamedDeclaration' || parent.type === 'ExportDefaultDeclaration') return listOf(parent);
  return null;
}

/** A file after analysis: its findings, and the structure a rewrite needs to act on them. */
export interface AnalyzedFile {
  readonly result: AnalysisResult;
  readonly context: FileContext;
  readonly roles: OwnerRoles;
  readonly functions: readonly FunctionNode[];
  /** The nodes whose range is exactly `range` (outermost first). */
  nodesAt(range: Range): readonly Node[];
}

/** Analyses a file and keeps what a rewrite of its findings needs. Throws on a stack overflow. */
export function analyzeFile(program: Program, source: string, options: AnalysisOptions): AnalyzedFile {
  const analyzer = new Analyzer(new FileContext(program, source, options));
  const result = analyzer.run();
  return {
    result,
    context: analyzer.context,
    roles: analyzer.roles,
    functions: analyzer.functions,
    nodesAt: (range) => analyzer.nodesAt(range),
  };
}

/**
 * Finds the tasks of a file that are still pending when their caller's lifetime ends. `program` is an
 * ESTree program as typescript-estree produces it (use `fromBabel` for jscodeshift's trees).
 */
export function analyzeProgram(program: Program, source: string, options: AnalysisOptions): AnalysisResult {
  const unknown: AnalysisResult = { findings: [], starvations: [], summaries: [] };
  try {
    return orUnknown(() => analyzeFile(program, source, options).result, unknown);
  } catch (error) {
    // A file nested deeper than the stack allows cannot be reasoned about: no findings, never a crash.
    if (isStackOverflow(error)) return unknown;
    throw error;
  }
}

/** `return <site>;`: the task is what its own statement returns. */
function isReturnedSite(task: Task): boolean {
  const statement = innermostStatement(task.site);
  return statement?.type === 'ReturnStatement' && statement.argument !== null && skipTransparent(statement.argument) === skipTransparent(task.site);
}

/** What another module needs of a file: its exported functions, each summarised when first asked. */
export interface ModuleSummary {
  /** Exported functions, with the name other modules import them by. */
  readonly exports: ReadonlyMap<FunctionNode, string>;
  readonly scope: ScopeInfo;
  summarize(fn: FunctionNode): Pick<FunctionSummary, 'returnsPendingPromise' | 'mayExit' | 'mayBlock'> & { readonly leavesWorkPending: boolean };
}

/**
 * The exports of a module another file imports: only the functions asked about (and their callees) are
 * walked, and no finding is computed, so that reading a project's modules costs what it needs.
 */
export function summarizeModule(program: Program, source: string, options: AnalysisOptions): ModuleSummary {
  const analyzer = new Analyzer(new FileContext(program, source, options));
  analyzer.linkParents();
  return {
    exports: analyzer.roles.exportedFunctions(),
    scope: analyzer.context.scope,
    summarize: (fn) => {
      const result = analyzer.ownerResult(fn);
      return {
        returnsPendingPromise: analyzer.sources.returnsPendingPromise(fn),
        mayExit: result.mayExit,
        mayBlock: result.mayBlock,
        leavesWorkPending: result.leaks.length > 0,
      };
    },
  };
}

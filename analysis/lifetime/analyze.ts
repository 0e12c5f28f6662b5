import { type FunctionNode, type Node, type Program } from '../syntax/ast';
import { isStackOverflow, orUnknown } from '../syntax/internal-error';
import { certainModuleKind, type ModuleKind } from '../syntax/module-kind';
import { valuesKey, type ParameterValues } from '../syntax/constant-value';
import type { ScopeInfo } from '../syntax/scope';
import { CallSites } from './call-sites';
import { EndReach, fileMayReport } from './end-reach';
import { FileContext } from './file-context';
import { OwnerWalker } from './owner-walker';
import { bufferedCall } from './buffered-clients';
import { taskId, type OwnerResult, type RawEnd, type RawFinding, type Task, type WalkerHost } from './walk-state';
import type { AnalysisResult, ChainLink, Finding, FindingTask, FunctionSummary, Starvation } from './model';
import type { AnalysisOptions } from './options';
import { OwnerRoles } from './owner-roles';
import { PromiseSources } from './promise-sources';
import { describeFunction, getFunctionName } from './resolve-callee';
import { RUNTIMES } from './runtimes';

const EMPTY: OwnerResult = {
  findings: [],
  starvations: [],
  leaks: [],
  mayLeak: false,
  throwLeaks: [],
  neverReturns: false,
  exitsAtOnce: false,
  exitsAfterYield: false,
  mayExit: null,
  closes: [],
  mayClose: false,
  exitNode: null,
  mayBlock: null,
  blocksLater: null,
};

/** The nodes behind a finding, for analysis/fix/: what its ranges stand for in this file's tree. */
export interface FindingSites {
  /** The function (or program) whose end the finding is at. */
  readonly owner: FunctionNode | Program;
  /** The task as the owner sees it: `site` and `statement` are in the owner; `hops` lead to where it started. */
  readonly task: Task;
  readonly endNode: Node | null;
  /** The statement of the owner's statement list that holds the end, or null for an implicit end. */
  readonly endStatement: Node | null;
  readonly laterEnds: readonly RawEnd[];
}

/**
 * Runs the lifetime analysis over one file. Every function and the module top level is walked once;
 * a callee's result (what it leaves pending, whether it may exit) is computed on first use and reused.
 */
class Analyzer implements WalkerHost {
  readonly sources: PromiseSources;
  readonly roles: OwnerRoles;
  /** Every function of the file (owners besides the program). */
  readonly functions: FunctionNode[] = [];
  /** Each finding's nodes, in the order the findings were made (owner by owner, as the walks meet them). */
  readonly sites = new Map<Finding, FindingSites>();
  readonly starvationSites = new Map<Starvation, Task>();
  /** Each owner's walks: the general one (key `''`), and one per set of parameter values a call fixes. */
  private readonly results = new Map<FunctionNode | Program, Map<string, OwnerResult>>();
  private endReach: EndReach | undefined;

  constructor(readonly context: FileContext) {
    this.roles = new OwnerRoles(context);
    this.sources = new PromiseSources(context, this.roles);
  }

  /** Which owners can end or block at all (one pass over the file, made on first use). */
  get reach(): EndReach {
    this.linkParents();
    return this.endReach!;
  }

  mayBlock(owner: FunctionNode | Program): boolean {
    return this.reach.mayBlock(owner);
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

  /**
   * One pass lists the functions, links parents (typescript-estree links them only inside ESLint) and notes
   * what each function may end or block (end-reach.ts).
   */
  linkParents(): void {
    if (this.endReach) return;
    this.endReach = new EndReach(this.context, this.roles, (fn) => this.functions.push(fn));
    // In source order whatever the dialect's key order (typescript-estree and Babel order a call's keys
    // differently): owners are walked, and their findings' handles named, alike for the rule and the codemod.
    this.functions.sort((a, b) => a.range[0] - b.range[0]);
  }

  run(): AnalysisResult {
    this.linkParents();
    const owners: Array<FunctionNode | Program> = [this.context.program, ...this.functions];

    const findings: Finding[] = [];
    const starvations: Starvation[] = [];
    const starved = new Set<string>();
    const reported = new Set<string>();
    // Most owners can end nothing: their walks (and what those ask of other modules) are left out.
    const walked = owners.filter((owner) => this.reach.mayReport(owner)).map((owner) => ({ owner, result: this.ownerResult(owner) }));
    // One report per task, at the end its own owner meets first: the walk of the owner it was started in (or the
    // nearest caller it reaches, the fewest hops) sees the earliest end, where a caller sees only its own later
    // one (`work(db); db.close();` in `main()`, called by `await main(); process.exit(0)`).
    const nearest = new Map<string, RawFinding>();
    for (const { result } of walked) {
      for (const raw of result.findings) {
        const id = taskId(raw.task);
        const best = nearest.get(id);
        if (!best || raw.task.hops.length < best.task.hops.length) nearest.set(id, raw);
      }
    }
    for (const { owner, result } of walked) {
      for (const raw of result.findings) {
        const id = taskId(raw.task);
        if (reported.has(id) || nearest.get(id) !== raw) continue;
        reported.add(id);
        const finding = this.toFinding(owner, raw);
        findings.push(finding);
        this.sites.set(finding, { owner, task: raw.task, endNode: raw.endNode, endStatement: raw.endStatement, laterEnds: raw.laterEnds });
      }
      for (const raw of result.starvations) {
        const id = taskId(raw.task);
        if (starved.has(id)) continue;
        starved.add(id);
        const starvation: Starvation = { id, task: this.taskOf(raw.task), block: raw.block, chain: this.chainOf(owner, raw.task) };
        starvations.push(starvation);
        this.starvationSites.set(starvation, raw.task);
      }
    }
    findings.sort((a, b) => a.task.range[0] - b.task.range[0]);
    starvations.sort((a, b) => a.task.range[0] - b.task.range[0]);
    let summaries: FunctionSummary[] | undefined;
    const summarize = (): FunctionSummary[] => this.summaries();
    // Every function's summary means walking every function: only for whoever reads them.
    return {
      findings,
      starvations,
      get summaries() {
        return (summaries ??= summarize());
      },
    };
  }

  summaries(): FunctionSummary[] {
    this.linkParents();
    return this.functions.map((fn) => {
      const result = this.ownerResult(fn);
      return {
        name: getFunctionName(fn),
        range: fn.range,
        leavesWorkPending: result.leaks.map((task) => ({ range: task.root.range, line: task.root.line, text: task.root.text })),
        mayExit: result.mayExit,
        mayBlock: result.mayBlock,
        returnsPendingPromise: this.sources.returnsPendingPromise(fn),
      };
    });
  }

  private toFinding(owner: FunctionNode | Program, raw: RawFinding): Finding {
    const { task, end } = raw;
    return {
      id: taskId(task),
      task: this.taskOf(task),
      end,
      chain: this.chainOf(owner, task),
      partial: raw.partial,
      laterEnds: raw.laterEnds.map((later) => later.end),
    };
  }

  private taskOf(task: Task): FindingTask {
    const { range, line, text, kind, siteRange, subtest, node } = task.root;
    const flush = kind === 'buffered' && node.type === 'CallExpression' ? bufferedCall(node, this.context)?.flushName : undefined;
    return { range, line, text, kind, siteRange, subtest, ...(flush !== undefined && { flush }) };
  }

  /** The functions the work crossed, from the task's own function to `owner`. */
  private chainOf(owner: FunctionNode | Program, task: Task): ChainLink[] {
    if (task.hops.length === 0) return [];
    const chain: ChainLink[] = task.hops.map((hop) => ({
      name: getFunctionName(hop.fn),
      isModule: false,
      description: describeFunction(hop.fn),
      functionRange: hop.fn.range,
      isAsync: hop.fn.async,
      call: { ...this.context.position(hop.call), statementRange: hop.callStatement.range },
    }));
    chain.push({
      name: owner.type === 'Program' ? null : getFunctionName(owner),
      isModule: owner.type === 'Program',
      description: owner.type === 'Program' ? 'the module top level' : describeFunction(owner),
      functionRange: owner.range,
      isAsync: owner.type === 'Program' ? true : owner.async,
      call: null,
    });
    return chain;
  }
}

/** A file after analysis: its findings, and what a rewrite of them needs to know of its code. */
export interface AnalyzedFile {
  readonly result: AnalysisResult;
  readonly context: FileContext;
  /** Each finding's nodes, in the order the findings were made (which is the order their handles are named in). */
  readonly sites: ReadonlyMap<Finding, FindingSites>;
  /** Each starvation's task, with its nodes. */
  readonly starvationSites: ReadonlyMap<Starvation, Task>;
  /** Which calls of the file run which of its functions. */
  readonly calls: CallSites;
  /**
   * How the file runs, when that is certain (its options, extension or syntax say): a rewrite writes
   * top-level `await` or `import.meta` only into a file that runs as an ES module whoever runs it.
   */
  readonly runsAs: ModuleKind | undefined;
  /** Another module can call `fn` (it is exported, or a member of an exported object). */
  isExported(fn: FunctionNode): boolean;
  /** The name other modules import by, when `reference` is the local name in an export statement (`module.exports = { main }`); null otherwise. */
  exportedAs(reference: Node): string | null;
  /** The value of `node` is a promise, as far as the file, the declarations it reads and the platform's APIs tell. */
  isPromise(node: Node): boolean;
  /** Whoever calls `fn` waits for the promise it returns: a test runner, or a runtime that awaits its handler. */
  isAwaitedByItsRunner(fn: FunctionNode): boolean;
  /** `fn` is `async` but never awaits: its work is done when its call returns (and its callers need not wait). */
  settlesAtOnce(fn: FunctionNode): boolean;
  /** `fn` may end the process (itself or through what it calls). */
  mayExit(fn: FunctionNode): boolean;
  /** `fn` may close a resource its callers see (itself or through what it calls). */
  mayClose(fn: FunctionNode): boolean;
}

const UNKNOWN_RESULT: AnalysisResult = { findings: [], starvations: [], summaries: [] };

/**
 * Analyses a file and keeps what a rewrite of its findings needs. Throws on a stack overflow. A file whose
 * text can end nothing (end-reach.ts, `fileMayReport`) has no finding to look for: its tree is read only
 * when a consumer asks for more than its findings.
 */
export function analyzeFile(program: Program, source: string, options: AnalysisOptions): AnalyzedFile {
  let analyzer: Analyzer | undefined;
  const full = (): Analyzer => {
    analyzer ??= new Analyzer(new FileContext(program, source, options));
    analyzer.linkParents();
    return analyzer;
  };
  const result = fileMayReport(program, source, options) ? full().run() : quietResult(() => full().summaries());
  let calls: CallSites | undefined;
  return {
    result,
    get context() {
      return full().context;
    },
    get sites() {
      return full().sites;
    },
    get starvationSites() {
      return full().starvationSites;
    },
    get calls() {
      return (calls ??= new CallSites(full().context));
    },
    runsAs: certainModuleKind(program, options.filename, options.moduleKind),
    isExported: (fn) => full().roles.isExported(fn),
    exportedAs: (reference) => full().roles.exportedAs(reference),
    isPromise: (node) => full().sources.isPromiseValue(node) || full().sources.isThenable(node) === true,
    settlesAtOnce: (fn) => fn.async && !fn.generator && !full().sources.returnsPendingPromise(fn),
    mayExit: (fn) => full().ownerResult(fn).mayExit !== null,
    mayClose: (fn) => {
      const result = full().ownerResult(fn);
      return result.closes.length > 0 || result.mayClose;
    },
    isAwaitedByItsRunner: (fn) => {
      const role = full().roles.roleOf(fn);
      return role.kind === 'test' || (role.kind === 'handler' && RUNTIMES[role.runtime].awaitsReturnedPromise);
    },
  };
}

/** The result of a file with nothing to find; its functions' summaries still come from a walk when read. */
function quietResult(summarize: () => FunctionSummary[]): AnalysisResult {
  let summaries: FunctionSummary[] | undefined;
  return {
    findings: [],
    starvations: [],
    get summaries() {
      return (summaries ??= summarize());
    },
  };
}

/**
 * `analyzeFile` for a consumer that must never fail (an ESLint rule): null for a file the analysis cannot
 * reason about (an internal error, nesting deeper than the stack allows).
 */
export function tryAnalyzeFile(program: Program, source: string, options: AnalysisOptions): AnalyzedFile | null {
  try {
    return orUnknown(() => analyzeFile(program, source, options), null);
  } catch (error) {
    if (isStackOverflow(error)) return null;
    throw error;
  }
}

/**
 * Finds the tasks of a file that are still pending when their caller's lifetime ends. `program` is an
 * ESTree program as typescript-estree produces it (use `fromBabel` for jscodeshift's trees).
 */
export function analyzeProgram(program: Program, source: string, options: AnalysisOptions): AnalysisResult {
  return tryAnalyzeFile(program, source, options)?.result ?? UNKNOWN_RESULT;
}

/** What another module needs of a file: its exported functions, each summarised when first asked. */
export interface ModuleSummary {
  /** Exported functions, with the name other modules import them by. */
  readonly exports: ReadonlyMap<FunctionNode, string>;
  readonly program: Program;
  readonly scope: ScopeInfo;
  summarize(fn: FunctionNode): Pick<FunctionSummary, 'returnsPendingPromise' | 'mayExit' | 'mayBlock'> & { readonly leavesWorkPending: boolean };
  /** A call of `fn` may exit or block, by one pass over the module rather than a walk (end-reach.ts). */
  mayEnd(fn: FunctionNode): boolean;
}

/**
 * The exports of a module another file imports: only the functions asked about (and their callees) are
 * walked, and no finding is computed, so that reading a project's modules costs what it needs.
 */
export function summarizeModule(program: Program, source: string, options: AnalysisOptions): ModuleSummary {
  const analyzer = new Analyzer(new FileContext(program, source, options));
  analyzer.linkParents();
  return {
    mayEnd: (fn) => analyzer.reach.mayEndOrBlock(fn),
    exports: analyzer.roles.exportedFunctions(),
    program,
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

import { apply } from '../tests/helpers/apply-transform';
import { observe, ProgramError, type Observed } from './judge';
import { render, type Program, type Rendered, type Site } from './program';
import { lintProgram, parseError, PROGRAM_FILE, type Report } from './rule-reports';

/*
 * The properties, per task (a task is named by its call site, fuzz/program.ts):
 *
 * (a) `no-outlived-promise` reports a task iff a run loses it; `no-starved-promise` reports a task iff it is
 *     pending at a blocking call in a run. Within the documented scope only: OUT_OF_SCOPE lists what the
 *     documentation says the rules are silent on by design; such a loss is counted apart, not as a
 *     disagreement. A report on a call whose value is no promise (a sync helper that returns nothing), or on
 *     no call site at all, is a false report.
 * (b) After the codemod (the real transform, `--strategy=await`, as tests/helpers/apply-transform.ts runs
 *     it): the output parses, no task the rule reported is lost any more unless the codemod said it skipped
 *     it, no other task becomes lost, the other output (the lines that are not task markers) keeps its
 *     relative order, and a second run of the codemod changes nothing.
 */

/**
 * What is out of the documented scope, and why (docs/rules/no-outlived-promise.md). The grammar generates
 * only conditions the analysis evaluates (literals, `const` primitives, a parameter a call fixes; the
 * section "Through callers": only the work a function leaves pending on every normal return, or on the paths
 * the call's own constant arguments select), so unknown conditions are not generated at all: that scope is
 * left out, not measured. What remains is one silence by design (a bounded race), and the three known
 * disagreements the documentation lists ("Known disagreements"), each left on purpose: a report true of a
 * function's own end that the run never reaches (1, 2), and a loss whose timing the rule does not guess (3).
 * Each is recognised from the run (a helper never entered, an end marker never printed after an `await`)
 * and from the program's shape, never from the report alone.
 */
export const OUT_OF_SCOPE = {
  boundedRace:
    'a task raced against a delay (`Promise.race([w1(), tick()])`) or against a handle already awaited, and lost to it: a bounded wait, or an entry the rule cannot tell from one, not reported by design ("What counts as joined")',
  detachedExit:
    'lost (or starved) when an async helper its caller did not await exits, closes the resource or blocks after its own `await`: when that comes, and what is still pending then, is a matter of timing the rule does not guess (known disagreement 3)',
  preempted:
    'reported after an `await` in a function whose run the process ends first (an exit elsewhere, `main(); process.exit(0)`): the rule judges the function up to its own end (known disagreement 2)',
  deadFunction:
    'reported in a helper the run never calls (its only call comes after an exit): each function is judged on its own, for every caller it may have (known disagreement 1, docs/rules/no-outlived-promise.md)',
  closedPath:
    "reported at an end, or started, on a helper's path that its argument closes in this program (`if (flag)` in `h1(false)`): each function is judged on its own, for every caller it may have (known disagreement 1)",
} as const;

export type Signature =
  | 'outlived-missed'
  | 'outlived-false'
  | 'starved-missed'
  | 'starved-false'
  | 'report-off-site'
  | 'lint-fatal'
  | 'codemod-threw'
  | 'codemod-parse'
  | 'codemod-lost'
  | 'codemod-order'
  | 'codemod-not-idempotent'
  | 'program-error';

export interface Disagreement {
  readonly signature: Signature;
  readonly detail: string;
}

export interface Verdict {
  readonly rendered: Rendered;
  readonly disagreements: readonly Disagreement[];
  /** Tasks lost (or starved) that the rules are silent on by design, with the reason. */
  readonly outOfScope: ReadonlyArray<{ readonly task: string; readonly reason: string }>;
  /** Reports on async helpers that exit or block themselves, whose markers would mislead (fuzz/program.ts). */
  readonly unjudged: number;
  readonly losesTask: boolean;
  readonly starvesTask: boolean;
  readonly reported: number;
  /** Whether the codemod rewrote the program (and property (b) ran on a rewrite). */
  readonly rewritten: boolean;
  readonly runs: number;
}

interface Judged {
  /** The tasks reported, by their own markers. */
  readonly ids: Set<string>;
  /** What the reports explain: the reported tasks and what their functions join (Site.covers). */
  readonly explained: Set<string>;
  readonly unjudged: number;
  readonly offSite: Report[];
  /** The lines of the ends each reported task is reported at (`(line 12)` in the message). */
  readonly endLines: Map<string, number[]>;
  /** What each reported task's call covers (Site.covers). */
  readonly coversOf: Map<string, readonly string[]>;
}

function judgedIds(reports: readonly Report[], rule: Report['rule']): Judged {
  const ids = new Set<string>();
  const explained = new Set<string>();
  let unjudged = 0;
  const offSite: Report[] = [];
  const endLines = new Map<string, number[]>();
  const coversOf = new Map<string, readonly string[]>();
  for (const report of reports) {
    if (report.rule !== rule) continue;
    if (!report.site || !report.site.promise) {
      offSite.push(report);
      continue;
    }
    for (const task of report.site.covers) explained.add(task);
    if (report.site.judgedBy) {
      ids.add(report.site.judgedBy);
      explained.add(report.site.judgedBy);
      coversOf.set(report.site.judgedBy, report.site.covers);
      const line = /\(line (\d+)\)/.exec(report.message)?.[1];
      endLines.set(report.site.judgedBy, [...(endLines.get(report.site.judgedBy) ?? []), line === undefined ? 0 : Number(line)]);
    } else unjudged++;
  }
  return { ids, explained, unjudged, offSite, endLines, coversOf };
}

const describe = (ids: Iterable<string>): string => [...ids].sort().join(', ');

function compare(
  rule: 'outlived' | 'starved',
  reported: Judged,
  observed: ReadonlySet<string>,
  exempt: { readonly missed: ReadonlySet<string>; readonly extra: ReadonlySet<string> },
  into: Disagreement[],
): void {
  const missed = [...observed].filter((task) => !reported.explained.has(task) && !exempt.missed.has(task));
  // A reported async helper whose own markers finish, but whose awaited work was lost with it, is right.
  const coveredLost = (task: string): boolean => (reported.coversOf.get(task) ?? []).some((covered) => observed.has(covered));
  const extra = [...reported.ids].filter((task) => !observed.has(task) && !coveredLost(task) && !exempt.extra.has(task));
  const verb = rule === 'outlived' ? 'lost' : 'starved';
  if (missed.length > 0) into.push({ signature: `${rule}-missed`, detail: `${verb} but not reported: ${describe(missed)}` });
  if (extra.length > 0) into.push({ signature: `${rule}-false`, detail: `reported but never ${verb}: ${describe(extra)}` });
}

/** The non-marker lines of a run, in order. */
function otherOutput(observed: Observed): string[] {
  return observed.baseline.lines.filter((line) => !/^(start|done|enter) /.test(line));
}

function isSubsequence(small: readonly string[], large: readonly string[]): boolean {
  let at = 0;
  for (const line of large) if (at < small.length && small[at] === line) at++;
  return at === small.length;
}

/**
 * The tasks the codemod says it left alone (`skipped line N: \`w3()\` …`), and with an async function's call
 * left pending, the work in that function and its helpers: the rewrite may have joined it there, so its fate
 * is now the skipped call's.
 */
function skippedTasks(reports: readonly string[], sites: readonly Site[]): Set<string> {
  const skipped = new Set<string>();
  const ownerOf = new Map(sites.map((site) => [site.name, site.owner]));
  const within = (owner: string, fn: string): boolean => {
    for (let at: string | undefined = owner, hops = 0; at !== undefined && hops <= sites.length; at = ownerOf.get(at), hops++) if (at === fn) return true;
    return false;
  };
  for (const report of reports) {
    const match = /^skipped line \d+: `(\w+)\(/.exec(report);
    const site = match && sites.find((candidate) => candidate.name === match[1]);
    if (!site) continue;
    if (site.judgedBy) skipped.add(site.judgedBy);
    for (const task of site.covers) skipped.add(task);
    if (site.promise && (site.name === 'main' || site.name.startsWith('h')))
      for (const inner of sites) if (inner.judgedBy && within(inner.owner, site.name)) skipped.add(inner.judgedBy);
  }
  return skipped;
}

async function checkCodemod(
  rendered: Rendered,
  lost: ReadonlySet<string>,
  outOfScope: ReadonlySet<string>,
  before: Observed,
  into: Disagreement[],
): Promise<{ rewritten: boolean; runs: number }> {
  let result;
  try {
    result = apply(rendered.text, PROGRAM_FILE, { strategy: 'await' });
  } catch (error) {
    into.push({ signature: 'codemod-threw', detail: (error as Error).message });
    return { rewritten: false, runs: 0 };
  }
  const output = result.output ?? rendered.text;
  const skipped = skippedTasks(result.reports, rendered.sites);
  if (output === rendered.text) {
    const stillLost = [...lost].filter((task) => !outOfScope.has(task) && !skipped.has(task));
    if (stillLost.length > 0) into.push({ signature: 'codemod-lost', detail: `unchanged, and neither fixed nor skipped: ${describe(stillLost)}` });
    return { rewritten: false, runs: 0 };
  }
  const parsed = parseError(output);
  if (parsed) {
    into.push({ signature: 'codemod-parse', detail: `the output does not parse: ${parsed}\n${output}` });
    return { rewritten: true, runs: 0 };
  }
  let after: Observed;
  try {
    // Slowed after the rewrite: the tasks it was to save, and any that did not start before it (a later exit).
    after = await observe(output, rendered.markedTasks, (task) => lost.has(task) || !before.started.has(task));
  } catch (error) {
    into.push({ signature: 'codemod-lost', detail: `the output fails to run: ${(error as Error).message}\n${output}` });
    return { rewritten: true, runs: 0 };
  }
  const stillLost = [...after.lost].filter((task) => !outOfScope.has(task) && !skipped.has(task));
  if (stillLost.length > 0) into.push({ signature: 'codemod-lost', detail: `still lost after the codemod: ${describe(stillLost)}\n${output}` });
  const order = [otherOutput(before), otherOutput(after)] as const;
  // With a detached exit, when the process ends is timing (OUT_OF_SCOPE.detachedExit): a join moves it.
  if (!rendered.detachedExit && !isSubsequence(order[0], order[1])) {
    into.push({ signature: 'codemod-order', detail: `other output was ${order[0].join(' ')}, is ${order[1].join(' ')}\n${output}` });
  }
  let again: string | undefined;
  try {
    again = apply(output, PROGRAM_FILE, { strategy: 'await' }).output;
  } catch (error) {
    again = `(threw: ${(error as Error).message})`;
  }
  if (again !== undefined && again !== output) into.push({ signature: 'codemod-not-idempotent', detail: `a second run changes it:\n${again}` });
  return { rewritten: true, runs: after.runs };
}

export interface CheckOptions {
  /** Check property (b) too (default true); shrinking a rule disagreement skips it. */
  readonly codemod?: boolean;
  /** What the rules report (default: fuzz/rule-reports.ts); the tests swap in a wrong one to see the properties fail. */
  readonly lint?: typeof lintProgram;
}

export async function checkProgram(program: Program, options: CheckOptions = {}): Promise<Verdict> {
  const rendered = render(program);
  const disagreements: Disagreement[] = [];
  const empty = { rendered, disagreements, outOfScope: [], unjudged: 0, losesTask: false, starvesTask: false, reported: 0, rewritten: false, runs: 0 };
  const linted = (options.lint ?? lintProgram)(rendered.text, rendered.sites);
  if (linted.fatal) return { ...empty, disagreements: [{ signature: 'lint-fatal', detail: linted.fatal }] };
  let observed: Observed;
  try {
    observed = await observe(rendered.text, rendered.markedTasks);
  } catch (error) {
    if (error instanceof ProgramError) return { ...empty, disagreements: [{ signature: 'program-error', detail: error.message }] };
    throw error;
  }
  const outlived = judgedIds(linted.reports, 'no-outlived-promise');
  const starved = judgedIds(linted.reports, 'no-starved-promise');
  for (const report of [...outlived.offSite, ...starved.offSite]) {
    disagreements.push({ signature: 'report-off-site', detail: `${report.line}:${report.column} reported where no task starts: ${report.message}` });
  }
  const bounded = new Set(rendered.boundedRaceTasks.filter((task) => observed.lost.has(task) && !outlived.explained.has(task)));
  const detached = new Set(rendered.detachedExit ? [...observed.lost].filter((task) => !outlived.explained.has(task) && !bounded.has(task)) : []);
  // Reported tasks in helpers that never ran (not a branch not taken: the helper itself was never called).
  const dead = new Set(
    rendered.sites
      .filter((site) => site.judgedBy && site.owner !== 'main' && site.owner !== '(top)' && !observed.entered.has(site.owner))
      .map((site) => site.judgedBy as string),
  );
  // Reported at ends the runs never reached, after an `await` on a path the conditions take: the process ended first.
  const unreachedEnd = (line: number): boolean => {
    const end = rendered.ends.find((candidate) => candidate.line === line);
    if (end) return !observed.reachedEnds.has(end.id) && end.afterAwait && !end.underFalse;
    // An end through a helper's call (`h4()`, which exits): unreached if the helper never ran.
    const call = rendered.sites.find((site) => site.line === line && site.name.startsWith('h'));
    return call !== undefined && !observed.entered.has(call.name) && call.afterAwait && !call.underFalse;
  };
  const preemptedIn = (judged: Judged): Set<string> =>
    new Set([...judged.endLines].filter(([task, lines]) => !dead.has(task) && lines.every(unreachedEnd)).map(([task]) => task));
  const preempted = { outlived: preemptedIn(outlived), starved: preemptedIn(starved) };
  // Reported at ends the run never reached because the helper's `flag` argument closes their branch.
  const closedEnd = (line: number): boolean => {
    const end = rendered.ends.find((candidate) => candidate.line === line);
    if (end) return end.closedByFlag && !observed.reachedEnds.has(end.id);
    const call = rendered.sites.find((site) => site.line === line && site.name.startsWith('h'));
    return call !== undefined && call.closedByFlag && !observed.entered.has(call.name);
  };
  // Or a task whose call is on such a path (`if (!flag) w4();` in `h1(true)`), judged for the callers that take it.
  const closedTasks = new Set(
    rendered.sites.filter((site) => site.judgedBy && site.closedByFlag && !observed.started.has(site.judgedBy)).map((site) => site.judgedBy as string),
  );
  const closedIn = (judged: Judged): Set<string> =>
    new Set([...judged.endLines].filter(([task, lines]) => !dead.has(task) && (closedTasks.has(task) || lines.every(closedEnd))).map(([task]) => task));
  const closed = { outlived: closedIn(outlived), starved: closedIn(starved) };
  const reportedOnly = (tasks: ReadonlySet<string>): string[] => [...tasks].filter((task) => outlived.ids.has(task) || starved.ids.has(task));
  compare(
    'outlived',
    outlived,
    observed.lost,
    { missed: new Set([...bounded, ...detached]), extra: new Set([...dead, ...preempted.outlived, ...closed.outlived]) },
    disagreements,
  );
  const boundedStarved = new Set([
    ...rendered.boundedRaceTasks.filter((task) => observed.starved.has(task) && !starved.explained.has(task)),
    // A detached helper blocks at a moment only timing decides: what is pending then is not the rule's to guess.
    ...(rendered.detachedExit ? [...observed.starved].filter((task) => !starved.explained.has(task)) : []),
  ]);
  compare('starved', starved, observed.starved, { missed: boundedStarved, extra: new Set([...dead, ...preempted.starved, ...closed.starved]) }, disagreements);
  // After the codemod, a bounded race still loses its entry, whether or not a report explained it before.
  const raced = new Set([...rendered.boundedRaceTasks, ...(rendered.detachedExit ? observed.started : [])]);
  const codemod = options.codemod === false ? { rewritten: false, runs: 0 } : await checkCodemod(rendered, observed.lost, raced, observed, disagreements);
  return {
    rendered,
    disagreements,
    outOfScope: [
      ...[...new Set([...bounded, ...boundedStarved])].map((task) => ({ task, reason: OUT_OF_SCOPE.boundedRace })),
      ...[...detached].map((task) => ({ task, reason: OUT_OF_SCOPE.detachedExit })),
      ...reportedOnly(dead).map((task) => ({ task, reason: OUT_OF_SCOPE.deadFunction })),
      ...[...new Set([...preempted.outlived, ...preempted.starved])].map((task) => ({ task, reason: OUT_OF_SCOPE.preempted })),
      ...reportedOnly(new Set([...closed.outlived, ...closed.starved])).map((task) => ({ task, reason: OUT_OF_SCOPE.closedPath })),
    ],
    unjudged: outlived.unjudged + starved.unjudged,
    losesTask: observed.lost.size > 0,
    starvesTask: observed.starved.size > 0,
    reported: linted.reports.length,
    rewritten: codemod.rewritten,
    runs: observed.runs + codemod.runs,
  };
}

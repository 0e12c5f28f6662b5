import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { API, FileInfo, Options } from 'jscodeshift';
import {
  analyzeFile,
  applyEdits,
  certainModuleKind,
  createAnalysisOptions,
  fromBabel,
  isDeclarationFile,
  hasModuleSyntax,
  moduleKindOfPackage,
  planningText,
  planRewrite,
  readTextFile,
  startupProblems,
  undeclaredNames,
  type AnalyzedFile,
  type Finding,
  type GeneratedFile,
  type PlanningText,
  type RewriteOptions,
  type Starvation,
  type ModuleKind,
  type Program,
  type Strategy,
} from '../analysis';
import { describeEnd } from './describe-finding';
import { eslintLinterFor, type EslintLinter, type KeptReport } from './eslint-reports';
import { createBabelDeclarationResolver, createBabelImportResolver } from './import-resolver';
import { parseFile } from './parser-for';

/*
 * jscodeshift transform: rewrites the findings ESLint reports for a file (with the user's config, its
 * options, types and disable directives) into awaited handles, `waitUntil`/`after` hand-offs or worker
 * threads, as planned by the shared analysis. The edits are applied to the original text, so formatting
 * and comments elsewhere stay as they were. Usage:
 *
 *   npx jscodeshift -t node_modules/eslint-plugin-promise-lifetime/dist/codemods/fix-promise-lifetime.js src/
 *
 * Options: --strategy=auto|await|worker (default auto), --allow-async-exports=true,
 * --module-kind=esm|cjs (default: as Node decides, from the extension and the nearest package.json),
 * --eslint-config=<file> (default: the config ESLint finds), --eslint=false (the plugin's defaults,
 * without ESLint).
 */

const STRATEGIES = new Set(['auto', 'await', 'worker']);
const MODULE_KINDS = new Set(['esm', 'cjs']);
/** package.json answers per folder, for the life of a jscodeshift worker. */
const packageKinds = new Map<string, ModuleKind | undefined>();

/** The project's other modules, read and analysed once per jscodeshift worker: what their exports do. */
const resolveImport = createBabelImportResolver();
/** Their declared types and installed packages' `.d.ts` files, read once per jscodeshift worker. */
const resolveDeclarations = createBabelDeclarationResolver();

/**
 * Whether the file runs as an ES module decides between top-level `await` and `main().catch(…)`, and
 * between `import.meta.url` and `__dirname`: a `.ts` file written with `import` runs as CommonJS in a
 * package without `"type": "module"` (tsx, tsc's `node16`/`nodenext`), where either would break it.
 */
function moduleKindOf(file: FileInfo, options: Options): ModuleKind | undefined {
  const given = options.moduleKind ?? options['module-kind'];
  if (given !== undefined) {
    if (!MODULE_KINDS.has(String(given))) throw new Error(`--module-kind must be esm or cjs (got "${String(given)}")`);
    return given as ModuleKind;
  }
  return moduleKindOfPackage(file.path, readTextFile, packageKinds);
}

function isOn(value: unknown): boolean {
  return value === true || value === 'true' || value === 1 || value === '1';
}

function describeTask(finding: Finding): string {
  return `line ${finding.task.line}: \`${finding.task.text}\` ${describeEnd(finding)}`;
}

/** What the transform would do to one file: its new text, the files it would create, its reports. */
export interface FixResult {
  /** undefined: nothing to do (jscodeshift's "skipped"); the same text: findings left as they are. */
  readonly output: string | undefined;
  /** Files to create, with paths next to the source file. */
  readonly files: ReadonlyArray<{ readonly path: string; readonly text: string }>;
  readonly reports: readonly string[];
}

/**
 * One round of the rewrite: its result, and by task text the findings a later round must not plan again
 * (`settled`). A later round plans every finding of the rewritten text: a skip's reason may not hold once
 * other findings are rewritten (two joins before one `return`, a chain that became an `await`), and a fixed
 * task may meet a new end (`w()` joined before `await t`, whose call now exits later). Only what the user
 * asked to move into a worker (`--strategy=worker`) and could not is settled: a later round only joins.
 */
interface Round extends FixResult {
  readonly settled: ReadonlySet<string>;
}

const NOTHING_TO_DO: Round = { output: undefined, files: [], reports: [], settled: new Set() };

function finished({ output, files, reports }: Round): FixResult {
  return { output, files, reports };
}

function checkStrategy(options: Options): Strategy {
  const strategy = String(options.strategy ?? 'auto');
  if (!STRATEGIES.has(strategy)) throw new Error(`--strategy must be one of auto, await, worker (got "${strategy}")`);
  return strategy as Strategy;
}

/**
 * The whole rewrite of one file on the plugin's defaults, without ESLint (no config, no directives, no
 * types), writing nothing: the transform below writes what this returns. Throws an error naming the
 * file (and position) when the file does not parse.
 */
export function fixSource(file: FileInfo, options: Options): FixResult {
  let result = fixOnce(file, options);
  for (let round = 1; round < MAX_ROUNDS && result.output !== undefined && result.output !== file.source; round++) {
    const again = fixOnce({ ...file, source: result.output }, laterRound(options), result.settled);
    if (again.output === undefined) break;
    // Unchanged: the later round's findings are all skipped, and its reports say why.
    const unchanged = again.output === result.output;
    result = combineRounds(result, again);
    if (unchanged) break;
  }
  return finished(result);
}

/**
 * A rewrite can expose findings the file did not have: work a helper starts after its first `await` is
 * reported at the helper's call, and once that call is awaited, at the work itself. The rewrite runs again
 * on its own output (at most MAX_ROUNDS times) until it changes nothing, so a second run of the codemod
 * changes nothing either (found by differential testing, fuzz/).
 */
const MAX_ROUNDS = 3;

/** The later rounds only join what the first one exposed: they move nothing into a worker (the first round decided that). */
function laterRound(options: Options): Options {
  return { ...options, strategy: 'await' };
}

/**
 * One file's rewrite over two rounds: the last text and files; the first round's reports but its skips of
 * what the later round planned again, and the later round's about findings (its starvations were the first
 * round's to decide).
 */
function combineRounds(first: Round, next: Round): Round {
  const taskOf = (report: string): string | undefined => /^(?:fixed|skipped) line \d+: `([^`]*)`/.exec(report)?.[1];
  const findings = next.reports.filter((report) => !report.includes('` starved by `') && taskOf(report) !== undefined);
  const planned = new Set(findings.map(taskOf));
  const kept = first.reports.filter((report) => !report.startsWith('skipped ') || report.includes('` starved by `') || !planned.has(taskOf(report)));
  return {
    output: next.output,
    files: [...first.files.filter((file) => !next.files.some((later) => later.path === file.path)), ...next.files],
    reports: [...kept, ...findings],
    settled: new Set([...first.settled, ...next.settled]),
  };
}

function fixOnce(file: FileInfo, options: Options, decided: ReadonlySet<string> | null = null): Round {
  checkStrategy(options);
  // Type declarations run no code: nothing in them can be lost.
  if (isDeclarationFile(file.path)) return NOTHING_TO_DO;
  // Planned on LF text without a byte order mark; the output gets the file's own back (fix/code-style.ts).
  const text = planningText(file.source);
  const { source } = text;
  let program: unknown;
  try {
    program = parseFile(file.path, source);
  } catch (error) {
    // Babel's message ends with `(line:column)`, column 0-based; say it once, as editors count.
    const { message, loc } = error as { message: string; loc?: { line: number; column: number } };
    const where = loc ? `:${loc.line}:${loc.column + 1}` : '';
    throw new Error(`${file.path}${where}: cannot parse, left unchanged: ${message.replace(/\s*\(\d+:\d+\)$/, '')}`, { cause: error });
  }
  const moduleKind = moduleKindOf(file, options);
  const analyzed = analyzeFile(
    fromBabel(program, source),
    source,
    createAnalysisOptions({ filename: file.path, resolveImport, resolveDeclarations, ...(moduleKind && { moduleKind }) }),
  );
  return fixAnalyzed(file, text, analyzed, options, null, decided);
}

/**
 * The whole rewrite of one file, of exactly the findings ESLint reports for it with the user's config
 * (options, types, disable directives), writing nothing. Every report ESLint kept gets a line: fixed,
 * or skipped with the reason.
 */
export async function fixSourceThroughEslint(file: FileInfo, options: Options, linter: EslintLinter): Promise<FixResult> {
  let result = await fixThroughEslintOnce(file, options, linter);
  for (let round = 1; round < MAX_ROUNDS && result.output !== undefined && result.output !== file.source; round++) {
    const again = await fixThroughEslintOnce({ ...file, source: result.output }, laterRound(options), linter, result.settled);
    if (again.output === undefined) break;
    const unchanged = again.output === result.output;
    result = combineRounds(result, again);
    if (unchanged) break;
  }
  return finished(result);
}

async function fixThroughEslintOnce(file: FileInfo, options: Options, linter: EslintLinter, decided: ReadonlySet<string> | null = null): Promise<Round> {
  checkStrategy(options);
  const text = planningText(file.source);
  const { analyzed, kept } = await linter.lint(path.resolve(file.path), text.source);
  if (kept.length === 0) return NOTHING_TO_DO;
  // `--module-kind` says how the files run, over what the rule read from the package.
  const given = options.moduleKind ?? options['module-kind'];
  const asItRuns = analyzed && given !== undefined ? { ...analyzed, runsAs: moduleKindOf(file, options) } : analyzed;
  return fixAnalyzed(file, text, asItRuns, options, kept, decided);
}

/** `decided`: the tasks an earlier round settled (`Round.settled`), which a later round does not plan. */
function fixAnalyzed(
  file: FileInfo,
  text: PlanningText,
  analyzed: AnalyzedFile | null,
  options: Options,
  kept: readonly KeptReport[] | null,
  decided: ReadonlySet<string> | null = null,
): Round {
  const { source } = text;
  const strays: string[] = [];
  let selection: RewriteOptions['selection'];
  if (kept) {
    const findings = new Set<string>();
    const starvations = new Set<string>();
    const known = {
      findings: new Set(analyzed?.result.findings.map((finding) => finding.id)),
      starvations: new Set(analyzed?.result.starvations.map((starvation) => starvation.id)),
    };
    for (const { rule, message, id } of kept) {
      const [wanted, has] = rule === 'no-outlived-promise' ? [findings, known.findings] : [starvations, known.starvations];
      if (id !== null && has.has(id)) wanted.add(id);
      else strays.push(`skipped line ${message.line}: ${message.message} (${message.ruleId ?? rule}): ${strayReason(id)}`);
    }
    selection = { findings, starvations };
  }
  if (decided && analyzed) {
    const fresh = analyzed.result.findings.filter((finding) => !decided.has(finding.task.text) && (!selection || selection.findings.has(finding.id)));
    selection = { findings: new Set(fresh.map((finding) => finding.id)), starvations: new Set() };
  }
  if (!analyzed || (analyzed.result.findings.length === 0 && analyzed.result.starvations.length === 0)) {
    return strays.length > 0 ? { ...NOTHING_TO_DO, output: file.source, reports: strays } : NOTHING_TO_DO;
  }

  const folder = path.dirname(file.path);
  const plan = planRewrite(analyzed, {
    strategy: checkStrategy(options),
    allowAsyncExports: isOn(options.allowAsyncExports ?? options['allow-async-exports']),
    fileExists: (name) => existsSync(path.join(folder, name)),
    ...(selection && { selection }),
  });
  const reports: string[] = [];
  for (const finding of plan.fixed) {
    reports.push(`fixed ${describeTask(finding)}${plan.offloaded.has(finding.id) ? ', run in a worker thread' : ''}`);
  }
  for (const { finding, reason } of plan.skipped) reports.push(`skipped ${describeTask(finding)}: ${reason}`);
  const fixedFindings = new Set(plan.fixed.map((finding) => finding.id));
  for (const starvation of plan.starvations.fixed)
    if (!fixedFindings.has(starvation.id)) reports.push(`fixed ${describeStarvation(starvation)}, run in a worker thread`);
  for (const { starvation, reason } of plan.starvations.skipped) reports.push(`skipped ${describeStarvation(starvation)}: ${reason}`);
  reports.push(...strays);
  if (reports.length === 0) return NOTHING_TO_DO;
  const settled = new Set(checkStrategy(options) === 'worker' ? plan.skipped.filter((skip) => !skip.afterOthers).map((skip) => skip.finding.task.text) : []);
  if (plan.edits.length === 0) return { output: file.source, files: [], reports, settled };

  const output = applyEdits(source, plan.edits);
  checkRewrite(file.path, output, plan.files, analyzed.context.scope.globalReferences, { kind: analyzed.runsAs, before: analyzed.context.program });
  const files = plan.files.map((generated) => ({ path: path.join(folder, generated.name), text: text.restoreLineEndings(generated.text) }));
  return { output: text.restore(output), files, reports, settled };
}

function strayReason(id: string | null): string {
  return id === null
    ? 'another copy of eslint-plugin-promise-lifetime made this report, and it does not tell the codemod what it found (point the config at this copy)'
    : 'the two rules are configured with different options here, so the codemod cannot plan this report with the other one';
}

function describeStarvation(starvation: Starvation): string {
  return `line ${starvation.task.line}: \`${starvation.task.text}\` starved by \`${starvation.block.text}\` (line ${starvation.block.line})`;
}

/** Globals the rewrites write themselves: `console.error(error)`, `process.exitCode = 1`, `Promise<T>`, `require('./x.task')`. */
const REWRITE_GLOBALS = new Set(['console', 'process', 'Promise', 'require']);

/** How the file runs, when that is certain (`AnalyzedFile.runsAs`), and its program before the rewrite. */
interface StartsAs {
  readonly kind: ModuleKind | undefined;
  readonly before: Program;
}

/**
 * The last line of defence against a planner bug: the rewrite must parse, must start as the module kind
 * the file runs as, and must not refer to a name nothing declares (a moved function still called by
 * its old name). Throws, leaving the file as it was.
 */
function checkRewrite(
  filename: string,
  output: string,
  created: readonly GeneratedFile[],
  globalsBefore: ReadonlyMap<string, unknown>,
  startsAs: StartsAs,
): void {
  let rewritten: unknown;
  try {
    rewritten = parseFile(filename, output);
    for (const generated of created) parseFile(generated.name, generated.text);
  } catch (error) {
    throw new Error(`${filename}: the rewrite would not parse (${(error as Error).message}); left unchanged`, { cause: error });
  }
  const after = fromBabel(rewritten, output);
  checkStartsAs(filename, output, after, startsAs);
  const undeclared = [...undeclaredNames(after)].filter((name) => !globalsBefore.has(name) && !REWRITE_GLOBALS.has(name));
  if (undeclared.length > 0) {
    throw new Error(`${filename}: the rewrite would refer to ${undeclared.map((name) => `\`${name}\``).join(', ')}, which nothing declares; left unchanged`);
  }
}

/**
 * The rewrite must add nothing the file's module kind cannot start with (top-level `await` in CommonJS).
 * A file nothing says the kind of may run as CommonJS (tsx compiles a `.ts` file written with `import`
 * so), and a JavaScript file without import/export syntax runs as Node reads it, with none of either.
 */
export function checkStartsAs(filename: string, output: string, after: Program, { kind, before }: StartsAs): void {
  const runsAs = certainModuleKind(before, filename, kind) ?? 'cjs';
  const options = { script: !/\.[cm]?tsx?$/.test(filename) && !hasModuleSyntax(before) };
  const already = startupProblems(before, runsAs, options).map((problem) => problem.construct);
  for (const problem of startupProblems(after, runsAs, options)) {
    const index = already.indexOf(problem.construct);
    if (index !== -1) {
      already.splice(index, 1);
      continue;
    }
    const line = output.slice(0, problem.range[0]).split('\n').length;
    const kindName = runsAs === 'cjs' ? 'CommonJS' : 'an ES module';
    throw new Error(`${filename}: the rewrite would not start as ${kindName}, how this file runs (${problem.construct} on line ${line}); left unchanged`);
  }
}

function isOff(value: unknown): boolean {
  return value === false || value === 'false' || value === 0 || value === '0';
}

/**
 * jscodeshift's entry. Findings come from ESLint with the config it finds from the working folder
 * (`--eslint-config=<file>` to name one); `--eslint=false` uses the plugin's defaults without ESLint.
 */
export default async function transform(file: FileInfo, api: API, options: Options): Promise<string | undefined> {
  const configFile = options.eslintConfig ?? options['eslint-config'];
  const { output, files, reports } = isOff(options.eslint)
    ? fixSource(file, options)
    : await fixSourceThroughEslint(
        file,
        options,
        eslintLinterFor({ cwd: process.cwd(), configFile: configFile === undefined ? undefined : String(configFile) }),
      );
  for (const report of reports) api.report(report);
  for (const generated of files) {
    if (options.dry) {
      api.report(`would create ${generated.path}`);
      continue;
    }
    // `wx`: fail rather than replace a file that appeared since the plan was made.
    writeFileSync(generated.path, generated.text, { flag: 'wx' });
    api.report(`created ${generated.path}`);
  }
  return output;
}

/** jscodeshift reads this when no --parser is given; the transform picks per file anyway. */
export const parser = 'tsx';

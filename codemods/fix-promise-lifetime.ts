import type { API, FileInfo, Options } from 'jscodeshift';
import { analyzeFile, applyEdits, createAnalysisOptions, fromBabel, planRewrite, type Finding } from '../analysis';
import { describeEnd } from './describe-finding';
import { parserFor } from './parser-for';

/*
 * jscodeshift transform: rewrites every `no-outlived-promise` finding of a file into an awaited handle
 * (or a `waitUntil`/`after` hand-off), as planned by the shared analysis. The edits are applied to the
 * original text, so formatting and comments elsewhere stay as they were. Usage:
 *
 *   npx jscodeshift -t node_modules/eslint-plugin-promise-lifetime/dist/codemods/fix-promise-lifetime.js src/
 *
 * Options: --strategy=auto|await|worker (default auto), --allow-async-exports=true.
 */

const STRATEGIES = new Set(['auto', 'await', 'worker']);

function isOn(value: unknown): boolean {
  return value === true || value === 'true' || value === 1 || value === '1';
}


function describeTask(finding: Finding): string {
  return `line ${finding.task.line}: \`${finding.task.text}\` ${describeEnd(finding)}`;
}

export default function transform(file: FileInfo, api: API, options: Options): string | undefined {
  const strategy = String(options.strategy ?? 'auto');
  if (!STRATEGIES.has(strategy)) throw new Error(`--strategy must be one of auto, await, worker (got "${strategy}")`);
  const j = api.jscodeshift.withParser(parserFor(file.path));
  let program: unknown;
  try {
    program = j(file.source).get().node;
  } catch (error) {
    // Babel's message ends with `(line:column)`, column 0-based; say it once, as editors count.
    const { message, loc } = error as { message: string; loc?: { line: number; column: number } };
    const where = loc ? `:${loc.line}:${loc.column + 1}` : '';
    throw new Error(`${file.path}${where}: cannot parse, left unchanged: ${message.replace(/\s*\(\d+:\d+\)$/, '')}`);
  }
  const analyzed = analyzeFile(fromBabel(program, file.source), file.source, createAnalysisOptions({ filename: file.path }));
  if (analyzed.result.findings.length === 0) return undefined;

  if (strategy === 'worker') {
    for (const finding of analyzed.result.findings) api.report(`skipped ${describeTask(finding)}: the worker strategy is not available yet`);
    return file.source;
  }
  const plan = planRewrite(analyzed, { allowAsyncExports: isOn(options.allowAsyncExports ?? options['allow-async-exports']) });
  for (const finding of plan.fixed) api.report(`fixed ${describeTask(finding)}`);
  for (const { finding, reason } of plan.skipped) api.report(`skipped ${describeTask(finding)}: ${reason}`);
  if (plan.edits.length === 0) return file.source;

  const output = applyEdits(file.source, plan.edits);
  try {
    j(output);
  } catch (error) {
    // Never hand back code that does not parse: this is a bug in the planner, reported as such.
    throw new Error(`${file.path}: the rewrite would not parse (${(error as Error).message}); left unchanged`);
  }
  return output;
}

/** jscodeshift reads this when no --parser is given; the transform picks per file anyway. */
export const parser = 'tsx';

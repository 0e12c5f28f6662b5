import type { CheckOptions, Signature } from './check';
import { checkProgram } from './check';
import { render, type HelperCall, type Program, type Stmt } from './program';

/*
 * Shrinking: reduce a program that fails a property to a small one that still fails it (the same signature),
 * greedily, one structural step at a time: drop a statement, replace a branch, loop or `try` with its body,
 * simplify a call (no `db`, a plainer form), drop a combinator's entry, a plainer top level. Each step must
 * keep the program valid (it runs without error); the first simplification that keeps the failure is kept,
 * and the search starts again from it, until none does or the budget of checks is spent.
 */

type List = readonly Stmt[];

function splice(list: List, index: number, replacement: readonly Stmt[]): Stmt[] {
  return [...list.slice(0, index), ...replacement, ...list.slice(index + 1)];
}

/** One-step simplifications of a statement, as replacements (a list: a flattened body may be several statements). */
function statementVariants(stmt: Stmt): Stmt[][] {
  const out: Stmt[][] = [];
  switch (stmt.kind) {
    case 'task':
      if (stmt.db) out.push([{ ...stmt, db: false }]);
      if (stmt.form !== 'bare') out.push([{ ...stmt, form: 'bare' }]);
      break;
    case 'helper': {
      for (const body of listVariants(stmt.body)) out.push([{ ...stmt, body }]);
      if (stmt.returns) {
        const { returns: _returns, ...rest } = stmt;
        out.push([{ ...rest, form: 'bare' } as HelperCall]);
      }
      if (stmt.form !== 'bare') out.push([{ ...stmt, form: 'bare' }]);
      if (stmt.form !== 'await' && (stmt.async || stmt.returns)) out.push([{ ...stmt, form: 'await' }]);
      break;
    }
    case 'combine':
      if (stmt.items.length > 1) stmt.items.forEach((_, index) => out.push([{ ...stmt, items: stmt.items.filter((__, other) => other !== index) }]));
      if (stmt.op !== 'all') out.push([{ ...stmt, op: 'all' }]);
      break;
    case 'if':
      out.push([...stmt.then]);
      if (stmt.otherwise) {
        out.push([...stmt.otherwise]);
        out.push([{ kind: 'if', condition: stmt.condition, then: stmt.then }]);
        for (const otherwise of listVariants(stmt.otherwise)) out.push([{ ...stmt, otherwise }]);
      }
      for (const then of listVariants(stmt.then)) out.push([{ ...stmt, then }]);
      if (stmt.condition !== 'true' && stmt.condition !== 'false') out.push([{ ...stmt, condition: 'true' }], [{ ...stmt, condition: 'false' }]);
      break;
    case 'loop':
      out.push([...stmt.body]);
      for (const body of listVariants(stmt.body)) out.push([{ ...stmt, body }]);
      break;
    case 'try':
      out.push([...stmt.body, ...stmt.finalizer]);
      for (const body of listVariants(stmt.body)) out.push([{ ...stmt, body }]);
      for (const finalizer of listVariants(stmt.finalizer)) out.push([{ ...stmt, finalizer }]);
      break;
    case 'exit':
      if (stmt.via === 'helper') out.push([{ kind: 'exit', via: 'direct' }]);
      break;
    case 'block':
      if (stmt.how !== 'atomics') out.push([{ kind: 'block', how: 'atomics' }]);
      break;
    default:
      break;
  }
  return out;
}

function listVariants(list: List): Stmt[][] {
  const out: Stmt[][] = [];
  list.forEach((_, index) => out.push(splice(list, index, [])));
  list.forEach((stmt, index) => {
    for (const replacement of statementVariants(stmt)) out.push(splice(list, index, replacement));
  });
  return out;
}

export function programVariants(program: Program): Program[] {
  const out: Program[] = listVariants(program.main).map((main) => ({ ...program, main }));
  const simpler: Program['top'][] = program.mainAsync ? ['await', 'await-exit', 'call'] : ['call', 'call-exit'];
  for (const top of simpler) if (top !== program.top) out.push({ ...program, top });
  return out;
}

const size = (program: Program): number => render(program).text.length;

export interface Shrunk {
  readonly program: Program;
  readonly checks: number;
}

/** The smallest program found that still fails with `signature`, within `budget` checks. */
export async function shrink(program: Program, signature: Signature, options: CheckOptions = {}, budget = 400): Promise<Shrunk> {
  let current = program;
  let checks = 0;
  const seen = new Set<string>([render(program).text]);
  for (;;) {
    let improved = false;
    const candidates = programVariants(current).sort((a, b) => size(a) - size(b));
    for (const candidate of candidates) {
      const text = render(candidate).text;
      if (seen.has(text) || text.length >= render(current).text.length) continue;
      seen.add(text);
      if (checks++ >= budget) return { program: current, checks };
      const verdict = await checkProgram(candidate, options);
      if (verdict.disagreements.some((disagreement) => disagreement.signature === signature)) {
        current = candidate;
        improved = true;
        break;
      }
    }
    if (!improved) return { program: current, checks };
  }
}

import { describe, expect, it } from 'vitest';
import { fuzz, type Summary } from '../../fuzz/run';
import { checkProgram } from '../../fuzz/check';
import { lintProgram } from '../../fuzz/rule-reports';
import type { Program } from '../../fuzz/program';

/*
 * The fixed-seed differential batch (issue 11, item 6): generated programs run in Node, their lost and
 * starved tasks compared with what the rules report, and the codemod's output run again (fuzz/check.ts).
 * `npm run fuzz` runs the long batch; this one keeps `npm test` honest in about a minute on two cores.
 */

const COUNT = 60;

describe('differential testing against the Node runtime', () => {
  let summary: Summary;

  it(`agrees with Node on ${COUNT} generated programs (seed 11)`, async () => {
    summary = await fuzz({ count: COUNT, seed: 11, jobs: 2, shrink: false });
    const disagreements = summary.disagreements.map((found) => `program ${found.index}: ${found.signature}: ${found.detail}\n${found.program}`);
    expect(disagreements).toEqual([]);
    expect(summary.generated).toBe(COUNT);
    expect(summary.agreed + summary.disagreements.length).toBe(COUNT);
  }, 150_000);

  it('generates programs that lose tasks, programs that do not, and programs the codemod rewrites', () => {
    // Without both kinds, "reports iff lost" would be checked on one side only.
    expect(summary.losing).toBeGreaterThan(COUNT / 5);
    expect(summary.notLosing).toBeGreaterThan(COUNT / 10);
    expect(summary.starving).toBeGreaterThan(0);
    expect(summary.rewritten).toBeGreaterThan(COUNT / 5);
    expect(summary.nodeRuns).toBeGreaterThan(COUNT * 2);
  });
});

describe('the properties can fail', () => {
  const task = (id: number, form: 'bare' | 'void' | 'await'): Program['main'][number] => ({ kind: 'task', id, form, db: false });
  // `void w1()` lost at the exit; `await w2()` joined before it.
  const program: Program = { mainAsync: true, main: [task(1, 'void'), task(2, 'await'), { kind: 'exit', via: 'direct' }], top: 'await' };

  it('agrees on a lost task and a joined one, and the codemod joins the lost one', async () => {
    const verdict = await checkProgram(program);
    expect(verdict.disagreements).toEqual([]);
    expect(verdict.losesTask).toBe(true);
    expect(verdict.rewritten).toBe(true);
  });

  it('finds a missed task when the rules say nothing', async () => {
    const verdict = await checkProgram(program, { codemod: false, lint: () => ({ fatal: undefined, reports: [] }) });
    expect(verdict.disagreements.map((found) => `${found.signature}: ${found.detail}`)).toEqual(['outlived-missed: lost but not reported: w1']);
  });

  it('finds a false report on a joined task', async () => {
    const verdict = await checkProgram(program, {
      codemod: false,
      lint: (text, sites) => {
        const real = lintProgram(text, sites);
        const joined = sites.find((site) => site.name === 'w2');
        return { fatal: undefined, reports: [...real.reports, { rule: 'no-outlived-promise', line: 0, column: 0, message: 'made up', site: joined }] };
      },
    });
    expect(verdict.disagreements.map((found) => `${found.signature}: ${found.detail}`)).toEqual(['outlived-false: reported but never lost: w2']);
  });

  it('counts a bounded race apart: lost at runtime, silent by design', async () => {
    const verdict = await checkProgram({
      mainAsync: true,
      main: [
        { kind: 'combine', op: 'race', items: [{ kind: 'tick' }, { kind: 'call', call: { kind: 'task', id: 1, form: 'bare', db: false } }] },
        { kind: 'exit', via: 'direct' },
      ],
      top: 'await',
    });
    expect(verdict.disagreements).toEqual([]);
    expect(verdict.outOfScope.map((entry) => entry.task)).toEqual(['w1']);
  });
});

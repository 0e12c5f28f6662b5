import { parseArgs } from 'node:util';
import { checkProgram, type Signature, type Verdict } from './check';
import { generateProgram } from './grammar';
import { render } from './program';
import { programSeed, Random } from './random';
import { shrink } from './shrink';

/*
 * `npm run fuzz`: differential testing with Node as the judge (issue 11, item 6). Generates `--count`
 * programs from `--seed` (program i has its own seed, so `--jobs` changes nothing but the time), checks each
 * (fuzz/check.ts), shrinks every disagreement to a minimal program (fuzz/shrink.ts), prints the counts, and
 * exits with 1 on any disagreement. `--jobs` programs are checked at a time (each runs its child processes
 * one after the other); keep it at 2 or fewer on a shared machine.
 */

export interface Summary {
  generated: number;
  agreed: number;
  /** Programs where some loss is out of the documented scope (fuzz/check.ts, OUT_OF_SCOPE). */
  outOfScope: number;
  /** Programs that lose a task, and programs that lose none: the batch must have both. */
  losing: number;
  notLosing: number;
  starving: number;
  /** Programs the codemod rewrote (property (b) ran on a rewrite). */
  rewritten: number;
  unjudgedReports: number;
  nodeRuns: number;
  disagreements: Array<{ index: number; seed: number; signature: Signature; detail: string; program: string }>;
}

export interface RunOptions {
  readonly count: number;
  readonly seed: number;
  readonly jobs: number;
  /** Shrink each disagreement (the CLI does; a test may not need to), up to this many (default: all). */
  readonly shrink?: boolean;
  readonly maxShrunk?: number;
  /** Called with each disagreement as it is found (the CLI prints it at once, so a long run interrupted keeps them). */
  readonly onDisagreement?: (found: Summary['disagreements'][number]) => void;
  readonly onProgress?: (done: number, summary: Summary) => void;
}

export async function fuzz(options: RunOptions): Promise<Summary> {
  const summary: Summary = {
    generated: 0,
    agreed: 0,
    outOfScope: 0,
    losing: 0,
    notLosing: 0,
    starving: 0,
    rewritten: 0,
    unjudgedReports: 0,
    nodeRuns: 0,
    disagreements: [],
  };
  let next = 0;
  const record = async (index: number, verdict: Verdict): Promise<void> => {
    summary.generated++;
    summary.nodeRuns += verdict.runs;
    summary.unjudgedReports += verdict.unjudged;
    if (verdict.losesTask) summary.losing++;
    else summary.notLosing++;
    if (verdict.starvesTask) summary.starving++;
    if (verdict.rewritten) summary.rewritten++;
    if (verdict.outOfScope.length > 0) summary.outOfScope++;
    if (verdict.disagreements.length === 0) {
      summary.agreed++;
      return;
    }
    const seed = programSeed(options.seed, index);
    for (const disagreement of verdict.disagreements.slice(0, 1)) {
      let program = verdict.rendered.text;
      if (options.shrink !== false && summary.disagreements.length < (options.maxShrunk ?? Infinity)) {
        const shrunk = await shrink(generateProgram(new Random(seed)), disagreement.signature, { codemod: disagreement.signature.startsWith('codemod') });
        program = render(shrunk.program).text;
      }
      const found = { index, seed, signature: disagreement.signature, detail: disagreement.detail, program };
      summary.disagreements.push(found);
      options.onDisagreement?.(found);
    }
  };
  const worker = async (): Promise<void> => {
    while (next < options.count) {
      const index = next++;
      const program = generateProgram(new Random(programSeed(options.seed, index)));
      await record(index, await checkProgram(program));
      options.onProgress?.(summary.generated, summary);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.jobs) }, () => worker()));
  return summary;
}

function printSummary(summary: Summary, seconds: number): void {
  const line = (label: string, value: number | string): void => console.log(`${label.padEnd(34)} ${value}`);
  line('generated', summary.generated);
  line('agreed', summary.agreed);
  line('out of scope (counted apart)', summary.outOfScope);
  line('disagreements', summary.disagreements.length);
  line('programs that lose a task', summary.losing);
  line('programs that lose none', summary.notLosing);
  line('programs that starve a task', summary.starving);
  line('rewritten by the codemod', summary.rewritten);
  line('reports on unjudged calls', summary.unjudgedReports);
  line('node runs', summary.nodeRuns);
  line('time', `${seconds.toFixed(0)} s`);
  const bySignature = new Map<string, number>();
  for (const { signature } of summary.disagreements) bySignature.set(signature, (bySignature.get(signature) ?? 0) + 1);
  for (const [signature, count] of bySignature) line(`  ${signature}`, count);
}

function printDisagreement({ index, seed, signature, detail, program }: Summary['disagreements'][number]): void {
  console.log(`\n── program ${index} (seed ${seed}): ${signature}\n${detail.split('\n')[0]}\n${program}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { count: { type: 'string', default: '200' }, seed: { type: 'string', default: '1' }, jobs: { type: 'string', default: '2' } },
  });
  const options = { count: Number(values.count), seed: Number(values.seed), jobs: Math.min(2, Number(values.jobs)) };
  const started = Date.now();
  let shown = 0;
  const summary = await fuzz({
    ...options,
    maxShrunk: 20,
    onDisagreement: printDisagreement,
    onProgress: (done, so) => {
      if (done - shown >= 250) {
        shown = done;
        const seconds = ((Date.now() - started) / 1000).toFixed(0);
        console.error(
          `… ${done}/${options.count} in ${seconds} s: ${so.agreed} agreed, ${so.disagreements.length} disagreements, ${so.outOfScope} out of scope`,
        );
      }
    },
  });
  printSummary(summary, (Date.now() - started) / 1000);
  process.exitCode = summary.disagreements.length > 0 ? 1 : 0;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 2;
  });
}

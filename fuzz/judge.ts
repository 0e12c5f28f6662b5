import { spawn } from 'node:child_process';

/*
 * The judge: Node itself. A program runs as an ES module in a child process (`node --input-type=module
 * --eval`), with a timeout; its stdout says what happened: `start w3` when a task starts, `done w3` when it
 * finishes, `block` just before the thread blocks, `s4` for the other output.
 *
 * A task is *lost* when it started and did not finish (the process exited first, or the resource it uses was
 * closed while it was pending, and it returned without `done`); it is *starved* when it was pending at a
 * `block`. Whether an unjoined task finishes before the end is a matter of timing, so each program runs once
 * per task with that task slow (FUZZ_SLOW: 1,000 event-loop turns instead of two; every other wait in the
 * program is a few turns): a task that is not joined before the end is lost in its own slow run, and a task
 * that is joined is never lost. The verdict is the union over the runs.
 */

export interface Run {
  readonly lines: readonly string[];
  readonly code: number | null;
  readonly stderr: string;
  readonly timedOut: boolean;
}

export interface Observed {
  /** Tasks that started in some run. */
  readonly started: ReadonlySet<string>;
  readonly lost: ReadonlySet<string>;
  readonly starved: ReadonlySet<string>;
  /** Helpers that ran (`enter h2`, `start h2`) in some run. */
  readonly entered: ReadonlySet<string>;
  /** Ends and blocking calls reached (`end 3`, `block 4`) in some run. */
  readonly reachedEnds: ReadonlySet<string>;
  /** The run with no slow task: the order of the other output (fuzz/check.ts compares it across the codemod). */
  readonly baseline: Run;
  readonly runs: number;
}

const TIMEOUT_MS = 10_000;

export function runProgram(text: string, slow: string | undefined): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, FUZZ_SLOW: slow ?? '' };
    const child = spawn(process.execPath, ['--input-type=module', '--eval', text], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, TIMEOUT_MS);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ lines: stdout.split('\n').filter((line) => line !== ''), code, stderr, timedOut });
    });
  });
}

/** What one run lost and starved, from its markers. */
export function readRun(run: Run): { started: Set<string>; lost: Set<string>; starved: Set<string>; entered: Set<string>; reachedEnds: Set<string> } {
  const pending = new Map<string, number>();
  const reachedEnds = new Set<string>();
  const started = new Set<string>();
  const entered = new Set<string>();
  const starved = new Set<string>();
  for (const line of run.lines) {
    const [word, name] = line.split(' ');
    if ((word === 'start' || word === 'enter') && name) entered.add(name);
    if ((word === 'end' || word === 'block') && name) reachedEnds.add(line);
    if (word === 'start' && name) {
      started.add(name);
      pending.set(name, (pending.get(name) ?? 0) + 1);
    } else if (word === 'done' && name) pending.set(name, (pending.get(name) ?? 0) - 1);
    else if (word === 'block') for (const [task, count] of pending) if (count > 0) starved.add(task);
  }
  const lost = new Set([...pending].filter(([, count]) => count > 0).map(([task]) => task));
  return { started, lost, starved, entered, reachedEnds };
}

export class ProgramError extends Error {}

function checkRun(run: Run, slow: string | undefined): void {
  const what = slow ? `with ${slow} slow` : 'with no slow task';
  if (run.timedOut) throw new ProgramError(`the program timed out (${what})`);
  if (run.code !== 0 || run.stderr.trim() !== '') throw new ProgramError(`the program failed (${what}, exit code ${String(run.code)}): ${run.stderr.trim()}`);
}

/**
 * Runs `text` once with no slow task and once per marked task slow (`only`: those of them that may matter);
 * a task already lost with no task slow is not run again. Throws a ProgramError if any run fails.
 */
export async function observe(
  text: string,
  markedTasks: readonly string[],
  only?: (task: string, baseline: ReturnType<typeof readRun>) => boolean,
): Promise<Observed> {
  const baseline = await runProgram(text, undefined);
  checkRun(baseline, undefined);
  const first = readRun(baseline);
  const started = new Set(first.started);
  const lost = new Set(first.lost);
  const starved = new Set(first.starved);
  const entered = new Set(first.entered);
  const reachedEnds = new Set(first.reachedEnds);
  let runs = 1;
  // Whether a slow run may show a task pending at a blocking call that the baseline run did not.
  const blocks = text.includes("console.log('block ");
  for (const task of markedTasks) {
    // A task that never starts in the baseline run (a branch not taken) cannot be slowed: the runs are the same.
    if (!first.started.has(task)) continue;
    // One already lost is lost slowed too; slowed, it may still be pending at a later blocking call (a loop's next turn).
    if (first.lost.has(task) && (!blocks || first.starved.has(task))) continue;
    if (only && !only(task, first)) continue;
    const run = await runProgram(text, task);
    checkRun(run, task);
    runs++;
    const seen = readRun(run);
    for (const name of seen.started) started.add(name);
    for (const name of seen.lost) lost.add(name);
    for (const name of seen.starved) starved.add(name);
    for (const name of seen.entered) entered.add(name);
    for (const end of seen.reachedEnds) reachedEnds.add(end);
  }
  return { started, lost, starved, entered, reachedEnds, baseline, runs };
}

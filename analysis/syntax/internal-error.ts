/*
 * An internal error of the analysis must never stop the user's ESLint run or codemod: the function being
 * analysed becomes "unknown" (nothing reported, nothing inherited by its callers). The project's own tests,
 * the review corpus and the no-crash sweeps set PROMISE_LIFETIME_STRICT=1, so that a defect fails there
 * instead of hiding as a missed report.
 */

/** Whether internal errors are thrown (tests, corpus, sweeps) rather than turned into "unknown". */
export function isStrict(): boolean {
  return typeof process !== 'undefined' && process.env.PROMISE_LIFETIME_STRICT === '1';
}

/** A file nested deeper than the stack allows: no function of it can be reasoned about, so the whole file is unknown. */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/** Runs `compute`; an internal error gives `unknown` instead, except in strict mode or on a stack overflow. */
export function orUnknown<T>(compute: () => T, unknown: T): T {
  try {
    return compute();
  } catch (error) {
    if (isStrict() || isStackOverflow(error)) throw error;
    return unknown;
  }
}

import { afterEach, describe, expect, it } from 'vitest';
import { analyzeWithEstree, describeFindings } from '../helpers/analyze-snippet';

// An internal error while analysing one function makes that function unknown and never stops the run; in the
// project's own tests (PROMISE_LIFETIME_STRICT=1, set by vitest.config.mts) it fails instead.
const code = `async function work() { await null; }
function helper() { work(); }
async function main() {
  work();
  process.exit(0);
}
helper();
main();
`;

/** A type oracle that fails inside the walk of `helper`, as a defect of the analysis would. */
const failingInHelper = {
  isThenable: (node: { range: [number, number] }) => {
    if (node.range[0] > code.indexOf('function helper') && node.range[0] < code.indexOf('async function main')) throw new Error('defect');
    return undefined;
  },
};

describe('an internal error of the analysis', () => {
  const strict = process.env.PROMISE_LIFETIME_STRICT;
  afterEach(() => {
    process.env.PROMISE_LIFETIME_STRICT = strict;
  });

  it("fails the project's own tests (strict mode)", () => {
    process.env.PROMISE_LIFETIME_STRICT = '1';
    expect(() => analyzeWithEstree(code, 'file.ts', failingInHelper)).toThrow('defect');
  });

  it('makes only the failing function unknown for users: its findings and what it leaves pending are dropped', () => {
    delete process.env.PROMISE_LIFETIME_STRICT;
    expect(describeFindings(analyzeWithEstree(code, 'file.ts'))).toEqual([
      '2:work() [discarded] -> exit main()@8 via helper > (module)',
      '4:work() [discarded] -> exit process.exit(0)@5',
    ]);
    expect(describeFindings(analyzeWithEstree(code, 'file.ts', failingInHelper))).toEqual(['4:work() [discarded] -> exit process.exit(0)@5']);
  });

  it('gives no findings, never an exception, when the whole file cannot be analysed', () => {
    delete process.env.PROMISE_LIFETIME_STRICT;
    const everywhere = {
      isThenable: () => {
        throw new Error('defect');
      },
    };
    expect(() => analyzeWithEstree(code, 'file.ts', everywhere)).not.toThrow();
  });
});

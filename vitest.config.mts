import { defineConfig } from 'vitest/config';

// Two cores on CI: two workers at most; child-process suites keep their own timeouts generous.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 300_000,
    reporters: ['default'],
    // An internal error of the analysis fails the test instead of turning into "unknown" (analysis/internal-error.ts).
    env: { PROMISE_LIFETIME_STRICT: '1' },
  },
});

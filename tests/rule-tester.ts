import path from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { afterAll, describe, it } from 'vitest';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/** Where typed tests live: the fixture tsconfig includes `file.ts`, the default test filename. */
export const typedFixturesDir = path.join(__dirname, 'fixtures', 'typed');

/** Lints without type information: the fast, syntactic mode (typescript-eslint's parser, no program). */
export function createRuleTester(): RuleTester {
  return new RuleTester();
}

/** Lints with a TypeScript program, so the rule also uses the checker. */
export function createTypedRuleTester(): RuleTester {
  return new RuleTester({
    languageOptions: {
      parserOptions: { project: './tsconfig.json', tsconfigRootDir: typedFixturesDir },
    },
  });
}

import path from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { afterAll, describe, it } from 'vitest';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/** Where typed tests live: the fixture tsconfig includes `file.ts`, the default test filename (an ES module: see its package.json). */
export const typedFixturesDir = path.join(__dirname, 'fixtures', 'typed');

/**
 * Where untyped tests live by default: a package of `"type": "module"`, so a file runs as an ES module
 * (top-level `await` is allowed) unless its extension or its case says otherwise.
 */
export const esmPackageDir = path.join(__dirname, 'fixtures', 'esm-package');
/** Modules the cross-module cases import (`./log`, `./upload`, `./build`), read by the rules from disk. */
export const crossModuleDir = path.join(__dirname, 'fixtures', 'typed', 'cross-module');
/** A project of its own for the module-map cases: tsconfig.json `paths`, package.json `imports`, a linked workspace package. */
export const moduleMapDir = path.join(__dirname, 'fixtures', 'module-map');
/** A package without `"type"`: its `.js` and `.ts` files run as CommonJS. */
export const commonjsPackageDir = path.join(__dirname, 'fixtures', 'commonjs-package');

/** Lints without type information: the fast, syntactic mode (typescript-eslint's parser, no program). */
export function createRuleTester(): RuleTester {
  return new RuleTester({ defaultFilenames: { ts: path.join(esmPackageDir, 'file.ts'), tsx: path.join(esmPackageDir, 'react.tsx') } });
}

/** Lints with a TypeScript program, so the rule also uses the checker. */
export function createTypedRuleTester(): RuleTester {
  return new RuleTester({
    languageOptions: {
      parserOptions: { project: './tsconfig.json', tsconfigRootDir: typedFixturesDir },
    },
  });
}

/**
 * Lints with type information files of the typed fixture folder that are not on disk (`app/api/users/route.ts`,
 * `file.cjs`: cases whose file name decides what they are), as tests/meta/docs-examples.test.ts lints the docs'
 * examples: TypeScript's project service gives them the fixture's tsconfig.json as their default project. The
 * service is made once per process, so every such file must be named in `files` (paths relative to
 * `typedFixturesDir`), and each case's `filename` must be absolute.
 */
export function createVirtualFilesTypedRuleTester(files: readonly string[]): RuleTester {
  return new RuleTester({
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: [...files],
          defaultProject: 'tsconfig.json',
          maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: Math.max(8, files.length),
        },
        tsconfigRootDir: typedFixturesDir,
      },
    },
  });
}

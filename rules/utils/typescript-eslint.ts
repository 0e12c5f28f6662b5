import { existsSync } from 'node:fs';
import path from 'node:path';

/*
 * The parts of typescript-eslint the rules use when TypeScript is there: type-utils' and ts-api-utils' type
 * tests (a program exists) and typescript-estree's bare `parse` (the project's modules, when the user's
 * parser is typescript-eslint's). All of them peer-depend on `typescript`, which npm 7+ installs with them:
 * as dependencies they would put 24 MB of TypeScript into every plain JavaScript project. So the build
 * bundles them into dist/vendor/typescript-eslint.js (scripts/bundle-typescript-eslint.mjs), with
 * `typescript` and `eslint` left out to be the user's own, and this module loads that file only when the
 * user's setup already has TypeScript. Run from the sources (tests, tsx) there is no bundle: the
 * devDependencies themselves are loaded.
 */

export interface TypescriptEslintParts {
  isBuiltinSymbolLike: typeof import('@typescript-eslint/type-utils').isBuiltinSymbolLike;
  typeMatchesSomeSpecifier: typeof import('@typescript-eslint/type-utils').typeMatchesSomeSpecifier;
  valueMatchesSomeSpecifier: typeof import('@typescript-eslint/type-utils').valueMatchesSomeSpecifier;
  isIntrinsicAnyType: typeof import('ts-api-utils').isIntrinsicAnyType;
  isIntrinsicUnknownType: typeof import('ts-api-utils').isIntrinsicUnknownType;
  isIntrinsicErrorType: typeof import('ts-api-utils').isIntrinsicErrorType;
  unionConstituents: typeof import('ts-api-utils').unionConstituents;
  isThenableType: typeof import('ts-api-utils').isThenableType;
  parse: typeof import('@typescript-eslint/typescript-estree').parse;
}

/** The names the bundle exports; scripts/bundle-typescript-eslint.mjs builds its entry from this list. */
export const BUNDLED_EXPORTS = {
  '@typescript-eslint/type-utils': ['isBuiltinSymbolLike', 'typeMatchesSomeSpecifier', 'valueMatchesSomeSpecifier'],
  'ts-api-utils': ['isIntrinsicAnyType', 'isIntrinsicUnknownType', 'isIntrinsicErrorType', 'unionConstituents', 'isThenableType'],
  '@typescript-eslint/typescript-estree': ['parse'],
} as const satisfies Record<string, ReadonlyArray<keyof TypescriptEslintParts>>;

/** Where the build puts the bundle: dist/vendor/, from dist/rules/utils/. */
export const BUNDLE_PATH = path.join(__dirname, '..', '..', 'vendor', 'typescript-eslint.js');

let loaded: TypescriptEslintParts | undefined;

function loadParts(): TypescriptEslintParts {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only once TypeScript is known to be installed */
  if (existsSync(BUNDLE_PATH)) return require(BUNDLE_PATH) as TypescriptEslintParts;
  const parts: Record<string, unknown> = {};
  for (const [pkg, names] of Object.entries(BUNDLED_EXPORTS)) {
    const module = require(pkg) as Record<string, unknown>;
    for (const name of names) parts[name] = module[name];
  }
  /* eslint-enable @typescript-eslint/no-require-imports */
  return parts as unknown as TypescriptEslintParts;
}

/**
 * typescript-eslint's parts; call only when TypeScript is installed (a program exists, or the parser is
 * typescript-eslint's). Throws, naming what is missing, when `typescript` cannot be loaded from here.
 */
export function typescriptEslint(): TypescriptEslintParts {
  if (loaded) return loaded;
  try {
    loaded = loadParts();
  } catch (error) {
    throw new Error(
      `eslint-plugin-promise-lifetime: could not load its TypeScript support (${(error as Error).message}). ` +
        'Type information and typescript-eslint parsing need the `typescript` package installed in the project (npm install --save-dev typescript).',
      { cause: error },
    );
  }
  return loaded;
}

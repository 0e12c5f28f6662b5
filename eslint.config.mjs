import js from '@eslint/js';
import eslintPlugin from 'eslint-plugin-eslint-plugin';
import tseslint from 'typescript-eslint';
import promiseLifetime from './dist/index.js';

const PURE_ANALYSIS = [
  { group: ['eslint', 'eslint/*', '@eslint/*'], message: 'analysis/ is pure: ESLint belongs in rules/.' },
  {
    group: ['@typescript-eslint/utils', '@typescript-eslint/utils/*', '@typescript-eslint/parser', '@typescript-eslint/type-utils'],
    message: 'analysis/ is pure: ESLint belongs in rules/.',
  },
  { group: ['jscodeshift', 'jscodeshift/*', 'recast', '@babel/*'], message: 'analysis/ is pure: jscodeshift belongs in codemods/.' },
  { group: ['typescript'], message: 'analysis/ is pure: type information arrives through AnalysisOptions.isThenable.' },
];

const LAYERS = ['syntax', 'lifetime', 'project', 'fix'];

function analysisLayers() {
  return LAYERS.map((layer, index) => ({
    files: [`analysis/${layer}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['..', '../index', '../..', '../../index'].map((name) => ({
            name,
            message: 'analysis/index.ts is the entry for consumers: import the module itself.',
          })),
          patterns: [
            ...PURE_ANALYSIS,
            ...LAYERS.slice(index + 1).map((above) => ({
              group: [`../${above}/*`, `../../${above}/*`],
              message: `analysis/${layer}/ is below analysis/${above}/: a layer imports only from itself and the layers under it.`,
            })),
          ],
        },
      ],
    },
  }));
}

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.demo/', 'coverage/', 'scratch/', 'fixtures/', 'tests/fixtures/', '**/*.input.*', '**/*.output.*'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        __dirname: 'readonly',
        module: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['rules/**/*.ts'],
    ...eslintPlugin.configs.recommended,
  },
  {
    files: ['rules/**/*.ts'],
    rules: {
      'eslint-plugin/require-meta-docs-description': ['error', { pattern: '^(Disallow|Enforce|Require)' }],
      'eslint-plugin/require-meta-docs-url': 'off', // set by createRule from the rule name
    },
  },
  // The analysis is shared by ESLint and jscodeshift: it may depend on neither (AST type definitions only),
  // and its layers import only downward: syntax ← lifetime ← project ← fix (tests/meta/analysis-layers.test.ts
  // also rejects import cycles inside a layer).
  ...analysisLayers(),
  {
    // Dogfood: our own rules on our own code.
    files: ['**/*.ts', '**/*.mjs', '**/*.js'],
    ...promiseLifetime.configs.recommended,
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);

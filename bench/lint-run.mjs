// One measured lint run, in a process of its own so that its peak RSS is its own: `bench/bench.ts` starts it once per
// configuration and repetition. It lints the files of a job (written by the parent as JSON) with ESLint's `Linter`
// and `stats: true`, the same per-file timings `eslint --stats` and `TIMING=all` show, and prints one JSON line.
//
//   node bench/lint-run.mjs <job.json>
//
// Configurations (`job.config`):
//   none          no rules: parsing and scope analysis, which ESLint costs anyway
//   trivial       one rule with an empty CallExpression listener: the traversal (and code path analysis) every rule pays
//   recommended   promise-lifetime's recommended config
//   typed-floor   the typed parser (a TypeScript program) with the trivial rule
//   typed-ours    the typed parser with promise-lifetime's recommended-type-checked rules
//   typed-nfp     the typed parser with @typescript-eslint/no-floating-promises alone

import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as typescriptParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import typescriptEslint from 'typescript-eslint';
import plugin from '../dist/index.js';

const job = JSON.parse(readFileSync(process.argv[2], 'utf8'));

const trivial = {
  rules: {
    traverse: {
      meta: { type: 'problem', schema: [] },
      create: () => ({ CallExpression() {} }),
    },
  },
};

function rulesOf(config) {
  switch (config) {
    case 'none':
      return {};
    case 'trivial':
    case 'typed-floor':
      return { plugins: { bench: trivial }, rules: { 'bench/traverse': 'error' } };
    case 'recommended':
      return plugin.configs.recommended;
    case 'typed-ours': {
      const { languageOptions: _projectService, ...preset } = plugin.configs['recommended-type-checked'];
      return preset;
    }
    case 'typed-nfp':
      return { plugins: { '@typescript-eslint': typescriptEslint.plugin }, rules: { '@typescript-eslint/no-floating-promises': 'error' } };
    default:
      throw new Error(`bench: unknown configuration ${config}`);
  }
}

const typed = job.config.startsWith('typed-');
const linterOptions = { noInlineConfig: true, reportUnusedDisableDirectives: 'off', reportUnusedInlineConfigs: 'off' };
const configs = new Map();
function configFor(file) {
  const key = `${file.parser}:${file.sourceType}`;
  let config = configs.get(key);
  if (!config) {
    const languageOptions =
      file.parser === 'espree'
        ? { ecmaVersion: 'latest', sourceType: file.sourceType, parserOptions: { ecmaFeatures: { jsx: true } } }
        : {
            parser: typescriptParser,
            sourceType: file.sourceType,
            parserOptions: typed ? { projectService: false, project: job.project, tsconfigRootDir: job.root } : {},
          };
    // A pattern that names the extensions: ESLint lints a file only if a `files` pattern other than `**/*` matches it.
    config = [{ ignores: ['!**/node_modules/'] }, { ...rulesOf(job.config), files: ['**/*.{js,cjs,mjs,jsx,ts,cts,mts,tsx}'], languageOptions, linterOptions }];
    configs.set(key, config);
  }
  return config;
}

const linter = new Linter({ configType: 'flat', cwd: job.root });
const times = { parse: 0, rules: {} };
let findings = 0;
const started = performance.now();
for (const file of job.files) {
  const code = file.code ?? readFileSync(file.path, 'utf8');
  const { messages } = linter.verifyAndFix(code, configFor(file), { filename: file.path, fix: false, stats: true });
  // A parse error, "file ignored" or "no matching configuration": the file was not linted, and the run would measure nothing.
  const unlinted = messages.find((message) => message.fatal || (!message.ruleId && /\bignored\b|No matching configuration/.test(message.message)));
  if (unlinted) throw new Error(`bench: ${file.path}: ${unlinted.message}`);
  findings += messages.filter((message) => message.ruleId).length;
  for (const pass of linter.getTimes().passes) {
    times.parse += pass.parse?.total ?? 0;
    for (const [rule, { total }] of Object.entries(pass.rules ?? {})) times.rules[rule] = (times.rules[rule] ?? 0) + total;
  }
}
const wallMs = performance.now() - started;
process.stdout.write(`${JSON.stringify({ wallMs, parseMs: times.parse, ruleMs: times.rules, findings, maxRssKb: process.resourceUsage().maxRSS })}\n`);

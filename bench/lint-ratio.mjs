// What the rule costs on top of ESLint itself: every input is linted twice with the same parser and the same
// ESLint `Linter`, once with `promise-lifetime/no-outlived-promise` (the recommended config) and once with no rules
// at all, so that the ratio isolates the rule. Run with `npm run bench` (builds first); see bench/README.md.
//
//   node bench/lint-ratio.mjs [--sizes 2000,8000,32000] [--runs 3] [--files 400]

import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import * as typescriptParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import plugin from '../dist/index.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '2000,8000,32000' },
    runs: { type: 'string', default: '3' },
    files: { type: 'string', default: '400' },
  },
});
const sizes = args.sizes
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
let runs = Math.max(1, Number(args.runs));
const fileBudget = Math.max(1, Number(args.files));

const linter = new Linter({ configType: 'flat', cwd: root });
const FILES = ['**/*.js', '**/*.mjs', '**/*.cjs', '**/*.ts', '**/*.mts', '**/*.cts'];
const linterOptions = { noInlineConfig: true, reportUnusedDisableDirectives: 'off', reportUnusedInlineConfigs: 'off' };

/** The two configurations compared: identical but for the rules. */
function configs(languageOptions) {
  const common = { files: FILES, languageOptions, linterOptions };
  return {
    none: [{ ignores: ['!**/node_modules/'] }, common],
    rule: [{ ignores: ['!**/node_modules/'] }, { ...common, ...plugin.configs.recommended, files: FILES, languageOptions, linterOptions }],
  };
}

const espree = (sourceType) => ({ ecmaVersion: 'latest', sourceType, parserOptions: { ecmaFeatures: { jsx: false } } });
const typescript = (sourceType) => ({ parser: typescriptParser, sourceType });

// A full collection before each timed pass, so one pass's garbage is not billed to the next.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Lints every input once per run with each configuration (interleaved) and keeps the medians, in all and per input
 * (`input.none` and `input.rule`, for the per-file table).
 */
function measure(inputs) {
  const lintAll = (which) => {
    gc();
    let findings = 0;
    const started = performance.now();
    for (const input of inputs) {
      const fileStarted = performance.now();
      const messages = linter.verify(input.code, input.configs[which], input.file);
      (input.times ??= { none: [], rule: [] })[which].push(performance.now() - fileStarted);
      const fatal = messages.find((message) => message.fatal);
      if (fatal) throw new Error(`${input.file}: ${fatal.message}`);
      findings += messages.filter((message) => message.ruleId).length;
    }
    return { ms: performance.now() - started, findings };
  };
  const none = [];
  const rule = [];
  let findings = 0;
  for (let run = 0; run < runs; run++) {
    none.push(lintAll('none').ms);
    const result = lintAll('rule');
    rule.push(result.ms);
    findings = result.findings;
  }
  for (const input of inputs) {
    input.none = median(input.times.none);
    input.rule = median(input.times.rule);
  }
  return { none: median(none), rule: median(rule), findings };
}

/** JIT warm-up for both configurations and both parsers, on inputs that are not measured. */
function warmUp() {
  const saved = runs;
  runs = 2;
  measure([
    { file: path.join(root, 'bench', 'warm-up.mjs'), code: generate(1000), configs: configs(espree('module')) },
    { file: path.join(root, 'bench', 'warm-up.ts'), code: generate(200), configs: configs(typescript('module')) },
  ]);
  runs = saved;
}

// ---------------------------------------------------------------------------------------------------------------
// (a) One generated file per size: async tasks, stored handles, branches, loops, exits, handlers, closes and tests.

/** `count` functions in groups of eight, each group using the constructs the analysis follows. */
function generate(count) {
  const lines = ["import { it } from 'vitest';", 'const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));', ''];
  for (let g = 0; g * 8 < count; g++) {
    const group = [
      `async function task${g}(x) { await sleep(x); return x + ${g}; }`,
      `function die${g}(message) { console.error(message); process.exit(2); }`,
      `function start${g}(items) {
  const pending = task${g}(items.length);
  if (items.length === 0) die${g}('empty');
  for (const item of items) { if (item < 0) break; void task${g}(item); }
  let k = 0;
  while (k < items.length) { k += 1; if (k > 100) return pending; }
  return pending.then((value) => value * 2);
}`,
      `async function join${g}(items) {
  const handle = start${g}(items);
  const all = Promise.all(items.map((item) => task${g}(item)));
  if (items.length > 3) { await handle; } else { handle.catch(() => {}); }
  try { await all; } catch (error) { console.error(error); }
  return handle;
}`,
      `async function use${g}(db) {
  const query = db.query('select ${g}');
  switch (db.mode) {
    case 1: await task${g}(1); break;
    case 2: task${g}(2).catch(() => {}); break;
    default: db.close();
  }
  await query;
}`,
      `async function main${g}(argv) {
  const work = join${g}(argv);
  if (argv.includes('--quick')) process.exit(0);
  await work;
  do { argv.pop(); } while (argv.length > 1);
}`,
      `const handlers${g} = {
  async fetch(request, env, ctx) { const t = task${g}(1); ctx.waitUntil(task${g}(2)); return new Response(String(await t)); },
};`,
      `it('group ${g}', async () => { const t = task${g}(3); await join${g}([1, 2]); await t; });`,
    ];
    lines.push(...group.slice(0, Math.min(8, count - g * 8)), '');
  }
  lines.push(`export const handler = async (event) => { void task0(event.size); return { statusCode: 200 }; };`);
  lines.push(`export default { async fetch(request, env, ctx) { task0(1); return new Response('ok'); } };`);
  lines.push(`export { ${Array.from({ length: Math.ceil(count / 8) }, (_, g) => `main${g}, use${g}, handlers${g}`).join(', ')} };`, '');
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// (b) Real files: an even spread over this repository's node_modules (every k-th file in path order).

const packageTypes = new Map();
function packageSourceType(directory) {
  if (packageTypes.has(directory)) return packageTypes.get(directory);
  const manifest = path.join(directory, 'package.json');
  let type;
  if (existsSync(manifest)) {
    try {
      type = JSON.parse(readFileSync(manifest, 'utf8')).type === 'module' ? 'module' : 'commonjs';
    } catch {
      type = 'commonjs';
    }
  } else {
    const parent = path.dirname(directory);
    type = parent === directory ? 'commonjs' : packageSourceType(parent);
  }
  packageTypes.set(directory, type);
  return type;
}

function realInputs() {
  const all = [];
  const walk = (directory) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.')) walk(full);
      } else if (entry.isFile() && /\.[cm]?[jt]s$/.test(entry.name) && !/\.d\.[cm]?ts$/.test(entry.name) && statSync(full).size <= 1_000_000) {
        all.push(full);
      }
    }
  };
  walk(path.join(root, 'node_modules'));
  all.sort();
  const step = Math.max(1, Math.floor(all.length / fileBudget));
  const inputs = [];
  for (let index = 0; index < all.length && inputs.length < fileBudget; index += step) {
    const file = all[index];
    const code = readFileSync(file, 'utf8');
    const isTypescript = /\.[cm]?ts$/.test(file);
    const preferred = /\.c[jt]s$/.test(file) ? 'commonjs' : /\.m[jt]s$/.test(file) || isTypescript ? 'module' : packageSourceType(path.dirname(file));
    // Keep the files that parse (in the package's module system, or the other one); the same parser lints both runs.
    for (const sourceType of [preferred, preferred === 'module' ? 'commonjs' : 'module']) {
      const input = { file, code, configs: configs(isTypescript ? typescript(sourceType) : espree(sourceType)) };
      if (!linter.verify(code, input.configs.none, file).some((message) => message.fatal)) {
        inputs.push(input);
        break;
      }
    }
  }
  return { inputs, candidates: all.length };
}

// ---------------------------------------------------------------------------------------------------------------

const pad = (value, width) => String(value).padStart(width);
const header = `${'input'.padEnd(28)}${pad('functions', 10)}${pad('lines', 9)}${pad('KB', 8)}${pad('no rules ms', 13)}${pad('rule ms', 10)}${pad('rule only ms', 14)}${pad('ratio', 7)}${pad('µs/fn', 8)}${pad('findings', 10)}`;
function row(label, functions, code, result) {
  const extra = result.rule - result.none;
  const line =
    `${label.padEnd(28)}${pad(functions ?? '', 10)}${pad(code.split('\n').length, 9)}${pad(Math.round(code.length / 1024), 8)}` +
    `${pad(result.none.toFixed(0), 13)}${pad(result.rule.toFixed(0), 10)}${pad(extra.toFixed(0), 14)}${pad((result.rule / result.none).toFixed(2), 7)}` +
    `${pad(functions ? ((extra * 1000) / functions).toFixed(1) : '', 8)}${pad(result.findings, 10)}`;
  console.log(line);
}

console.log(
  `eslint-plugin-promise-lifetime ${plugin.meta.version}, ESLint ${Linter.version}, Node ${process.version}; median of ${runs} run(s) after a warm-up\n`,
);
console.log(header);

warmUp();
for (const size of sizes) {
  const code = generate(size);
  row(`generated ${size}`, size, code, measure([{ file: path.join(root, 'bench', `generated-${size}.mjs`), code, configs: configs(espree('module')) }]));
}

const { inputs, candidates } = realInputs();
// One untimed pass over the real files first: their variety of syntax costs the JIT a first pass of its own.
for (const which of ['none', 'rule']) for (const input of inputs) linter.verify(input.code, input.configs[which], input.file);
const realCode = inputs.map((input) => input.code).join('\n');
row(`node_modules ${inputs.length}/${candidates} files`, undefined, realCode, measure(inputs));

console.log('\nratio = rule ms / no rules ms (1.00 = free); rule only ms = the difference; µs/fn = rule only µs per generated function.');
console.log(`\nThe real files where the rule costs most (median of ${runs}):`);
console.log(`${'file'.padEnd(72)}${pad('KB', 6)}${pad('no rules ms', 13)}${pad('rule ms', 10)}${pad('ratio', 7)}`);
for (const input of [...inputs].sort((a, b) => b.rule - b.none - (a.rule - a.none)).slice(0, 8)) {
  const name = path.relative(path.join(root, 'node_modules'), input.file);
  console.log(
    `${(name.length > 70 ? `…${name.slice(-69)}` : name).padEnd(72)}${pad(Math.round(input.code.length / 1024), 6)}` +
      `${pad(input.none.toFixed(1), 13)}${pad(input.rule.toFixed(1), 10)}${pad((input.rule / input.none).toFixed(2), 7)}`,
  );
}

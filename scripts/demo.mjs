// `npm run demo`: the headline example end to end, with the built plugin (run `npm run build` first;
// the npm script does). Lints fixtures/asyncio-headline/before.ts, then runs it with tsx.
//
// Steps: lint before.ts → run before.ts → [codemod before.ts → after.ts → lint after.ts → run after.ts].
// The codemod step is a hook (`runCodemodStep`) that reports itself as not available until the
// codemod exists; it never prints made-up output.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import parser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';

const require = createRequire(import.meta.url);
const repoRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const exampleDir = path.join(repoRoot, 'fixtures', 'asyncio-headline');
const builtPlugin = path.join(repoRoot, 'dist', 'rules', 'index.js');

const example = {
  name: 'asyncio-headline',
  dir: exampleDir,
  before: path.join(exampleDir, 'before.ts'),
  after: path.join(exampleDir, 'after.ts'),
};

function heading(title) {
  console.log(`\n${'═'.repeat(4)} ${title} ${'═'.repeat(Math.max(4, 76 - title.length))}`);
}

function relative(file) {
  return path.relative(repoRoot, file).split(path.sep).join('/');
}

/** Lints files with the built plugin alone (no repository config) and prints ESLint's stylish output. */
async function lint(files) {
  const plugin = require(builtPlugin);
  const eslint = new ESLint({
    cwd: repoRoot,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        languageOptions: { parser },
        plugins: { 'promise-lifetime': plugin },
        rules: { 'promise-lifetime/no-outlived-promise': 'error' },
      },
    ],
  });
  const results = await eslint.lintFiles(files);
  const formatter = await eslint.loadFormatter('stylish');
  const output = await formatter.format(results);
  console.log(output.trim() === '' ? 'No problems found.' : output.trimEnd());
  return results;
}

/** Runs a TypeScript file with tsx in a child process and prints what it writes. */
function run(file) {
  console.log(`$ tsx ${relative(file)}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw result.error;
  process.stdout.write(result.stdout);
  if (result.stderr) process.stderr.write(result.stderr);
  console.log(`(exit code ${result.status ?? result.signal})`);
  return result;
}

/**
 * The codemod step (a hook): transform `target.before` into `target.after` and return true, or return
 * false while there is no codemod. When the codemod lands in codemods/, apply it here (jscodeshift's
 * API or its CLI) to write `target.after`; `main()` then lints and runs after.ts.
 */
async function runCodemodStep(_target) {
  return false;
}

async function main() {
  if (!existsSync(builtPlugin)) {
    console.error(`${relative(builtPlugin)} is missing: run \`npm run build\` first (\`npm run demo\` does).`);
    process.exitCode = 1;
    return;
  }

  heading(`1. Lint ${relative(example.before)}`);
  const results = await lint([example.before]);
  const problems = results.reduce((count, result) => count + result.messages.length, 0);

  heading(`2. Run ${relative(example.before)}`);
  const before = run(example.before);
  if (!before.stdout.includes('finished')) {
    console.log('→ `task()` printed its first iteration only, never `finished`: process.exit(0) dropped it.');
  }

  heading(`3. Codemod ${relative(example.before)} → ${relative(example.after)}`);
  const transformed = await runCodemodStep(example);
  if (!transformed) {
    console.log('The codemod is not available yet: no after.ts to lint or run.');
  } else {
    console.log(`Wrote ${relative(example.after)}.`);
    await lint([example.after]);
    heading(`4. Run ${relative(example.after)}`);
    run(example.after);
  }

  // The demo works when the lint finds the bug and the example runs.
  if (problems === 0 || before.status !== 0) process.exitCode = 1;
}

await main();

// `npm run demo`: the headline example end to end, with the built plugin and command (run `npm run build`
// first; the npm script does). Steps: lint before.ts → run before.ts → `promise-lifetime fix` on a copy →
// lint the copy → run the copy. Nothing in the repository is written.

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import parser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';

const require = createRequire(import.meta.url);
const repoRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const exampleDir = path.join(repoRoot, 'fixtures', 'asyncio-headline');
const builtPlugin = path.join(repoRoot, 'dist', 'index.js');
const builtCli = path.join(repoRoot, 'dist', 'codemods', 'cli.js');

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
async function lint(files, cwd = repoRoot) {
  const plugin = require(builtPlugin);
  const eslint = new ESLint({
    cwd,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        languageOptions: { parser },
        plugins: { 'promise-lifetime': plugin },
        rules: plugin.configs.recommended.rules,
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
  console.log(`$ tsx ${file.startsWith(path.join(repoRoot, '.demo')) ? path.basename(file) : relative(file)}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw result.error;
  process.stdout.write(result.stdout);
  if (result.stderr) process.stderr.write(result.stderr);
  console.log(`(exit code ${result.status ?? result.signal})`);
  return result;
}

/**
 * The codemod step: copies `target.before` into a temporary folder and runs the real command on it
 * (`promise-lifetime fix`, built into dist/), as a user would on their own code. Returns the rewritten
 * file, after showing the command's summary and the diff.
 */
function runCodemodStep(target) {
  // Inside the repository (in the git-ignored .demo/), so the rewritten program finds tsx as it would in
  // a project that has it installed: the worker's TypeScript shim registers it. Not under node_modules,
  // which the command skips.
  const scratch = path.join(repoRoot, '.demo');
  mkdirSync(scratch, { recursive: true });
  const folder = mkdtempSync(path.join(scratch, 'run-'));
  const copy = path.join(folder, path.basename(target.before));
  copyFileSync(target.before, copy);
  // The codemod rewrites what ESLint reports with the project's own config: the demo's project has this one.
  const config = [
    `import parser from '@typescript-eslint/parser';`,
    `import promiseLifetime from '${pathToFileURL(builtPlugin).href}';`,
    ``,
    `export default [{ ...promiseLifetime.configs.recommended, files: ['**/*.ts'], languageOptions: { parser } }];`,
    ``,
  ].join('\n');
  writeFileSync(path.join(folder, 'eslint.config.mjs'), config);
  console.log(`$ cat eslint.config.mjs\n${config.replace(pathToFileURL(builtPlugin).href, 'eslint-plugin-promise-lifetime')}`);
  console.log(`$ promise-lifetime fix ${path.basename(copy)}`);
  const fix = spawnSync(process.execPath, [builtCli, 'fix', copy], { cwd: folder, encoding: 'utf8', timeout: 120_000 });
  process.stdout.write(fix.stdout.split(folder + path.sep).join(''));
  if (fix.status !== 0) {
    process.stderr.write(fix.stderr);
    return null;
  }
  const diff = spawnSync('diff', ['-u', '--label', relative(target.before), '--label', 'after codemod', target.before, copy], { encoding: 'utf8' });
  if (diff.stdout) process.stdout.write(`\n${diff.stdout}`);
  return { file: copy, folder };
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

  heading(`3. Apply the codemod to a copy of ${relative(example.before)}`);
  const transformed = runCodemodStep(example);
  let fixed = false;
  if (transformed) {
    heading('4. Lint the rewritten file');
    const afterResults = await lint([transformed.file], transformed.folder);
    heading('5. Run the rewritten file');
    const after = run(transformed.file);
    fixed = after.status === 0 && after.stdout.includes('finished') && afterResults.every((result) => result.messages.length === 0);
    if (fixed) console.log('→ all five iterations and `finished` print before the exit: the task now completes.');
    rmSync(path.dirname(transformed.folder), { recursive: true, force: true });
  }

  // The demo works when the lint finds the bug, the example runs, and the codemod's output fixes it.
  if (problems === 0 || before.status !== 0 || !fixed) process.exitCode = 1;
}

await main();

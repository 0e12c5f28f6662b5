import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import plugin from '../../index';
import { packRepository, repositoryRoot, run, runOk } from '../helpers/packed-package';

// The package as users get it: `npm pack` of this repository, installed from the tarball into fresh projects
// next to ESLint 9 and ESLint 10, and run through each project's own `eslint` CLI.

const root = repositoryRoot;
const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };
const RULE = 'promise-lifetime/no-outlived-promise';
const INSTALL_TIMEOUT = 8 * 60_000;

const work = 'async function work() { await new Promise((r) => setTimeout(r, 10)); }\n';

/** The sample codebase: five outlived promises the rule must report (two through other modules, one of them by a tsconfig `paths` alias), and clean code it must leave alone. */
const sampleFiles: Record<string, string> = {
  'eslint.config.js': `import promiseLifetime from 'eslint-plugin-promise-lifetime';\n\nexport default [promiseLifetime.configs.recommended];\n`,
  'src/exit.mjs': `${work}void work();\nprocess.exit(0);\n`,
  'src/worker.js': `${work}\nexport default {\n  async fetch(req, env, ctx) {\n    const t = work();\n    return new Response('ok');\n  },\n};\n`,
  'src/lambda.js': `${work}\nexport const handler = async () => {\n  void work();\n  return { statusCode: 200 };\n};\n`,
  'src/clean.js': `${work}\nexport async function main() {\n  await work();\n  process.exit(0);\n}\n`,
  'src/worker-clean.mjs': `${work}\nexport default {\n  async fetch(req, env, ctx) {\n    ctx.waitUntil(work());\n    return new Response('ok');\n  },\n};\n`,
  // Read by the rule when it lints src/cli.js: `fatal()` exits, `upload()` returns pending work.
  'src/log.js': `export function fatal(message) {\n  console.error(message);\n  process.exit(1);\n}\n`,
  'src/upload.js': `export async function upload(data) {\n  await fetch('https://example.com', { method: 'POST', body: data });\n}\n`,
  'src/cli.js': `import { fatal } from './log.js';\nimport { upload } from './upload.js';\n\nexport function run(data) {\n  upload(data);\n  if (!data) fatal('no data');\n}\n`,
  // \`@/upload.js\` is src/upload.js through the tsconfig.json alias (JSON with comments, as tsconfig is written).
  'tsconfig.json': `{\n  // the project's aliases\n  "compilerOptions": { "allowJs": true, "baseUrl": ".", "paths": { "@/*": ["./src/*"] } },\n}\n`,
  'src/alias.js': `import { upload } from '@/upload.js';\n\nexport function send(data) {\n  upload(data);\n  process.exit(0);\n}\n`,
  // Loaded with node: the CommonJS entry point, as `require()` users see it.
  'check-require.cjs': [
    `const plugin = require('eslint-plugin-promise-lifetime');`,
    `const installed = require('eslint-plugin-promise-lifetime/package.json');`,
    `console.log(JSON.stringify({`,
    `  meta: plugin.meta,`,
    `  installed: { name: installed.name, version: installed.version },`,
    `  rules: Object.keys(plugin.rules),`,
    `  configs: Object.keys(plugin.configs),`,
    `  recommendedRules: plugin.configs.recommended.rules,`,
    `  recommendedPluginIsPlugin: plugin.configs.recommended.plugins['promise-lifetime'] === plugin,`,
    `}));`,
    ``,
  ].join('\n'),
};

/** Exactly what `eslint --format json .` must find, in file then line order. */
const expectedFindings = [
  {
    file: 'src/alias.js',
    ruleId: RULE,
    line: 4,
    messageId: 'exit',
    message: '`upload(data)` is still pending when `process.exit(0)` (line 5) ends the process.',
  },
  {
    file: 'src/cli.js',
    ruleId: RULE,
    line: 5,
    messageId: 'exit',
    message: "`upload(data)` is still pending when `fatal('no data')` (line 6) ends the process.",
  },
  { file: 'src/exit.mjs', ruleId: RULE, line: 2, messageId: 'exit', message: '`work()` is still pending when `process.exit(0)` (line 3) ends the process.' },
  {
    file: 'src/lambda.js',
    ruleId: RULE,
    line: 4,
    messageId: 'handlerEndFrozenAfterSettle',
    message: '`work()` is still pending when the Lambda handler returns (line 5)',
  },
  {
    file: 'src/worker.js',
    ruleId: RULE,
    line: 5,
    messageId: 'handlerEndCancelledAfterResponseWithExtender',
    message: '`work()` is still pending when the Cloudflare Workers handler returns (line 6)',
  },
];

interface Project {
  eslintMajor: 9 | 10;
  dir: string;
  eslintVersion: string;
}

interface EslintJsonResult {
  filePath: string;
  messages: Array<{ ruleId: string | null; line: number; messageId?: string; message: string; fatal?: boolean }>;
}

let tempRoot = '';
let tarball = '';
let packedFiles: string[] = [];
const projects: Project[] = [
  { eslintMajor: 9, dir: '', eslintVersion: '' },
  { eslintMajor: 10, dir: '', eslintVersion: '' },
];

async function createProject(project: Project): Promise<void> {
  project.dir = path.join(tempRoot, `eslint-${project.eslintMajor}`);
  mkdirSync(path.join(project.dir, 'src'), { recursive: true });
  writeFileSync(
    path.join(project.dir, 'package.json'),
    `${JSON.stringify({ name: `sample-eslint-${project.eslintMajor}`, version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`,
  );
  for (const [file, text] of Object.entries(sampleFiles)) writeFileSync(path.join(project.dir, file), text);
  // The ESLint 10 project also lints TypeScript, typed, as the codemod's typed config needs.
  const typescript =
    project.eslintMajor === 10 ? [`typescript@${devVersion('typescript')}`, `@typescript-eslint/parser@${devVersion('@typescript-eslint/parser')}`] : [];
  await runOk(
    'npm',
    ['install', '--no-audit', '--no-fund', '--loglevel=error', '--prefix', project.dir, `eslint@${project.eslintMajor}`, tarball, ...typescript],
    project.dir,
    INSTALL_TIMEOUT,
  );
  project.eslintVersion = readVersion(project.dir, 'eslint');
  console.log(`ESLint ${project.eslintVersion} + ${path.basename(tarball)} installed in ${project.dir}`);
}

/** The version this repository tests with, so the fresh project gets the same one. */
function devVersion(name: string): string {
  const { devDependencies = {} } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string> };
  const version = devDependencies[name];
  if (!version) throw new Error(`${name} is not a devDependency of this repository`);
  return version;
}

function readVersion(projectDir: string, name: string): string {
  return (JSON.parse(readFileSync(path.join(projectDir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

beforeAll(
  async () => {
    tempRoot = mkdtempSync(path.join(os.tmpdir(), 'promise-lifetime-pack-'));
    ({ tarball, files: packedFiles } = await packRepository(tempRoot));
    // Both installs at once: they are network- and disk-bound, and npm's cache is safe to share.
    await Promise.all(projects.map(createProject));
  },
  INSTALL_TIMEOUT + 2 * 60_000,
);

afterAll(() => {
  if (tempRoot) rmSync(tempRoot, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('ships the build, the docs and package.json, and no sources or tests', () => {
    expect(packedFiles).toContain('package.json');
    expect(packedFiles).toContain('dist/index.js');
    expect(packedFiles).toContain('dist/index.d.ts');
    expect(packedFiles).toContain('dist/analysis/index.js');
    // typescript-eslint's type-aware parts, bundled so that a plain JavaScript install needs no typescript, with their licences.
    expect(packedFiles).toContain('dist/vendor/typescript-eslint.js');
    expect(packedFiles).toContain('dist/vendor/typescript-eslint.LICENSES.txt');
    expect(packedFiles).toContain('LICENSE');
    expect(packedFiles).toContain('CHANGELOG.md');
    expect(
      packedFiles.filter((file) => !/^(dist|docs)\//.test(file) && !/^(package\.json|README(\.md)?|LICEN[CS]E(\.md)?|CHANGELOG\.md)$/i.test(file)),
    ).toEqual([]);
    expect(packedFiles.filter((file) => file.endsWith('.tsbuildinfo') || (file.endsWith('.ts') && !file.endsWith('.d.ts')))).toEqual([]);
  });
});

describe.each(projects)('installed from the tarball next to ESLint $eslintMajor', (project) => {
  it('gets the ESLint major it asked for (9 is at least 9.15)', () => {
    const [major = 0, minor = 0] = project.eslintVersion.split('.').map(Number);
    expect(major).toBe(project.eslintMajor);
    if (major === 9) expect(minor).toBeGreaterThanOrEqual(15);
  });

  it('loads with require() and names itself after package.json', async () => {
    expect(plugin.configs.recommended.rules).toHaveProperty([RULE], 'error');
    const { stdout } = await runOk(process.execPath, ['check-require.cjs'], project.dir, 60_000);
    const loaded = JSON.parse(stdout) as Record<string, unknown>;
    expect(loaded).toEqual({
      meta: { name: packageJson.name, version: packageJson.version, namespace: 'promise-lifetime' },
      installed: { name: packageJson.name, version: packageJson.version },
      // The same rules and presets as the sources: nothing lost or stale in the build.
      rules: Object.keys(plugin.rules),
      configs: expect.arrayContaining(['recommended', 'recommended-type-checked']),
      recommendedRules: plugin.configs.recommended.rules,
      recommendedPluginIsPlugin: true,
    });
  });

  it('reports exactly the outlived promises of the sample codebase through the eslint CLI', async () => {
    const result = await run('npx', ['--no', '--', 'eslint', '--format', 'json', '.'], project.dir, 3 * 60_000);
    // 1: lint errors found (0 would mean nothing was reported; 2 is a crash or a configuration problem).
    expect(result.code, `eslint exited with ${result.code}:\n${result.stderr}\n${result.stdout}`).toBe(1);
    const results = JSON.parse(result.stdout) as EslintJsonResult[];
    const linted = results.map((r) => path.relative(project.dir, r.filePath).split(path.sep).join('/')).sort();
    expect(linted).toEqual([
      'check-require.cjs',
      'eslint.config.js',
      'src/alias.js',
      'src/clean.js',
      'src/cli.js',
      'src/exit.mjs',
      'src/lambda.js',
      'src/log.js',
      'src/upload.js',
      'src/worker-clean.mjs',
      'src/worker.js',
    ]);
    const findings = results
      .flatMap((r) => r.messages.map((m) => ({ file: path.relative(project.dir, r.filePath).split(path.sep).join('/'), ...m })))
      .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
    expect(findings.map(({ file, ruleId, line, messageId }) => ({ file, ruleId, line, messageId }))).toEqual(
      expectedFindings.map(({ file, ruleId, line, messageId }) => ({ file, ruleId, line, messageId })),
    );
    findings.forEach((finding, index) => expect(finding.message).toContain(expectedFindings[index]?.message));
  });

  it('gives promise-lifetime fix the same findings through this ESLint: each is listed fixed or skipped, and --dry writes nothing', async () => {
    const before = Object.fromEntries(Object.keys(sampleFiles).map((file) => [file, readFileSync(path.join(project.dir, file), 'utf8')]));
    const result = await runOk('npx', ['--no', '--', 'promise-lifetime', 'fix', 'src', '--dry'], project.dir, 3 * 60_000);
    const listed = result.stdout
      .split('\n')
      .map((line) => /^ {2}(?:fixed|skipped) +(\S+) line (\d+):/.exec(line))
      .filter((match) => match !== null)
      .map((match) => `${match[1]}:${match[2]}`)
      .sort();
    expect(listed).toEqual(expectedFindings.map(({ file, line }) => `${file}:${line}`).sort());
    expect(Object.fromEntries(Object.keys(sampleFiles).map((file) => [file, readFileSync(path.join(project.dir, file), 'utf8')]))).toEqual(before);
  });
});

/** A codebase for the codemod: three findings it fixes, one it must skip with its reason, and clean code. */
const codemodFiles: Record<string, string> = {
  // Found by ESLint for the files below it: all of them linted, TypeScript parsed without types.
  'eslint.config.js': `import promiseLifetime from 'eslint-plugin-promise-lifetime';\nimport tsParser from '@typescript-eslint/parser';\n\nexport default [promiseLifetime.configs.recommended, { files: ['**/*.ts'], languageOptions: { parser: tsParser } }];\n`,
  'src/exit.mjs': `${work}const data = 'results';\nvoid work(data);\nconsole.log('done');\nprocess.exit(0);\n`,
  'src/worker.ts': `${work}\nexport default {\n  async fetch(request: Request, env: unknown, ctx: { waitUntil(p: Promise<unknown>): void }) {\n    const visit = work();\n    return new Response('ok');\n  },\n};\n`,
  'src/main.cjs': `${work}\nfunction flush() {\n  work();\n}\n\nfunction main() {\n  flush();\n  console.log('exiting');\n  process.exit(0);\n}\n\nmain();\n`,
  'src/exported.ts': `${work}\nexport function main(): void {\n  work();\n  process.exit(0);\n}\n`,
  'src/clean.js': `${work}\nexport async function main() {\n  await work();\n  process.exit(0);\n}\n`,
  'node_modules/dep/index.js': `${work}void work();\nprocess.exit(0);\n`,
};

/** What both ways of running the codemod must write. */
const codemodOutputs: Record<string, string> = {
  'src/exit.mjs': `${work}const data = 'results';\nconst workTask = work(data);\nconsole.log('done');\nawait workTask;\nprocess.exit(0);\n`,
  'src/worker.ts': `${work}\nexport default {\n  async fetch(request: Request, env: unknown, ctx: { waitUntil(p: Promise<unknown>): void }) {\n    const visit = work();\n    ctx.waitUntil(visit);\n    return new Response('ok');\n  },\n};\n`,
  'src/main.cjs': `${work}\nasync function flush() {\n  await work();\n}\n\nasync function main() {\n  const flushTask = flush();\n  console.log('exiting');\n  await flushTask;\n  process.exit(0);\n}\n\nmain().catch((error) => {\n  console.error(error);\n  process.exitCode = 1;\n});\n`,
  'eslint.config.js': codemodFiles['eslint.config.js']!,
  'src/exported.ts': codemodFiles['src/exported.ts']!,
  'src/clean.js': codemodFiles['src/clean.js']!,
  'node_modules/dep/index.js': codemodFiles['node_modules/dep/index.js']!,
};

function writeCodebase(dir: string, files: Record<string, string> = codemodFiles): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
}

function readCodebase(dir: string, files: Record<string, string> = codemodFiles): Record<string, string> {
  return Object.fromEntries(Object.keys(files).map((file) => [file, readFileSync(path.join(dir, file), 'utf8')]));
}

/**
 * A typed project with its own options and a disable comment: the codemod must rewrite what `eslint`
 * reports there, and nothing it does not: the allow-listed call, the disabled one, the files the config
 * does not lint. One finding needs the type checker (the spread `{}` replaces no member).
 */
const typedFiles: Record<string, string> = {
  'tsconfig.json': `{ "compilerOptions": { "strict": true, "module": "nodenext", "target": "es2022", "allowJs": true, "noEmit": true }, "include": ["src"] }\n`,
  'eslint.config.js': [
    `import promiseLifetime from 'eslint-plugin-promise-lifetime';`,
    `import tsParser from '@typescript-eslint/parser';`,
    ``,
    `export default [`,
    `  { ignores: ['eslint.config.js', 'src/generated/**'] },`,
    `  {`,
    `    ...promiseLifetime.configs['recommended-type-checked'],`,
    `    files: ['src/**/*.{ts,js,mjs}'],`,
    `    languageOptions: { parser: tsParser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },`,
    `  },`,
    `  { files: ['src/**/*.{ts,js,mjs}'], rules: { 'promise-lifetime/no-outlived-promise': ['error', { allowForKnownSafeCalls: ['sendBestEffortPing'], closeMethods: ['shutdown'] }] } },`,
    `];`,
    ``,
  ].join('\n'),
  'src/ping.ts': `${work}\nasync function sendBestEffortPing(): Promise<void> {\n  await work();\n}\n\nexport async function main(): Promise<void> {\n  sendBestEffortPing();\n  // eslint-disable-next-line promise-lifetime/no-outlived-promise -- best effort\n  work();\n  work();\n  process.exit(0);\n}\n`,
  'src/typed.ts': `async function save(): Promise<void> {\n  await new Promise((r) => setTimeout(r, 10));\n}\nconst defaults = {};\nconst api = { save, ...defaults };\napi.save();\nprocess.exit(0);\n`,
  'src/store.ts': `${work}\nclass Store {\n  async save(): Promise<void> {\n    await work();\n  }\n  shutdown(): void {}\n}\n\nexport async function run(store: Store): Promise<void> {\n  store.save();\n  store.shutdown();\n}\n`,
  'src/exported.ts': `${work}\nexport function main(): void {\n  work();\n  process.exit(0);\n}\n`,
  'src/generated/client.ts': `${work}void work();\nprocess.exit(0);\n`,
  'scripts/build.mjs': `${work}void work();\nprocess.exit(0);\n`,
};

const typedOutputs: Record<string, string> = {
  ...typedFiles,
  'src/ping.ts': typedFiles['src/ping.ts']!.replace('  work();\n  process.exit(0);', '  await work();\n  process.exit(0);'),
  'src/typed.ts': typedFiles['src/typed.ts']!.replace('api.save();', 'await api.save();'),
  'src/store.ts': typedFiles['src/store.ts']!.replace('  store.save();', '  await store.save();'),
};

/** The reports of `eslint --format json .` in a folder, as `file:line ruleId`. */
async function eslintReports(dir: string): Promise<string[]> {
  const result = await run('npx', ['--no', '--', 'eslint', '--format', 'json', '.'], dir, 3 * 60_000);
  if (result.code === 2) throw new Error(`eslint failed in ${dir}:\n${result.stderr}\n${result.stdout}`);
  return (JSON.parse(result.stdout) as EslintJsonResult[])
    .flatMap((r) => r.messages.map((m) => `${path.relative(dir, r.filePath).split(path.sep).join('/')}:${m.line} ${m.ruleId ?? m.message}`))
    .sort();
}

describe('the codemod, installed from the tarball', () => {
  const project = projects[1]!;
  const transform = 'node_modules/eslint-plugin-promise-lifetime/dist/codemods/fix-promise-lifetime.js';

  it('rewrites a codebase with `npx jscodeshift -t <installed transform>`, then changes nothing', async () => {
    const dir = path.join(project.dir, 'with-jscodeshift');
    writeCodebase(dir);
    const args = [
      '--no',
      '--',
      'jscodeshift',
      '-t',
      transform,
      '--extensions=ts,tsx,js,jsx,mts,cts,mjs,cjs',
      '--ignore-pattern=**/node_modules/**',
      '--no-babel',
      'with-jscodeshift/src',
    ];
    const first = await runOk('npx', args, project.dir, 3 * 60_000);
    expect(first.stdout).toMatch(/^3 ok$/m);
    expect(first.stdout).toMatch(/^0 errors$/m);
    expect(first.stdout).toContain('skipped line 4: `work()` before `process.exit(0)` (line 5): `main` is exported');
    expect(readCodebase(dir)).toEqual(codemodOutputs);
    const second = await runOk('npx', args, project.dir, 3 * 60_000);
    expect(second.stdout).toMatch(/^0 ok$/m);
    expect(readCodebase(dir)).toEqual(codemodOutputs);
  });

  it('rewrites a codebase with `npx promise-lifetime fix`, says what it did, then changes nothing', async () => {
    const dir = path.join(project.dir, 'with-command');
    writeCodebase(dir);
    const dry = await runOk('npx', ['--no', '--', 'promise-lifetime', 'fix', 'with-command', '--dry'], project.dir, 3 * 60_000);
    expect(dry.stdout).toContain('promise-lifetime fix: 3 files would change, 3 findings fixed, 1 skipped, 0 errors (dry run: nothing written)');
    expect(readCodebase(dir)).toEqual(codemodFiles);

    const first = await runOk('npx', ['--no', '--', 'promise-lifetime', 'fix', 'with-command'], project.dir, 3 * 60_000);
    expect(first.stdout).toContain('promise-lifetime fix: 3 files changed, 3 findings fixed, 1 skipped, 0 errors');
    expect(first.stdout).toContain('fixed   with-command/src/exit.mjs line 3: `work(data)` before `process.exit(0)` (line 5)');
    expect(first.stdout).toContain('skipped with-command/src/exported.ts line 4: `work()` before `process.exit(0)` (line 5): `main` is exported');
    expect(readCodebase(dir)).toEqual(codemodOutputs);

    const second = await runOk('npx', ['--no', '--', 'promise-lifetime', 'fix', 'with-command'], project.dir, 3 * 60_000);
    expect(second.stdout).toContain('promise-lifetime fix: 0 files changed, 0 findings fixed, 1 skipped, 0 errors');
    expect(readCodebase(dir)).toEqual(codemodOutputs);
  });

  it('with a typed config, options and a disable comment, rewrites exactly what eslint reports; eslint then reports only what it skipped', async () => {
    const dir = path.join(project.dir, 'typed-command');
    writeCodebase(dir, typedFiles);
    expect(await eslintReports(dir)).toEqual([`src/exported.ts:4 ${RULE}`, `src/ping.ts:11 ${RULE}`, `src/store.ts:11 ${RULE}`, `src/typed.ts:6 ${RULE}`]);
    const first = await runOk('npx', ['--no', '--', 'promise-lifetime', 'fix', 'src'], dir, 3 * 60_000);
    expect(first.stdout.split('\n').filter((line) => /^ {2}(?:fixed|skipped)/.test(line))).toEqual([
      '  skipped src/exported.ts line 4: `work()` before `process.exit(0)` (line 5): `main` is exported: making it async changes what other modules get (pass --allow-async-exports to allow it)',
      '  fixed   src/ping.ts line 11: `work()` before `process.exit(0)` (line 12)',
      '  fixed   src/store.ts line 11: `store.save()` before `store` is closed (line 12)',
      '  fixed   src/typed.ts line 6: `api.save()` before `process.exit(0)` (line 7)',
    ]);
    expect(first.stdout).toContain('promise-lifetime fix: 3 files changed, 3 findings fixed, 1 skipped, 0 errors');
    expect(readCodebase(dir, typedFiles)).toEqual(typedOutputs);
    // What the codemod listed as skipped, and nothing else.
    expect(await eslintReports(dir)).toEqual([`src/exported.ts:4 ${RULE}`]);

    const viaJscodeshift = path.join(project.dir, 'typed-jscodeshift');
    writeCodebase(viaJscodeshift, typedFiles);
    const transformPath = path.join(project.dir, transform);
    const args = [
      '--no',
      '--',
      'jscodeshift',
      '-t',
      transformPath,
      '--extensions=ts,js,mjs',
      '--ignore-pattern=**/node_modules/**',
      '--no-babel',
      'src',
      'scripts',
    ];
    const viaTransform = await runOk('npx', args, viaJscodeshift, 3 * 60_000);
    expect(viaTransform.stdout).toMatch(/^3 ok$/m);
    expect(viaTransform.stdout).toMatch(/^0 errors$/m);
    expect(readCodebase(viaJscodeshift, typedFiles)).toEqual(typedOutputs);
  });

  it('fails, naming the file and position, on a file that does not parse, and leaves it as it was', async () => {
    const dir = path.join(project.dir, 'with-broken-file');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'broken.mjs'), 'const a = ;\n');
    const result = await run('npx', ['--no', '--', 'promise-lifetime', 'fix', 'with-broken-file'], project.dir, 3 * 60_000);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('with-broken-file/broken.mjs:1:11: cannot parse, left unchanged: Unexpected token');
    expect(readFileSync(path.join(dir, 'broken.mjs'), 'utf8')).toBe('const a = ;\n');
  });
});

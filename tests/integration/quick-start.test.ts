import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packRepository, repositoryRoot, run, runOk, type RunResult } from '../helpers/packed-package';

/*
 * README's Quick start, done as a new user does it: `npm pack` of this repository, then for each kind of
 * project a fresh `npm init -y` folder, README's install line for that kind (the tarball for its
 * `path/to/…tgz`, the rest from the npm registry), README's config file for that kind, a source file with
 * one known finding, and `npx eslint .`. The install lines and files come from README's blocks marked
 * `<!-- quick-start: <kind> <file> -->`, so README cannot drift from what is tested.
 */

const root = repositoryRoot;
const readmePath = path.join(root, 'README.md');
const RULE = 'promise-lifetime/no-outlived-promise';
const INSTALL_TIMEOUT = 8 * 60_000;

type Kind = 'commonjs' | 'module' | 'typescript' | 'typescript-typed';

interface KindSetup {
  /** `"type"` of the fresh project's package.json. */
  type: 'commonjs' | 'module';
  /** The source file with the finding, in the kind's syntax. */
  source: { file: string; text: string };
  /** Whether the project is plain JavaScript: then `typescript` must not be installed. */
  plainJs: boolean;
}

const work = 'async function work() {\n  await null;\n}\n';
const tsWork = 'async function work(): Promise<void> {\n  await null;\n}\n';

const kinds: Record<Kind, KindSetup> = {
  commonjs: { type: 'commonjs', plainJs: true, source: { file: 'index.js', text: `'use strict';\n\n${work}\nwork();\nprocess.exit(0);\n` } },
  module: { type: 'module', plainJs: true, source: { file: 'index.js', text: `${work}\nwork();\nprocess.exit(0);\n` } },
  typescript: { type: 'commonjs', plainJs: false, source: { file: 'index.ts', text: `${tsWork}\nwork();\nprocess.exit(0);\n` } },
  'typescript-typed': { type: 'module', plainJs: false, source: { file: 'index.ts', text: `${tsWork}\nwork();\nprocess.exit(0);\n` } },
};

interface Block {
  kind: string;
  file: string;
  text: string;
}

/** README's marked blocks: the comment, then the fenced block right after it. Throws on a marker without a block. */
function quickStartBlocks(readme: string): Block[] {
  const blocks: Block[] = [];
  const marker = /<!-- quick-start: (\S+) (\S+) -->\n/g;
  for (let match = marker.exec(readme); match; match = marker.exec(readme)) {
    const fence = /^```[^\n]*\n([\s\S]*?)^```$/m.exec(readme.slice(marker.lastIndex));
    if (!fence || fence.index !== 0) throw new Error(`README: \`${match[0].trim()}\` is not followed by a fenced code block`);
    blocks.push({ kind: match[1]!, file: match[2]!, text: fence[1]! });
  }
  return blocks;
}

interface Project {
  kind: Kind;
  dir: string;
  install: string[];
  files: Record<string, string>;
  eslint?: RunResult;
  installSeconds?: number;
}

/** README's install line for a kind, as arguments of `npm`, with the real tarball for its `path/to/….tgz`. */
function installArgs(kind: Kind, block: string, tarball: string): string[] {
  const lines = block.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
  if (lines.length !== 1) throw new Error(`README: the ${kind} install block must be one command, not ${lines.length}:\n${block}`);
  const [npm, ...args] = lines[0]!.trim().split(/\s+/);
  if (npm !== 'npm' || args[0] !== 'install') throw new Error(`README: the ${kind} install block is not an \`npm install\`: ${lines[0]}`);
  const tarballs = args.filter((arg) => arg.endsWith('.tgz'));
  if (tarballs.length !== 1 || path.basename(tarballs[0]!) !== path.basename(tarball)) {
    throw new Error(
      `README: the ${kind} install line must name the tarball \`npm pack\` writes (${path.basename(tarball)}), not ${tarballs.join(', ') || 'none'}`,
    );
  }
  return [...args.map((arg) => (arg.endsWith('.tgz') ? tarball : arg)), '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];
}

let tempRoot = '';
const projects: Project[] = [];

async function createProject(project: Project): Promise<void> {
  const setup = kinds[project.kind];
  mkdirSync(project.dir, { recursive: true });
  await runOk('npm', ['init', '-y'], project.dir, 60_000);
  await runOk('npm', ['pkg', 'set', `type=${setup.type}`], project.dir, 60_000);
  const started = Date.now();
  await runOk('npm', project.install, project.dir, INSTALL_TIMEOUT);
  project.installSeconds = (Date.now() - started) / 1000;
  for (const [file, text] of Object.entries(project.files)) writeFileSync(path.join(project.dir, file), text);
  writeFileSync(path.join(project.dir, setup.source.file), setup.source.text);
  project.eslint = await run('npx', ['--no', '--', 'eslint', '.'], project.dir, 3 * 60_000);
}

beforeAll(
  async () => {
    const started = Date.now();
    const blocks = quickStartBlocks(readFileSync(readmePath, 'utf8'));
    const unknown = blocks.filter((block) => !(block.kind in kinds));
    if (unknown.length > 0) throw new Error(`README: quick-start blocks for unknown kinds: ${unknown.map((block) => block.kind).join(', ')}`);

    tempRoot = mkdtempSync(path.join(os.tmpdir(), 'promise-lifetime-quick-start-'));
    const { tarball } = await packRepository(tempRoot);

    for (const kind of Object.keys(kinds) as Kind[]) {
      const own = blocks.filter((block) => block.kind === kind);
      const install = own.filter((block) => block.file === 'install');
      const configs = own.filter((block) => /^eslint\.config\.[cm]?js$/.test(block.file));
      if (install.length !== 1 || configs.length !== 1) {
        throw new Error(`README: the ${kind} quick start needs one install block and one eslint.config.* block, not ${install.length} and ${configs.length}`);
      }
      const files = Object.fromEntries(own.filter((block) => block.file !== 'install').map((block) => [block.file, block.text]));
      projects.push({ kind, dir: path.join(tempRoot, kind), install: installArgs(kind, install[0]!.text, tarball), files });
    }
    // All four at once: installs are network- and disk-bound, and they share npm's cache (safe to share).
    await Promise.all(projects.map(createProject));
    console.log(
      `quick start: ${projects.map((project) => `${project.kind} installed in ${project.installSeconds?.toFixed(1)} s`).join(', ')}; ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s in all`,
    );
  },
  INSTALL_TIMEOUT + 5 * 60_000,
);

afterAll(() => {
  if (tempRoot) rmSync(tempRoot, { recursive: true, force: true });
});

describe('quickStartBlocks', () => {
  it('reads a marked block and rejects a marker with no block under it', () => {
    expect(quickStartBlocks('<!-- quick-start: module install -->\n```sh\nnpm install x\n```\n')).toEqual([
      { kind: 'module', file: 'install', text: 'npm install x\n' },
    ]);
    expect(() => quickStartBlocks('<!-- quick-start: module install -->\ntext\n```sh\nnpm install x\n```\n')).toThrow('is not followed by a fenced code block');
  });
});

describe.each(Object.keys(kinds) as Kind[])("README's quick start, %s", (kind) => {
  const project = (): Project => {
    const found = projects.find((candidate) => candidate.kind === kind);
    if (!found?.eslint) throw new Error(`the ${kind} project was not set up (see the beforeAll error)`);
    return found;
  };

  it(`reports ${RULE} through \`npx eslint .\` and exits with 1`, () => {
    const { eslint, dir } = project();
    const output = `${eslint!.stdout}\n${eslint!.stderr}`;
    // 1: lint errors found (0 would mean nothing was reported; 2 is a crash or a configuration problem).
    expect(eslint!.code, `eslint exited with ${eslint!.code}:\n${output}`).toBe(1);
    const file = kinds[kind].source.file;
    expect(eslint!.stdout).toContain(path.join(dir, file));
    // The `work()` call on line 5 (7 in CommonJS, after 'use strict' and a blank line), and nothing else in the project.
    const line = kind === 'commonjs' ? 7 : 5;
    expect(eslint!.stdout).toMatch(new RegExp(`^\\s+${line}:1\\s+error\\s+.*\`work\\(\\)\` is still pending when \`process\\.exit\\(0\\)\`.*\\s${RULE}$`, 'm'));
    expect(eslint!.stdout).toMatch(/✖ 1 problem \(1 error, 0 warnings\)/);
  });

  if (kind === 'typescript-typed') {
    it("type-checks a use of the plugin's published .d.ts (typescript-eslint brings @typescript-eslint/utils)", async () => {
      const { dir } = project();
      // Written after `eslint .` ran, so the lint output above stays about the one finding.
      const check = [
        `import promiseLifetime from 'eslint-plugin-promise-lifetime';`,
        ``,
        `const url: string | undefined = promiseLifetime.rules['no-outlived-promise'].meta.docs?.url;`,
        `const rules: Record<string, unknown> | undefined = promiseLifetime.configs['recommended-type-checked'].rules;`,
        // Each an error only when the declarations resolve: an unresolved \`@typescript-eslint/utils\` would make them \`any\`.
        `// @ts-expect-error -- the plugin has no such preset`,
        `void promiseLifetime.configs.strict;`,
        `// @ts-expect-error -- a rule's meta (typescript-eslint's RuleMetaData) has no such field`,
        `void promiseLifetime.rules['no-outlived-promise'].meta.nonexistent;`,
        `export { rules, url };`,
        ``,
      ].join('\n');
      writeFileSync(path.join(dir, 'types-check.mts'), check);
      // Its own tsconfig: TypeScript 6 refuses file names on the command line next to a tsconfig.json.
      const options = { strict: true, module: 'nodenext', target: 'es2022', noEmit: true, types: [], skipLibCheck: true };
      writeFileSync(path.join(dir, 'tsconfig.types-check.json'), JSON.stringify({ compilerOptions: options, files: ['types-check.mts'] }));
      const args = ['--no', '--', 'tsc', '-p', 'tsconfig.types-check.json'];
      const tsc = await run('npx', args, dir, 2 * 60_000);
      expect(tsc.code, `tsc exited with ${tsc.code}:\n${tsc.stdout}\n${tsc.stderr}`).toBe(0);
    });
  }

  if (kinds[kind].plainJs) {
    it('installs no typescript', async () => {
      const { dir } = project();
      const ls = await run('npm', ['ls', 'typescript', '--all'], dir, 60_000);
      expect(ls.stdout).not.toMatch(/typescript@/);
      expect(ls.stdout).toContain('(empty)');
      expect(existsSync(path.join(dir, 'node_modules', 'typescript'))).toBe(false);
    });
  }
});

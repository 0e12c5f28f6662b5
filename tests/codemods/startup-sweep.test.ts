import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { parse } from '@babel/parser';
import { transformSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { moduleKindOfPackage, readTextFile, type ModuleKind } from '../../analysis';
import { apply } from '../helpers/apply-transform';
import { distinctSnippets, snippetsOf } from '../rules/cases';
import { sections as outlivedSections } from '../rules/no-outlived-promise';
import { sections as starvedSections } from '../rules/no-starved-promise';

/*
 * Every rewrite must start under the module kind its file runs as: the codemod runs on each snippet of
 * the rules' tests and on each fixture as an ES module and as CommonJS (`--module-kind`), and once where
 * no package.json says (where the rewrite must start as either), and each output is compiled as Node
 * (or tsx) would before running it. A TypeScript file is compiled by esbuild, as tsx does, to the
 * format of its kind; a JavaScript file runs as it is. CommonJS code is then compiled inside Node's
 * module wrapper, and ES module code parsed as a module. An input that does not start as a kind is not
 * the codemod's to fix, so it is checked only under the kinds it starts as.
 */

const STRATEGIES = ['auto', 'await', 'worker'] as const;
type Kind = ModuleKind | 'unknown';
const KINDS: readonly Kind[] = ['cjs', 'esm', 'unknown'];

/** Why `code` would not start as `kind` (null when it would): compiled as tsx does, then compiled by V8. */
function startupError(code: string, filename: string, kind: ModuleKind): string | null {
  let js = code;
  const typescript = /\.[cm]?tsx?$/.test(filename);
  if (typescript || /\.jsx$/.test(filename)) {
    try {
      const result = transformSync(code, {
        loader: /x$/.test(filename) ? (typescript ? 'tsx' : 'jsx') : 'ts',
        format: kind,
        sourcefile: filename,
        logLevel: 'silent',
      });
      // esbuild empties `import.meta` for CommonJS with a warning: `import.meta.url` is then undefined.
      const empty = result.warnings.find((warning) => warning.id === 'empty-import-meta');
      if (empty) return `esbuild: ${empty.text}`;
      js = result.code;
    } catch (error) {
      return `esbuild: ${(error as Error).message}`;
    }
  }
  try {
    if (kind === 'cjs') new vm.Script(`(function (exports, require, module, __filename, __dirname) {${js}\n})`, { filename });
    else parse(js, { sourceType: 'module', errorRecovery: false });
    return null;
  } catch (error) {
    return `${kind === 'cjs' ? 'V8 (CommonJS)' : 'parse as an ES module'}: ${(error as Error).message}`;
  }
}

interface Input {
  readonly label: string;
  readonly code: string;
  readonly filename: string;
}

const snippetInputs: Input[] = distinctSnippets([...snippetsOf(outlivedSections), ...snippetsOf(starvedSections)], 'file').map((snippet, index) => ({
  label: `snippet #${index} (${snippet.section})`,
  code: snippet.code,
  filename: snippet.filename ?? 'file.ts',
}));

const codemodFixtures = path.join(__dirname, '..', 'fixtures', 'codemod', 'fix-promise-lifetime');
const runtimeFixtures = path.join(__dirname, '..', '..', 'fixtures');
const fixtureInputs: Input[] = [
  ...readdirSync(codemodFixtures)
    .filter((file) => /\.input\.[cm]?[jt]sx?$/.test(file))
    .map((file) => ({ label: `codemod fixture ${file}`, code: readFileSync(path.join(codemodFixtures, file), 'utf8'), filename: file.replace('.input', '') })),
  ...readdirSync(runtimeFixtures)
    .filter((name) => existsSync(path.join(runtimeFixtures, name, 'fixture.json')))
    .flatMap((name) => {
      const before = readdirSync(path.join(runtimeFixtures, name)).find((file) => /^before\.[cm]?[jt]s$/.test(file));
      return before
        ? [{ label: `runtime fixture ${name}`, code: readFileSync(path.join(runtimeFixtures, name, before), 'utf8'), filename: `main${path.extname(before)}` }]
        : [];
    }),
];

// Where no package.json says how a file runs (checked below: a machine may have one above the temporary folder).
const unknownRoot = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'promise-lifetime-startup-')));
afterAll(() => rmSync(unknownRoot, { recursive: true, force: true }));
const unknownIsUnknown = moduleKindOfPackage(path.join(unknownRoot, 'file.ts'), readTextFile) === undefined;

/** The rewrites of `input` that would not start under `kind`, described; and how many rewrites were checked. */
function brokenRewrites(input: Input, kind: Kind, strategy: (typeof STRATEGIES)[number]): { broken: string[]; checked: number } {
  const filename = kind === 'unknown' ? path.join(unknownRoot, path.basename(input.filename)) : input.filename;
  // `.mjs`/`.mts` and `.cjs`/`.cts` run as their extension says, whatever the package.
  const byExtension: ModuleKind | null = /\.m[jt]s$/.test(filename) ? 'esm' : /\.c[jt]s$/.test(filename) ? 'cjs' : null;
  if (byExtension && kind !== 'unknown' && kind !== byExtension) return { broken: [], checked: 0 };
  const kinds: readonly ModuleKind[] = byExtension ? [byExtension] : kind === 'unknown' ? ['cjs', 'esm'] : [kind];
  const startsAs = kinds.filter((each) => startupError(input.code, filename, each) === null);
  if (startsAs.length === 0) return { broken: [], checked: 0 };
  let result;
  try {
    result = apply(input.code, filename, { strategy, ...(kind !== 'unknown' && { moduleKind: kind }) });
  } catch (error) {
    return { broken: [`${input.label} as ${kind}, --strategy=${strategy}: the codemod threw ${(error as Error).message}`], checked: 1 };
  }
  if (result.output === undefined || result.output === input.code) return { broken: [], checked: 0 };
  const broken: string[] = [];
  for (const each of startsAs) {
    for (const [file, text] of [[filename, result.output], ...result.files.map((created) => [created.path, created.text] as const)] as const) {
      const error = startupError(text, file, each);
      if (error)
        broken.push(
          `${input.label} (${input.filename}) as ${kind}, --strategy=${strategy}: ${path.basename(file)} would not start as ${each}: ${error}\n${text}`,
        );
    }
  }
  return { broken, checked: 1 };
}

describe('every rewrite starts under the module kind its file runs as', () => {
  it('can tell a start-up failure from a start', () => {
    expect(startupError('await work();\n', 'main.ts', 'cjs')).toMatch(/Top-level await is currently not supported with the "cjs" output format/);
    expect(startupError('await work();\n', 'main.ts', 'esm')).toBeNull();
    expect(startupError('await work();\n', 'main.js', 'cjs')).toMatch(/V8 \(CommonJS\)/);
    expect(startupError('console.log(import.meta.url);\n', 'main.ts', 'cjs')).toMatch(/import\.meta/);
    expect(startupError("import { a } from 'a';\na();\n", 'main.js', 'cjs')).toMatch(/V8 \(CommonJS\)/);
    expect(startupError("import { a } from 'a';\na();\n", 'main.ts', 'cjs')).toBeNull();
    expect(startupError("const a = require('a');\nmodule.exports = a;\n", 'main.js', 'esm')).toBeNull();
  });

  it('has a folder no package.json says the kind of', () => {
    expect(unknownIsUnknown || 'a package.json above the temporary folder').toBe(true);
  });

  for (const [name, inputs] of [
    ['the rule test snippets', snippetInputs],
    ['the fixtures', fixtureInputs],
  ] as const) {
    for (const kind of KINDS) {
      it.each(STRATEGIES)(`on ${name} as ${kind}, --strategy=%s`, (strategy) => {
        if (kind === 'unknown' && !unknownIsUnknown) return;
        const broken: string[] = [];
        let checked = 0;
        for (const input of inputs) {
          const outcome = brokenRewrites(input, kind, strategy);
          broken.push(...outcome.broken);
          checked += outcome.checked;
        }
        expect(broken.join('\n\n')).toBe('');
        // Enough rewrites are checked that the sweep means something.
        expect(checked).toBeGreaterThan(10);
      });
    }
  }
});

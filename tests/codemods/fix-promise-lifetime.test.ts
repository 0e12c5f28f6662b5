import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fromBabel } from '../../analysis';
import { checkStartsAs } from '../../codemods/fix-promise-lifetime';
import { parseFile } from '../../codemods/parser-for';
import { apply, applied } from '../helpers/apply-transform';
import { checkGuarantees } from '../helpers/codemod-guarantees';

// Input/output pairs discovered from the folder, next-codemod style: `<case>.input.<ext>` becomes
// `<case>.output.<ext>`; an input whose name contains `no-transform` must come out unchanged.
const fixturesDir = path.join(__dirname, '..', 'fixtures', 'codemod', 'fix-promise-lifetime');
const inputs = readdirSync(fixturesDir).filter((file) => /\.input\.[cm]?[jt]sx?$/.test(file));

function fixturePath(input: string): string {
  // The file name the transform sees: route handlers are recognised by their path.
  const options = path.join(fixturesDir, input.replace(/\.input\.[^.]+$/, '.path'));
  return existsSync(options) ? readFileSync(options, 'utf8').trim() : input.replace('.input', '');
}

/** `<case>.options.json`: the codemod's options for the case (`{ "strategy": "worker" }`). */
function fixtureOptions(input: string): Record<string, unknown> {
  const file = path.join(fixturesDir, input.replace(/\.input\.[^.]+$/, '.options.json'));
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
}

/** `<case>.generated/<name>`: the files the rewrite must create, by name. */
function expectedFiles(input: string): Record<string, string> {
  const dir = path.join(fixturesDir, input.replace(/\.input\.[^.]+$/, '.generated'));
  if (!existsSync(dir)) return {};
  return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(path.join(dir, name), 'utf8')]));
}

interface RewriteCase {
  readonly source: string;
  readonly filename: string;
  readonly options: Record<string, unknown>;
  readonly expected: string;
  readonly files: Record<string, string>;
}

/** What every rewrite must satisfy: the expected text and files, and the codemod's guarantees. */
function checkRewrite({ source, filename, options, expected, files }: RewriteCase): void {
  const { result, output, problems } = checkGuarantees(source, filename, options);

  it('rewrites to the expected output', () => {
    expect(output).toBe(expected);
  });

  it('creates exactly the expected files', () => {
    const created = Object.fromEntries(result.files.map((file) => [path.basename(file.path), file.text]));
    expect(created).toEqual(files);
  });

  it('parses, changes nothing on a second run, and leaves no finding behind except those it reports as skipped', () => {
    expect(problems).toEqual([]);
  });
}

describe('fix-promise-lifetime fixtures', () => {
  it('has fixtures', () => {
    expect(inputs.length).toBeGreaterThan(10);
  });

  for (const input of inputs) {
    const name = input.replace(/\.input\.[^.]+$/, '');
    const source = readFileSync(path.join(fixturesDir, input), 'utf8');
    const expected = name.includes('no-transform') ? source : readFileSync(path.join(fixturesDir, input.replace('.input.', '.output.')), 'utf8');
    describe(name, () => {
      checkRewrite({ source, filename: fixturePath(input), options: fixtureOptions(input), expected, files: expectedFiles(input) });
    });
  }
});

// The runnable programs of fixtures/<case>/ are rewrite cases too (the runtime harness runs them as
// `main.<ext>`): the same guarantees hold for them, with no second copy of their code here.
const runtimeRoot = path.join(__dirname, '..', '..', 'fixtures');
const runtimeCases = readdirSync(runtimeRoot).filter((name) => existsSync(path.join(runtimeRoot, name, 'fixture.json')));

describe('fix-promise-lifetime on the runtime fixtures', () => {
  for (const name of runtimeCases) {
    const dir = path.join(runtimeRoot, name);
    const before = readdirSync(dir).find((file) => /^before\.[cm]?[jt]s$/.test(file));
    if (!before) continue;
    const extension = path.extname(before);
    const spec = JSON.parse(readFileSync(path.join(dir, 'fixture.json'), 'utf8')) as { strategy?: string; allowAsyncExports?: boolean };
    const generated = path.join(dir, 'generated');
    describe(name, () => {
      checkRewrite({
        source: readFileSync(path.join(dir, before), 'utf8'),
        filename: `main${extension}`,
        options: { strategy: spec.strategy ?? 'auto', 'allow-async-exports': spec.allowAsyncExports ?? false },
        expected: readFileSync(path.join(dir, `after${extension}`), 'utf8'),
        files: existsSync(generated) ? Object.fromEntries(readdirSync(generated).map((file) => [file, readFileSync(path.join(generated, file), 'utf8')])) : {},
      });
    });
  }
});

describe('fix-promise-lifetime reports', () => {
  it('says why a finding is left alone', () => {
    const source = 'async function work() { await 1; }\nexport function main() {\n  work();\n  process.exit(0);\n}\n';
    const { output, reports } = apply(source, 'main.ts');
    expect(output).toBe(source);
    expect(reports).toEqual([
      'skipped line 3: `work()` before `process.exit(0)` (line 4): `main` is exported: making it async changes what other modules get (pass --allow-async-exports to allow it)',
    ]);
  });

  it('makes exported functions async when allowed', () => {
    const source = 'async function work() { await 1; }\nexport function main() {\n  work();\n  process.exit(0);\n}\n';
    expect(applied(source, 'main.ts', { 'allow-async-exports': true })).toBe(
      'async function work() { await 1; }\nexport async function main() {\n  await work();\n  process.exit(0);\n}\n',
    );
  });

  describe('counts the CommonJS exports of a function as exporting it, not as using it as a value', () => {
    const work = 'async function work() { await 1; }\nfunction main() {\n  work();\n  process.exit(0);\n}\n';
    for (const exported of ['module.exports = { main };', 'module.exports = { main: main };', 'module.exports.main = main;', 'exports.main = main;']) {
      it(`\`${exported}\` is refused as an export without --allow-async-exports, and rewritten with it`, () => {
        const source = `${work}${exported}\n`;
        expect(apply(source, 'main.cjs').reports).toEqual([
          'skipped line 3: `work()` before `process.exit(0)` (line 4): `main` is exported: making it async changes what other modules get (pass --allow-async-exports to allow it)',
        ]);
        const { output, reports } = apply(source, 'main.cjs', { 'allow-async-exports': true });
        expect(reports).toEqual(['fixed line 3: `work()` before `process.exit(0)` (line 4)']);
        expect(output).toBe(`async function work() { await 1; }\nasync function main() {\n  await work();\n  process.exit(0);\n}\n${exported}\n`);
      });
    }

    it('still refuses another use of the function as a value', () => {
      const source = `${work}module.exports = { main };\nsetTimeout(main, 10);\n`;
      expect(apply(source, 'main.cjs', { 'allow-async-exports': true }).reports).toEqual([
        'skipped line 3: `work()` before `process.exit(0)` (line 4): `main` is used as a value on line 7, so its callers cannot be updated',
      ]);
    });
  });

  it('skips files without findings', () => {
    expect(apply('const a = 1;\n', 'a.ts').output).toBeUndefined();
  });

  it('names the file and position of a parse error', () => {
    expect(() => apply('const a = ;\n', 'src/broken.ts')).toThrow('src/broken.ts:1:11: cannot parse, left unchanged: Unexpected token');
  });

  it('rejects an unknown strategy', () => {
    expect(() => apply('void 0;\n', 'a.ts', { strategy: 'threads' })).toThrow('--strategy must be one of auto, await, worker (got "threads")');
  });

  it('refuses the worker strategy for work it cannot move, and says why', () => {
    const source = 'let count = 0;\nasync function work() { count++; await 1; }\nvoid work();\nprocess.exit(0);\n';
    const { output, reports, files } = apply(source, 'a.mjs', { strategy: 'worker' });
    expect(output).toBe(source);
    expect(files).toEqual([]);
    expect(reports).toEqual([
      'skipped line 3: `work()` before `process.exit(0)` (line 4): it cannot run in a worker thread: `work` uses `count`, a module-level variable the worker would only get its own copy of',
    ]);
  });
});

describe('fix-promise-lifetime and the module kind', () => {
  // A TypeScript entry point written with \`import\`: how it may wait for \`main()\` depends on how it runs.
  const source = "import { writeFile } from 'node:fs/promises';\nfunction main() {\n  writeFile('out.txt', 'done');\n  process.exit(0);\n}\nmain();\n";
  const esm =
    "import { writeFile } from 'node:fs/promises';\nasync function main() {\n  await writeFile('out.txt', 'done');\n  process.exit(0);\n}\nawait main();\n";
  const cjs =
    "import { writeFile } from 'node:fs/promises';\nasync function main() {\n  await writeFile('out.txt', 'done');\n  process.exit(0);\n}\nmain().catch((error) => {\n  console.error(error);\n  process.exitCode = 1;\n});\n";
  const root = mkdtempSync(path.join(os.tmpdir(), 'promise-lifetime-module-kind-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  function inPackage(name: string, packageJson: Record<string, unknown> | null): string {
    const dir = path.join(root, name, 'src');
    mkdirSync(dir, { recursive: true });
    if (packageJson) writeFileSync(path.join(root, name, 'package.json'), JSON.stringify(packageJson));
    return path.join(dir, 'cli.ts');
  }

  it('uses top-level await in a package of "type": "module"', () => {
    expect(applied(source, inPackage('esm', { type: 'module' }))).toBe(esm);
  });

  it('settles the entry call without top-level await in a package without "type" (CommonJS, whatever the syntax)', () => {
    expect(applied(source, inPackage('cjs', { name: 'cli' }))).toBe(cjs);
  });

  it('takes --module-kind over the package', () => {
    expect(applied(source, inPackage('override', { name: 'cli' }), { 'module-kind': 'esm' })).toBe(esm);
  });

  it('settles the entry call without top-level await when no package.json says how the file runs (tsx runs it as CommonJS)', () => {
    expect(applied(source, inPackage('none', null))).toBe(cjs);
  });

  it('still uses top-level await in such a file that already does (only an ES module can)', () => {
    const awaiting = `${source}await Promise.resolve();\n`;
    expect(applied(awaiting, inPackage('none-awaiting', null))).toBe(`${esm}await Promise.resolve();\n`);
  });

  it("leaves a rewrite that would not start as the file's module kind unchanged, naming the file", () => {
    const before = fromBabel(parseFile('main.ts', source), source);
    const after = fromBabel(parseFile('main.ts', esm), esm);
    expect(() => checkStartsAs('src/main.ts', esm, after, { kind: 'cjs', before })).toThrow(
      'src/main.ts: the rewrite would not start as CommonJS, how this file runs (top-level `await` on line 6); left unchanged',
    );
    expect(() => checkStartsAs('src/main.ts', esm, after, { kind: 'esm', before })).not.toThrow();
    // A file nothing says the kind of may run as CommonJS.
    expect(() => checkStartsAs('src/main.ts', esm, after, { kind: undefined, before })).toThrow('would not start as CommonJS');
  });

  it('rejects an unknown --module-kind', () => {
    expect(() => apply(source, 'a.ts', { 'module-kind': 'umd' })).toThrow('--module-kind must be esm or cjs (got "umd")');
  });
});

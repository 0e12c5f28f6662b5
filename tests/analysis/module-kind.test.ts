import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { certainModuleKind, fromBabel, moduleKindOfPackage, startupProblems, type ModuleKind } from '../../analysis';
import { parseFile } from '../../codemods/parser-for';

// How Node decides a file's module kind, on a virtual file system: package.json texts by folder.
function lookup(files: Record<string, string>) {
  const reads: string[] = [];
  const readFile = (file: string): string | null => {
    reads.push(file);
    return files[file] ?? null;
  };
  return { reads, readFile };
}

const root = path.resolve('/project');
const at = (...parts: string[]): string => path.join(root, ...parts);

describe('moduleKindOfPackage', () => {
  it('goes by the extension first', () => {
    const { readFile, reads } = lookup({ [at('package.json')]: '{"type":"module"}' });
    expect(moduleKindOfPackage(at('src', 'a.cts'), readFile)).toBe('cjs');
    expect(moduleKindOfPackage(at('src', 'a.mjs'), readFile)).toBe('esm');
    expect(reads).toEqual([]);
  });

  it('reads the nearest package.json: "type": "module" is ESM, anything else CommonJS', () => {
    const { readFile } = lookup({ [at('package.json')]: '{"type":"module"}', [at('packages', 'old', 'package.json')]: '{"name":"old"}' });
    expect(moduleKindOfPackage(at('src', 'deep', 'a.ts'), readFile)).toBe('esm');
    expect(moduleKindOfPackage(at('packages', 'old', 'src', 'a.js'), readFile)).toBe('cjs');
    expect(moduleKindOfPackage(at('packages', 'new', 'a.tsx'), readFile)).toBe('esm');
  });

  it('says nothing without a package.json, or with one that is not JSON', () => {
    expect(moduleKindOfPackage(at('a.ts'), lookup({}).readFile)).toBeUndefined();
    expect(moduleKindOfPackage(at('a.ts'), lookup({ [at('package.json')]: '{ type: module' }).readFile)).toBeUndefined();
  });

  it('reads each folder once with a cache', () => {
    const { readFile, reads } = lookup({ [at('package.json')]: '{"type":"module"}' });
    const cache = new Map<string, ModuleKind | undefined>();
    expect(moduleKindOfPackage(at('src', 'a', 'x.ts'), readFile, cache)).toBe('esm');
    expect(moduleKindOfPackage(at('src', 'a', 'y.ts'), readFile, cache)).toBe('esm');
    expect(moduleKindOfPackage(at('src', 'b', 'z.ts'), readFile, cache)).toBe('esm');
    expect(reads).toEqual([at('src', 'a', 'package.json'), at('src', 'package.json'), at('package.json'), at('src', 'b', 'package.json')]);
  });
});

const program = (code: string, filename = 'main.ts') => fromBabel(parseFile(filename, code), code);

describe('certainModuleKind', () => {
  it("takes the caller's kind, then the extension", () => {
    expect(certainModuleKind(program("import a from 'a';\n"), 'main.ts', 'cjs')).toBe('cjs');
    expect(certainModuleKind(program('a();\n'), 'main.mts', undefined)).toBe('esm');
    expect(certainModuleKind(program("import a from 'a';\n"), 'main.cts', undefined)).toBe('cjs');
  });

  it('knows CommonJS by the absence of import/export syntax, and an ES module by top-level await or import.meta', () => {
    expect(certainModuleKind(program("const a = require('a');\n"), 'main.js', undefined)).toBe('cjs');
    expect(certainModuleKind(program("import a from 'a';\nawait a();\n"), 'main.ts', undefined)).toBe('esm');
    expect(certainModuleKind(program('console.log(import.meta.url);\n'), 'main.js', undefined)).toBe('esm');
  });

  it('does not know a file written with import syntax that nothing else says (Node runs it as ESM, tsx as CommonJS)', () => {
    expect(certainModuleKind(program("import a from 'a';\na();\n"), 'main.ts', undefined)).toBeUndefined();
  });
});

describe('startupProblems', () => {
  const constructs = (code: string, kind: ModuleKind, script = false, filename = 'main.ts') =>
    startupProblems(program(code, filename), kind, { script }).map((problem) => problem.construct);

  it('finds what CommonJS cannot start with at the top level, in nested blocks too, and not inside functions', () => {
    const code = [
      'await a();',
      'if (x) { await b(); }',
      'for await (const c of d) {}',
      'async function f() { await a(); for await (const c of d) {} }',
      'const g = async () => await a();',
      'console.log(import.meta.url);',
    ].join('\n');
    expect(constructs(code, 'cjs')).toEqual(['top-level `await`', 'top-level `await`', 'top-level `for await`', '`import.meta`']);
    expect(constructs(code, 'esm')).toEqual([]);
  });

  it('finds top-level `await using`', () => {
    expect(constructs('await using handle = open();\n', 'cjs')).toEqual(['top-level `await using`']);
  });

  it('finds import and export declarations only in a script nothing compiles', () => {
    const code = "import a from 'a';\nexport const b = a;\n";
    expect(constructs(code, 'cjs', false, 'main.js')).toEqual([]);
    expect(constructs(code, 'cjs', true, 'main.js')).toEqual(['an import or export declaration', 'an import or export declaration']);
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { moduleKindOfPackage, type ModuleKind } from '../../analysis';

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

import path from 'node:path';
import type { Program } from './ast';

export type ModuleKind = 'esm' | 'cjs';

/**
 * Whether a file runs as an ES module (top-level `await` allowed): said by the caller (ESLint's
 * `sourceType`, the file's package), else by the extension (`.mjs`/`.mts` yes, `.cjs`/`.cts` no), else by
 * import/export syntax.
 */
export function isEsModule(program: Program, filename: string, moduleKind: ModuleKind | undefined): boolean {
  if (moduleKind) return moduleKind === 'esm';
  if (/\.m[jt]s$/.test(filename)) return true;
  if (/\.c[jt]s$/.test(filename)) return false;
  return program.body.some(
    (statement) =>
      statement.type === 'ImportDeclaration' ||
      statement.type === 'ExportNamedDeclaration' ||
      statement.type === 'ExportDefaultDeclaration' ||
      statement.type === 'ExportAllDeclaration',
  );
}

/**
 * How Node runs a file, as Node decides it (tsx follows the same rule for TypeScript): by its extension,
 * else by the `"type"` of the nearest package.json, where no `"type"` means CommonJS, whatever syntax
 * the file is written in. Undefined when no package.json says (none found, or one that is not JSON).
 * `readFile` returns a file's text, or null when there is none; `cache` keeps answers per folder.
 */
export function moduleKindOfPackage(
  filename: string,
  readFile: (file: string) => string | null,
  cache?: Map<string, ModuleKind | undefined>,
): ModuleKind | undefined {
  if (/\.m[jt]s$/.test(filename)) return 'esm';
  if (/\.c[jt]s$/.test(filename)) return 'cjs';
  const visited: string[] = [];
  let kind: ModuleKind | undefined;
  for (let folder = path.dirname(path.resolve(filename)); ; folder = path.dirname(folder)) {
    if (cache?.has(folder)) {
      kind = cache.get(folder);
      break;
    }
    visited.push(folder);
    const text = readFile(path.join(folder, 'package.json'));
    if (text !== null) {
      kind = packageType(text);
      break;
    }
    if (path.dirname(folder) === folder) break;
  }
  for (const folder of visited) cache?.set(folder, kind);
  return kind;
}

function packageType(text: string): ModuleKind | undefined {
  try {
    const json = JSON.parse(text) as { type?: unknown } | null;
    return json !== null && typeof json === 'object' && json.type === 'module' ? 'esm' : 'cjs';
  } catch {
    return undefined;
  }
}

import type { Program } from './ast';

/**
 * Whether a file runs as an ES module (top-level `await` allowed): said by the caller (ESLint's
 * `sourceType`), else by the extension (`.mjs`/`.mts` yes, `.cjs`/`.cts` no), else by import/export syntax.
 */
export function isEsModule(program: Program, filename: string, moduleKind: 'esm' | 'cjs' | undefined): boolean {
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

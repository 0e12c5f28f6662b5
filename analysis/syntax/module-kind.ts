import path from 'node:path';
import { forEachChild, isFunction, type Node, type Program } from './ast';

export type ModuleKind = 'esm' | 'cjs';

/** Whether the file is written with import/export declarations. */
export function hasModuleSyntax(program: Program): boolean {
  return program.body.some(
    (statement) =>
      statement.type === 'ImportDeclaration' ||
      statement.type === 'ExportNamedDeclaration' ||
      statement.type === 'ExportDefaultDeclaration' ||
      statement.type === 'ExportAllDeclaration',
  );
}

/**
 * The module kind a file runs as whoever runs it, for a rewrite that must start under it: said by the
 * caller (the file's package), else by the extension, else by the syntax. Only an ES module can hold
 * top-level `await` or `import.meta`, and a file without import/export syntax runs as CommonJS.
 * Undefined for import/export syntax with nothing else to go by: Node then runs a file as an ES module,
 * while tsx compiles a `.ts` file to CommonJS, where neither top-level `await` nor `import.meta` works.
 */
export function certainModuleKind(program: Program, filename: string, moduleKind: ModuleKind | undefined): ModuleKind | undefined {
  if (moduleKind) return moduleKind;
  if (/\.m[jt]s$/.test(filename)) return 'esm';
  if (/\.c[jt]s$/.test(filename)) return 'cjs';
  if (startupProblems(program, 'cjs', { script: false }).length > 0) return 'esm';
  return hasModuleSyntax(program) ? undefined : 'cjs';
}

/** A construct that stops a file from starting under a module kind, and where it is. */
export interface StartupProblem {
  /** How a reason names it: "top-level `await`", "`import.meta`". */
  readonly construct: string;
  readonly range: readonly [number, number];
}

/**
 * The constructs that keep `program` from starting as `kind`. CommonJS has no top-level `await` (nor
 * `for await` or `await using` there) and no `import.meta`; a CommonJS `script` that nothing compiles
 * (a `.js` or `.cjs` file Node runs as it is) holds no import/export declarations either. An ES module
 * has no syntax CommonJS would accept and it would not, beyond what the parser already rejects.
 */
export function startupProblems(program: Program, kind: ModuleKind, options: { readonly script: boolean }): StartupProblem[] {
  const problems: StartupProblem[] = [];
  if (kind === 'esm') return problems;
  const visit = (node: Node, topLevel: boolean): void => {
    const construct = commonJsProblem(node, topLevel, options.script);
    if (construct) problems.push({ construct, range: node.range });
    // A function's own `await` waits in the function; `import.meta` is a problem wherever it is.
    forEachChild(node, (child) => visit(child, topLevel && !isFunction(child)));
  };
  visit(program, true);
  return problems;
}

function commonJsProblem(node: Node, topLevel: boolean, script: boolean): string | null {
  if (node.type === 'MetaProperty' && node.meta.name === 'import') return '`import.meta`';
  if (script && /^(?:Import|Export(?:Named|Default|All))Declaration$/.test(node.type)) return 'an import or export declaration';
  if (!topLevel) return null;
  if (node.type === 'AwaitExpression') return 'top-level `await`';
  if (node.type === 'ForOfStatement' && node.await) return 'top-level `for await`';
  if (node.type === 'VariableDeclaration' && node.kind === 'await using') return 'top-level `await using`';
  return null;
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

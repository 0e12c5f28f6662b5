import { builtinModules } from 'node:module';
import path from 'node:path';
import type { Program } from '../syntax/ast';
import type { DeclarationModule, DeclarationResolver } from '../lifetime/imports';
import type { ModuleHost } from './module-graph';

/*
 * The trees the declared-types reader reads beyond the linted file: the project's own modules (parsed by
 * the host, with the linted file's parser) and installed packages' type declarations, found as TypeScript
 * finds them (`exports` `types` conditions, `types`/`typings`, `index.d.ts`, then `@types/<name>`) and
 * parsed by the caller's declaration parser. Only what a file imports is read, once per file version and
 * process: a file's cost depends on the packages it imports, not on the size of node_modules.
 */

export interface DeclarationFilesOptions {
  /** Parses a package's `.d.ts` file (the linted file's parser may not read TypeScript); throws when it does not parse. */
  readonly parseDeclarations: (file: string, source: string) => Program;
  /** Read the project's own modules (relative imports); the rules' `followImports`. */
  readonly projectModules: boolean;
  /** Read installed packages' declarations; the rules' `followPackageTypes`. */
  readonly packages: boolean;
}

const NODE_BUILTINS = new Set(builtinModules);
const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const DECLARATION_EXTENSIONS = ['.d.ts', '.d.mts', '.d.cts'];
/** A declaration file's name for a JavaScript file (`./client.js` → `./client.d.ts`). */
const DECLARATION_OF: Readonly<Record<string, string>> = { '.js': '.d.ts', '.mjs': '.d.mts', '.cjs': '.d.cts', '.ts': '.d.ts' };
/** Conditions of `exports` that lead to declarations, in the order TypeScript's resolution tries them. */
const CONDITIONS = ['types', 'typings', 'import', 'require', 'node', 'default'];

export function isDeclarationFile(file: string): boolean {
  return /\.d\.[cm]?ts$/.test(file);
}

export function createDeclarationResolver(host: ModuleHost, options: DeclarationFilesOptions): DeclarationResolver {
  const modules = new Map<string, { readonly version: string | number | null; readonly module: DeclarationModule | null }>();
  const packageDirs = new Map<string, string | null>();
  const entries = new Map<string, string | null>();

  const parseDeclarations = (file: string, source: string): Program | null => {
    try {
      return options.parseDeclarations(file, source);
    } catch {
      return null; // a declaration file that does not parse declares nothing we can read
    }
  };
  const read = (file: string): DeclarationModule | null => {
    const version = host.version?.(file) ?? null;
    const known = modules.get(file);
    if (known && known.version === version) return known.module;
    const source = host.readFile(file);
    const program = source === null ? null : isDeclarationFile(file) ? parseDeclarations(file, source) : host.parse(file, source);
    const module = program ? { file, program } : null;
    modules.set(file, { version, module });
    return module;
  };
  const exists = (file: string): boolean => host.readFile(file) !== null;
  const firstExisting = (candidates: readonly string[]): string | null => candidates.find(exists) ?? null;

  /** A relative specifier: a declaration file inside a package, or a project module (or the declarations beside it). */
  function relative(fromFile: string, specifier: string): string | null {
    const base = path.resolve(path.dirname(fromFile), specifier);
    const extension = path.extname(base);
    const stem = extension in DECLARATION_OF ? base.slice(0, -extension.length) : base;
    const declarations = [
      ...(isDeclarationFile(base) ? [base] : []),
      ...DECLARATION_EXTENSIONS.map((candidate) => stem + candidate),
      ...DECLARATION_EXTENSIONS.map((candidate) => path.join(base, `index${candidate}`)),
    ];
    if (isDeclarationFile(fromFile) || insidePackage(fromFile)) return firstExisting(declarations);
    if (!options.projectModules) return null;
    const sources = SOURCE_EXTENSIONS.includes(extension)
      ? [base, ...(extension === '.js' ? [`${stem}.ts`, `${stem}.tsx`] : extension === '.mjs' ? [`${stem}.mts`] : extension === '.cjs' ? [`${stem}.cts`] : [])]
      : [...SOURCE_EXTENSIONS.map((candidate) => base + candidate), ...SOURCE_EXTENSIONS.map((candidate) => path.join(base, `index${candidate}`))];
    return firstExisting(sources.filter((candidate) => !isDeclarationFile(candidate))) ?? firstExisting(declarations);
  }

  /** The folder of the installed package `name`, as Node looks for it from `fromFile`. */
  function packageDir(fromFile: string, name: string): string | null {
    const key = `${path.dirname(fromFile)}\0${name}`;
    if (packageDirs.has(key)) return packageDirs.get(key)!;
    let found: string | null = null;
    for (let dir = path.dirname(fromFile); ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'node_modules', name);
      if (exists(path.join(candidate, 'package.json'))) {
        found = candidate;
        break;
      }
      if (path.dirname(dir) === dir) break;
    }
    packageDirs.set(key, found);
    return found;
  }

  /** The declaration file of a package's entry (`''`) or subpath (`'sub/path'`). */
  function packageEntry(dir: string, subpath: string): string | null {
    const key = `${dir}\0${subpath}`;
    if (entries.has(key)) return entries.get(key)!;
    let manifest: Record<string, unknown> = {};
    try {
      manifest = JSON.parse(host.readFile(path.join(dir, 'package.json')) ?? '{}') as Record<string, unknown>;
    } catch {
      // a package.json that does not parse names no entry
    }
    const exported = exportsTarget(manifest.exports, subpath === '' ? '.' : `./${subpath}`);
    const fromExports = exported === null ? null : declarationFor(path.join(dir, exported));
    let entry: string | null;
    if (fromExports !== null) entry = fromExports;
    else if (subpath === '') {
      const declared = typeof manifest.types === 'string' ? manifest.types : typeof manifest.typings === 'string' ? manifest.typings : null;
      const main = typeof manifest.main === 'string' ? manifest.main : 'index.js';
      entry =
        (declared !== null ? declarationFor(path.join(dir, declared)) : null) ??
        declarationFor(path.join(dir, main)) ??
        firstExisting([path.join(dir, 'index.d.ts')]);
    } else entry = declarationFor(path.join(dir, subpath));
    entries.set(key, entry);
    return entry;
  }

  /** A path written in a manifest, as the declaration file it is or has beside it. */
  function declarationFor(target: string): string | null {
    if (isDeclarationFile(target)) return firstExisting([target]);
    const extension = path.extname(target);
    const stem = extension in DECLARATION_OF ? target.slice(0, -extension.length) : target;
    return firstExisting([
      ...DECLARATION_EXTENSIONS.map((candidate) => stem + candidate),
      ...DECLARATION_EXTENSIONS.map((candidate) => path.join(target, `index${candidate}`)),
    ]);
  }

  function bare(fromFile: string, specifier: string): string | null {
    if (!options.packages || specifier.startsWith('node:') || NODE_BUILTINS.has(specifier)) return null;
    const parts = specifier.split('/');
    const nameLength = specifier.startsWith('@') ? 2 : 1;
    if (parts.length < nameLength || parts.some((part) => part === '' || part === '.' || part === '..')) return null;
    const name = parts.slice(0, nameLength).join('/');
    const subpath = parts.slice(nameLength).join('/');
    const dir = packageDir(fromFile, name);
    const own = dir ? packageEntry(dir, subpath) : null;
    if (own) return own;
    const typesName = `@types/${name.startsWith('@') ? name.slice(1).replace('/', '__') : name}`;
    const types = packageDir(fromFile, typesName);
    return types ? packageEntry(types, subpath) : null;
  }

  return (fromFile, specifier) => {
    try {
      const file = specifier.startsWith('./') || specifier.startsWith('../') ? relative(fromFile, specifier) : bare(fromFile, specifier);
      return file === null ? null : read(file);
    } catch {
      return null; // a module that cannot be read is not reasoned about
    }
  };
}

function insidePackage(file: string): boolean {
  return file.split(path.sep).includes('node_modules');
}

/** What `exports` maps a subpath to, following the declaration conditions; null when it says nothing. */
function exportsTarget(exports: unknown, subpath: string): string | null {
  if (exports === undefined || exports === null) return null;
  if (typeof exports === 'string' || Array.isArray(exports)) return subpath === '.' ? conditionTarget(exports) : null;
  if (typeof exports !== 'object') return null;
  const map = exports as Record<string, unknown>;
  const keys = Object.keys(map);
  if (keys.length > 0 && keys.every((key) => !key.startsWith('.'))) return subpath === '.' ? conditionTarget(map) : null;
  if (subpath in map) return conditionTarget(map[subpath]);
  // `"./*": "./dist/*.js"` patterns.
  for (const key of keys) {
    const star = key.indexOf('*');
    if (star === -1 || !subpath.startsWith(key.slice(0, star)) || !subpath.endsWith(key.slice(star + 1))) continue;
    const target = conditionTarget(map[key]);
    return target === null ? null : target.replace('*', subpath.slice(star, subpath.length - (key.length - star - 1)));
  }
  return null;
}

function conditionTarget(target: unknown): string | null {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) {
    for (const entry of target) {
      const found = conditionTarget(entry);
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof target !== 'object' || target === null) return null;
  const conditions = target as Record<string, unknown>;
  for (const condition of CONDITIONS) {
    if (!(condition in conditions)) continue;
    const found = conditionTarget(conditions[condition]);
    if (found !== null) return found;
  }
  return null;
}

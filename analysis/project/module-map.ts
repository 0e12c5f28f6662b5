import { isBuiltin } from 'node:module';
import path from 'node:path';
import { splitPackageSpecifier, subpathTargets } from './package-fields';
import type { ProjectFiles } from './project-files';

/*
 * Where a specifier leads in the project's own code. Relative specifiers as Node and TypeScript's bundler
 * resolution find them; and the non-relative ones the project maps to its own files:
 *
 * 1. `#lib/x`: the `imports` of the nearest package.json (Node's subpath imports);
 * 2. the `paths` (then `baseUrl`) of the nearest tsconfig.json or jsconfig.json, following `extends`;
 * 3. the `alias` and `root` of babel-plugin-module-resolver in the nearest babel.config.json or .babelrc;
 * 4. a package found as Node finds it (`node_modules` upward) whose real path is outside any
 *    `node_modules`: a workspace package (npm, yarn, pnpm link them) or a `file:` dependency.
 *
 * Anything else is not the project's code and stays unknown: Node's built-ins, and installed packages
 * (whose real path is in a `node_modules`): we do not analyse package JavaScript.
 *
 * A package's entry (`exports`, else `source`, `types`, `module`, `main`) often names build output that
 * is not there yet or is compiled (`dist/index.js`, `dist/index.d.ts`); TypeScript projects compile
 * `src/` to it. So an entry is read as its source when there is one (see `entrySource`).
 */

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const TS_SOURCES = ['.ts', '.tsx', '.mts', '.cts'];
/** TypeScript sources import each other by their output's name (`./util.js` for `util.ts`). */
const SOURCES_OF_OUTPUT: Readonly<Record<string, readonly string[]>> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };
const DECLARATION = /\.d\.[mc]?ts$/;
/** Aliases that lead to other aliases (a babel alias to a `paths` entry) are followed this deep. */
const MAX_DEPTH = 4;

type Json = unknown;
const isObject = (value: Json): value is Record<string, Json> => typeof value === 'object' && value !== null && !Array.isArray(value);
const stringField = (value: Json, name: string): string | null => (isObject(value) && typeof value[name] === 'string' ? value[name] : null);

/** compilerOptions a module map reads, each resolved against the config that sets it. */
interface CompilerPaths {
  readonly baseUrl: string | null;
  readonly paths: Readonly<Record<string, readonly string[]>> | null;
  /** What `paths` are relative to: `baseUrl`, or the folder of the config that sets them. */
  readonly pathsBase: string;
  readonly outDir: string | null;
  readonly rootDir: string | null;
}

export interface ModuleMap {
  /** The project file `specifier` names from `fromFile`, or null when it is not the project's (or not there). */
  resolve(fromFile: string, specifier: string): string | null;
  /** The folder `node_modules/<name>` leads to from `folder` as Node looks (upward), links followed; null when none. */
  packageFolder(folder: string, name: string): string | null;
}

export function createModuleMap(files: ProjectFiles): ModuleMap {
  /** A file as a specifier names it: itself, its source for an output name, or with an extension or `/index`. */
  function findFile(base: string): string | null {
    const extension = path.extname(base);
    const candidates: string[] = [];
    if (EXTENSIONS.includes(extension)) {
      candidates.push(base);
      for (const source of SOURCES_OF_OUTPUT[extension] ?? []) candidates.push(base.slice(0, -extension.length) + source);
    } else {
      for (const candidate of EXTENSIONS) candidates.push(base + candidate);
      for (const candidate of EXTENSIONS) candidates.push(path.join(base, `index${candidate}`));
    }
    return candidates.find((file) => !DECLARATION.test(file) && files.exists(file)) ?? null;
  }

  /** The nearest of `names` in `folder` or above it. */
  function nearest(folder: string, names: readonly string[]): string | null {
    return files.memo(`nearest\0${names.join()}\0${folder}`, () => {
      for (const name of names) if (files.exists(path.join(folder, name))) return path.join(folder, name);
      const parent = path.dirname(folder);
      return parent === folder ? null : nearest(parent, names);
    });
  }

  /** The folder `node_modules/<name>` leads to from `folder` as Node looks (upward), once links are followed. */
  function findPackage(folder: string, name: string): string | null {
    for (let dir = folder; ; dir = path.dirname(dir)) {
      if (path.basename(dir) !== 'node_modules') {
        const real = files.realPath(path.join(dir, 'node_modules', name));
        if (real !== null) return real;
      }
      if (path.dirname(dir) === dir) return null;
    }
  }

  // ── tsconfig.json / jsconfig.json ────────────────────────────────────────────────────────────────
  function compilerPaths(config: string): CompilerPaths {
    return files.memo(`tsconfig\0${config}`, () => {
      const found = new Map<'baseUrl' | 'paths' | 'outDir' | 'rootDir', { readonly value: Json; readonly dir: string }>();
      readConfig(config, found, new Set());
      const configDir = path.dirname(config);
      const resolved = (name: 'baseUrl' | 'outDir' | 'rootDir'): string | null => {
        const option = found.get(name);
        return typeof option?.value === 'string' ? path.resolve(option.dir, option.value.replaceAll('${configDir}', configDir)) : null;
      };
      const paths = found.get('paths');
      const baseUrl = resolved('baseUrl');
      const valid = isObject(paths?.value) ? (paths.value as Record<string, Json>) : null;
      const mapped =
        valid &&
        Object.fromEntries(
          Object.entries(valid).map(([key, targets]) => [
            key,
            Array.isArray(targets)
              ? targets.filter((target) => typeof target === 'string').map((target: string) => target.replaceAll('${configDir}', configDir))
              : [],
          ]),
        );
      return { baseUrl, paths: mapped, pathsBase: baseUrl ?? paths?.dir ?? configDir, outDir: resolved('outDir'), rootDir: resolved('rootDir') };
    });
  }

  /** `found` gets the options of `config` over those of what it `extends` (a later `extends` over an earlier one). */
  function readConfig(config: string, found: Map<string, { readonly value: Json; readonly dir: string }>, seen: Set<string>): void {
    if (seen.has(config)) return;
    seen.add(config);
    const json = files.json(config);
    if (!isObject(json)) return;
    const extended = typeof json.extends === 'string' ? [json.extends] : Array.isArray(json.extends) ? json.extends : [];
    for (const name of extended) {
      const file = typeof name === 'string' ? extendedConfig(config, name) : null;
      if (file) readConfig(file, found, seen);
    }
    if (!isObject(json.compilerOptions)) return;
    for (const name of ['baseUrl', 'paths', 'outDir', 'rootDir']) {
      if (Object.hasOwn(json.compilerOptions, name)) found.set(name, { value: json.compilerOptions[name], dir: path.dirname(config) });
    }
  }

  /** `extends: './base'`, `'../tsconfig.base.json'`, `'@tsconfig/node20/tsconfig.json'`, `'@tsconfig/strictest'`. */
  function extendedConfig(config: string, name: string): string | null {
    const folder = path.dirname(config);
    if (name.startsWith('.') || path.isAbsolute(name)) {
      const file = path.resolve(folder, name);
      return [file, `${file}.json`].find((candidate) => files.exists(candidate)) ?? null;
    }
    const parts = splitPackageSpecifier(name);
    const root = parts && findPackage(folder, parts.name);
    if (!parts || root === null) return null;
    if (parts.subpath !== '.') {
      const file = path.join(root, parts.subpath);
      return [file, `${file}.json`].find((candidate) => files.exists(candidate)) ?? null;
    }
    const file = path.join(root, stringField(files.json(path.join(root, 'package.json')), 'tsconfig') ?? 'tsconfig.json');
    return files.exists(file) ? file : null;
  }

  function fromTsconfig(folder: string, specifier: string): string | null {
    const config = nearest(folder, ['tsconfig.json', 'jsconfig.json']);
    if (config === null) return null;
    const { paths, pathsBase, baseUrl } = compilerPaths(config);
    const targets = paths ? subpathTargets(Object.fromEntries(Object.entries(paths).map(([key, value]) => [`.${key}`, value])), `.${specifier}`) : [];
    for (const target of targets) {
      const file = findFile(path.resolve(pathsBase, target));
      if (file) return file;
    }
    return baseUrl === null ? null : findFile(path.resolve(baseUrl, specifier));
  }

  // ── babel-plugin-module-resolver ─────────────────────────────────────────────────────────────────
  function fromBabel(folder: string, specifier: string, depth: number): string | null {
    const config = nearest(folder, ['babel.config.json', '.babelrc', '.babelrc.json']);
    const json = config === null ? null : files.json(config);
    const plugins = isObject(json) && Array.isArray(json.plugins) ? json.plugins : [];
    const plugin = plugins.find((entry) => Array.isArray(entry) && /^(babel-plugin-)?module-resolver$/.test(String(entry[0]))) as Json[] | undefined;
    const options = plugin?.[1];
    if (config === null || !isObject(options)) return null;
    const base = path.dirname(config);
    if (isObject(options.alias)) {
      for (const [key, value] of Object.entries(options.alias)) {
        if (typeof value !== 'string') continue;
        let replaced: string | null = null;
        if (key.startsWith('^')) {
          try {
            const pattern = new RegExp(key);
            // `"^@app/(.+)": "./src/\\1"`: the plugin's back-references are `\1`, JavaScript's `$1`.
            if (pattern.test(specifier)) replaced = specifier.replace(pattern, value.replace(/\\(\d)/g, '$$$1'));
          } catch {
            continue; // not a pattern
          }
        } else if (specifier === key || specifier.startsWith(`${key}/`)) replaced = value + specifier.slice(key.length);
        if (replaced === null) continue;
        return replaced.startsWith('.') || path.isAbsolute(replaced) ? findFile(path.resolve(base, replaced)) : resolveBare(base, replaced, depth + 1);
      }
    }
    const roots = typeof options.root === 'string' ? [options.root] : Array.isArray(options.root) ? options.root : [];
    for (const root of roots) {
      const file = typeof root === 'string' ? findFile(path.resolve(base, root, specifier)) : null;
      if (file) return file;
    }
    return null;
  }

  // ── packages ─────────────────────────────────────────────────────────────────────────────────────
  /** `#lib/x` through the `imports` of the nearest package.json. */
  function fromPackageImports(folder: string, specifier: string, depth: number): string | null {
    const manifest = nearest(folder, ['package.json']);
    const imports = manifest === null ? undefined : (files.json(manifest) as { imports?: Json } | null)?.imports;
    if (manifest === null || imports === undefined) return null;
    const root = path.dirname(manifest);
    for (const target of subpathTargets(imports, specifier)) {
      const file = target.startsWith('./') ? entrySource(root, path.resolve(root, target)) : resolveBare(root, target, depth + 1);
      if (file) return file;
    }
    return null;
  }

  /** A workspace package's module (`@acme/utils`, `@acme/utils/sub`); null for an installed package. */
  function fromWorkspace(folder: string, specifier: string): string | null {
    const parts = splitPackageSpecifier(specifier);
    const root = parts && findPackage(folder, parts.name);
    if (!parts || root === null || root.split(path.sep).includes('node_modules')) return null;
    const manifest = files.json(path.join(root, 'package.json'));
    if (isObject(manifest) && manifest.exports !== undefined && manifest.exports !== null) {
      for (const target of subpathTargets(manifest.exports, parts.subpath)) {
        const file = target.startsWith('./') ? entrySource(root, path.resolve(root, target)) : null;
        if (file) return file;
      }
      return null; // `exports` is all the package lets in
    }
    if (parts.subpath !== '.') return entrySource(root, path.resolve(root, parts.subpath));
    for (const field of ['source', 'types', 'typings', 'module', 'main']) {
      const entry = stringField(manifest, field);
      const file = entry === null ? null : entrySource(root, path.resolve(root, entry));
      if (file) return file;
    }
    return findFile(path.join(root, 'index'));
  }

  /**
   * The source of a package's entry. An entry under the package's tsconfig `outDir` is its `rootDir`'s
   * file of the same name; otherwise a compiled entry (`dist/index.js`, `dist/esm/index.d.ts`) is looked
   * for under `src/` with the same relative name, without its one or two build folders (`src/index.ts`).
   * A TypeScript source is taken first, then the entry itself when it is there and is not a declaration
   * file (a workspace package written in JavaScript).
   */
  function entrySource(root: string, entry: string): string | null {
    if (TS_SOURCES.includes(path.extname(entry)) && !DECLARATION.test(entry) && files.exists(entry)) return entry;
    const stem = entry.replace(/(\.d)?\.[mc]?[jt]sx?$/, '');
    const relative = path.relative(root, stem);
    if (!relative.startsWith('..') && !path.isAbsolute(relative)) {
      const stems: string[] = [];
      const config = path.join(root, 'tsconfig.json');
      const { outDir, rootDir } = files.exists(config) ? compilerPaths(config) : { outDir: null, rootDir: null };
      if (outDir !== null) {
        const inOutput = path.relative(outDir, stem);
        if (!inOutput.startsWith('..') && !path.isAbsolute(inOutput)) stems.push(path.join(rootDir ?? path.join(root, 'src'), inOutput));
      }
      const segments = relative.split(path.sep);
      for (let drop = 1; drop <= Math.min(2, segments.length - 1); drop++) stems.push(path.join(root, 'src', ...segments.slice(drop)));
      for (const candidate of stems) {
        const file = TS_SOURCES.map((extension) => candidate + extension).find((name) => files.exists(name));
        if (file) return file;
      }
    }
    return findFile(entry);
  }

  function resolveBare(folder: string, specifier: string, depth: number): string | null {
    if (depth > MAX_DEPTH || isBuiltin(specifier)) return null;
    if (specifier.startsWith('#')) return fromPackageImports(folder, specifier, depth);
    return fromTsconfig(folder, specifier) ?? fromBabel(folder, specifier, depth) ?? fromWorkspace(folder, specifier);
  }

  return {
    resolve(fromFile, specifier) {
      const folder = path.dirname(fromFile);
      if (specifier.startsWith('./') || specifier.startsWith('../')) {
        return files.memo(`relative\0${folder}\0${specifier}`, () => findFile(path.resolve(folder, specifier)));
      }
      if (isBuiltin(specifier) || path.isAbsolute(specifier)) return null;
      return files.memo(`bare\0${folder}\0${specifier}`, () => resolveBare(folder, specifier, 0));
    },
    packageFolder: (folder, name) => files.memo(`package\0${folder}\0${name}`, () => findPackage(folder, name)),
  };
}

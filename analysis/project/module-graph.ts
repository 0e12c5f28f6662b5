import path from 'node:path';
import type { FunctionNode, Program } from '../syntax/ast';
import { summarizeModule } from '../lifetime/analyze';
import { createAnalysisOptions } from '../lifetime/options';
import type { ExternalFunction, ImportResolver } from '../lifetime/imports';

export type { ExternalFunction, ImportResolver };

/*
 * Cross-module summaries: what a function another module exports does to its caller, so that an
 * imported `fatal()` that exits, an imported `upload()` that returns a pending promise or an imported
 * `build()` that blocks count in the importing file as same-file functions do. Pure: the file system
 * and the parser come in through a `ModuleHost`; each module is read, parsed and analysed once.
 */

export interface ModuleHost {
  /** The file's text, or null when there is no such file. */
  readFile(file: string): string | null;
  /** The file's syntax tree (ESTree), or null when it does not parse. */
  parse(file: string, source: string): Program | null;
  /**
   * Changes when the file (or the folder: its list of files) changes, its modification time, so a
   * long-lived process (an editor's ESLint server) reads it again.
   */
  version?(file: string): string | number | null;
}

/** Where a module's export comes from: a function of its own, or another module's export. */
type ExportEntry = { readonly describe: () => ExternalFunction | null } | { readonly from: string; readonly name: string };

interface ModuleExports {
  readonly file: string;
  readonly version: string | number | null;
  readonly names: ReadonlyMap<string, ExportEntry>;
  /** `export * from '../other'`. */
  readonly star: readonly string[];
}

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
/** TypeScript sources import each other by their output's name (`./util.js` for `util.ts`). */
const SOURCES_OF_OUTPUT: Readonly<Record<string, readonly string[]>> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };

export function createImportResolver(host: ModuleHost): ImportResolver {
  const modules = new Map<string, ModuleExports | null>();
  const loading = new Set<string>();

  /** Where each specifier led, with the version of the folder it names (adding a file there changes it). */
  const resolved = new Map<string, { readonly file: string | null; readonly folderVersion: string | number | null }>();
  /** Texts read to find a module, kept for the read that loads it (one read per file and version). */
  const texts = new Map<string, { readonly version: string | number | null; readonly text: string | null }>();
  const readText = (file: string, version: string | number | null = host.version?.(file) ?? null): string | null => {
    const known = texts.get(file);
    if (known && version !== null && known.version === version) return known.text;
    const text = host.readFile(file);
    texts.set(file, { version, text });
    return text;
  };
  const exists = (file: string): boolean => readText(file) !== null;

  /** A relative specifier's file, as Node and TypeScript's bundler resolution find it; bare specifiers are not followed. */
  function resolveFile(fromFile: string, specifier: string): string | null {
    if (!specifier.startsWith('./') && !specifier.startsWith('../')) return null;
    const key = `${path.dirname(fromFile)}\0${specifier}`;
    const folderVersion = host.version?.(path.dirname(path.resolve(path.dirname(fromFile), specifier))) ?? null;
    const known = resolved.get(key);
    if (known !== undefined && known.folderVersion === folderVersion) return known.file;
    const file = findFile(fromFile, specifier);
    resolved.set(key, { file, folderVersion });
    return file;
  }

  function findFile(fromFile: string, specifier: string): string | null {
    const base = path.resolve(path.dirname(fromFile), specifier);
    const extension = path.extname(base);
    const candidates: string[] = [];
    if (EXTENSIONS.includes(extension)) {
      candidates.push(base);
      for (const source of SOURCES_OF_OUTPUT[extension] ?? []) candidates.push(base.slice(0, -extension.length) + source);
    } else {
      for (const candidate of EXTENSIONS) candidates.push(base + candidate);
      for (const candidate of EXTENSIONS) candidates.push(path.join(base, `index${candidate}`));
    }
    return candidates.find(exists) ?? null;
  }

  function load(file: string): ModuleExports | null {
    const version = host.version?.(file) ?? null;
    const known = modules.get(file);
    if (known !== undefined && (known === null || known.version === version)) return known;
    if (loading.has(file)) return null; // an import cycle: what is still being read is not known yet
    loading.add(file);
    let exports: ModuleExports | null;
    try {
      exports = read(file, version);
    } catch {
      exports = null; // a module that cannot be analysed is not reasoned about
    } finally {
      loading.delete(file);
    }
    modules.set(file, exports);
    return exports;
  }

  function read(file: string, version: string | number | null): ModuleExports | null {
    const source = readText(file, version);
    const program = source === null ? null : host.parse(file, source);
    if (source === null || program === null) return null;
    const module = summarizeModule(program, source, createAnalysisOptions({ filename: file, resolveImport: resolver }));
    // Summarised on first use, once: a caller that uses one export of a large module pays for that one.
    const describe = (fn: FunctionNode): (() => ExternalFunction | null) => {
      let known: ExternalFunction | null | undefined;
      return () => {
        if (known !== undefined) return known;
        try {
          const summary = module.summarize(fn);
          known = {
            returnsPendingPromise: summary.returnsPendingPromise,
            mayExit: summary.mayExit !== null,
            mayBlock: summary.mayBlock && { kind: summary.mayBlock.kind, durationMs: summary.mayBlock.durationMs },
            leavesWorkPending: summary.leavesWorkPending,
          };
        } catch {
          known = null; // too deep to walk: not reasoned about
        }
        return known;
      };
    };
    const names = new Map<string, ExportEntry>();
    for (const [fn, name] of module.exports) names.set(name, { describe: describe(fn) });
    const star: string[] = [];
    for (const statement of program.body) {
      if (statement.type === 'ExportAllDeclaration' && !statement.exported) star.push(statement.source.value);
      if (statement.type !== 'ExportNamedDeclaration' || !statement.source) continue;
      for (const specifier of statement.specifiers) {
        const exported = specifier.exported.type === 'Identifier' ? specifier.exported.name : specifier.exported.value;
        const local = specifier.local.type === 'Identifier' ? specifier.local.name : specifier.local.value;
        names.set(exported, { from: statement.source.value, name: local });
      }
    }
    // `import { fatal } from '../log'; export { fatal };`: a re-export of an import.
    for (const statement of program.body) {
      if (statement.type !== 'ExportNamedDeclaration' || statement.source) continue;
      for (const specifier of statement.specifiers) {
        if (specifier.local.type !== 'Identifier') continue;
        const binding = module.scope.moduleScope.bindings.get(specifier.local.name);
        if (binding?.kind !== 'import' || binding.importSource === null || binding.importedName === null) continue;
        const exported = specifier.exported.type === 'Identifier' ? specifier.exported.name : specifier.exported.value;
        if (!names.has(exported)) names.set(exported, { from: binding.importSource, name: binding.importedName });
      }
    }
    return { file, version, names, star };
  }

  function lookup(module: ModuleExports, name: string, seen: Set<string>): ExternalFunction | null {
    const key = `${module.file}#${name}`;
    if (seen.has(key)) return null;
    seen.add(key);
    const entry = module.names.get(name);
    if (entry && 'describe' in entry) return entry.describe();
    if (entry) return find(module.file, entry.from, entry.name, seen);
    if (name === 'default') return null;
    for (const specifier of module.star) {
      const found = find(module.file, specifier, name, seen);
      if (found) return found;
    }
    return null;
  }

  function find(fromFile: string, specifier: string, name: string, seen: Set<string>): ExternalFunction | null {
    const file = resolveFile(fromFile, specifier);
    const module = file === null ? null : load(file);
    return module ? lookup(module, name, seen) : null;
  }

  const resolver: ImportResolver = (fromFile, specifier, name) => find(fromFile, specifier, name, new Set());
  return resolver;
}

import type { FunctionNode } from '../syntax/ast';
import { summarizeModule } from '../lifetime/analyze';
import { textMayEndOrBlock, textSpecifiers } from '../lifetime/end-reach';
import { createAnalysisOptions, summaryOptions, type AnalysisOptions, type ImportResolver } from '../lifetime/options';
import type { ExternalFunction } from '../lifetime/imports';
import type { LRUCache } from 'lru-cache';
import { boundedCache } from './cache-limits';
import type { Version } from './project-files';
import { projectModulesOf, type ModuleHost } from './project-modules';

export type { ExternalFunction, ImportResolver, ModuleHost };

/*
 * Cross-module summaries: what a function another module exports does to its caller, so that an
 * imported `fatal()` that exits, an imported `upload()` that returns a pending promise or an imported
 * `build()` that blocks count in the importing file as same-file functions do. Which module a specifier
 * names, relative or mapped (tsconfig `paths`, a workspace package, `#imports`), is module-map.ts's
 * answer. Pure: the file system and the parser come in through a `ModuleHost`; each module is read and
 * parsed once, and analysed once per configuration, and again when it changes.
 */

/** Where a module's export comes from: a function of its own, or another module's export. */
type ExportEntry = { readonly describe: () => ExternalFunction | null; readonly mayEnd: () => boolean } | { readonly from: string; readonly name: string };

interface ModuleExports {
  readonly file: string;
  readonly version: Version;
  readonly names: ReadonlyMap<string, ExportEntry>;
  /** `export * from '../other'`. */
  readonly star: readonly string[];
}

/**
 * Modules are summarised with the importing file's options (`exitFunctions`, `closeMethods`, …: those
 * SUMMARY_OPTIONS names), so that a helper calling a configured exit function exits for its caller too;
 * each configuration has its own summaries, and pays for a module once.
 */
export function createImportResolver(host: ModuleHost): ImportResolver {
  const { files, moduleMap, parse } = projectModulesOf(host);
  /** Each configuration's modules, by the key of its summary options. */
  const configurations = new Map<string, Configuration>();

  interface Configuration {
    readonly options: Omit<AnalysisOptions, 'filename'>;
    /** Each module's exports, with the version read (null: it could not be analysed, until it changes). */
    readonly modules: LRUCache<string, { readonly version: Version; readonly exports: ModuleExports | null; readonly size: number }>;
    readonly loading: Set<string>;
    /** Modules that can neither exit nor block, nor import one that can, with the version read. */
    readonly quiet: LRUCache<string, { readonly version: Version }>;
    /** What each module's own text says: whether it may exit or block, and the modules it imports. */
    readonly texts: LRUCache<string, { readonly version: Version; readonly mayEnd: boolean; readonly imports: readonly string[] }>;
  }

  function configurationOf(options: AnalysisOptions): Configuration {
    const summary = summaryOptions(options);
    const key = JSON.stringify(summary);
    let configuration = configurations.get(key);
    if (!configuration) {
      configuration = {
        options: { ...summary, resolveImport: resolver },
        modules: boundedCache('modules', (entry) => entry.size),
        loading: new Set(),
        quiet: boundedCache('answers'),
        texts: boundedCache('answers'),
      };
      configurations.set(key, configuration);
    }
    return configuration;
  }

  function load(configuration: Configuration, file: string): ModuleExports | null {
    const { modules, loading } = configuration;
    const version = host.version?.(file) ?? null;
    const known = modules.get(file);
    if (known !== undefined && known.version === version) return known.exports;
    if (loading.has(file)) return null; // an import cycle: what is still being read is not known yet
    loading.add(file);
    let exports: ModuleExports | null;
    try {
      exports = read(configuration, file, version);
    } catch {
      exports = null; // a module that cannot be analysed is not reasoned about
    } finally {
      loading.delete(file);
    }
    // A summary keeps its module's tree: it counts as large as the module's text.
    modules.set(file, { version, exports, size: files.text(file, version)?.length ?? 1 });
    return exports;
  }

  function read(configuration: Configuration, file: string, version: Version): ModuleExports | null {
    const source = files.text(file, version);
    const program = source === null ? null : parse(file, source);
    if (source === null || program === null) return null;
    const module = summarizeModule(program, source, createAnalysisOptions({ ...configuration.options, filename: file }));
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
    const mayEnd = (fn: FunctionNode) => (): boolean => {
      try {
        return module.mayEnd(fn);
      } catch {
        return true; // not decided: the walk decides
      }
    };
    const names = new Map<string, ExportEntry>();
    for (const [fn, name] of module.exports) names.set(name, { describe: describe(fn), mayEnd: mayEnd(fn) });
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

  function lookup(configuration: Configuration, module: ModuleExports, name: string, seen: Set<string>): ExternalFunction | null {
    const key = `${module.file}#${name}`;
    if (seen.has(key)) return null;
    seen.add(key);
    const entry = module.names.get(name);
    if (entry && 'describe' in entry) return entry.describe();
    if (entry) return find(configuration, module.file, entry.from, entry.name, seen);
    if (name === 'default') return null;
    for (const specifier of module.star) {
      const found = find(configuration, module.file, specifier, name, seen);
      if (found) return found;
    }
    return null;
  }

  function find(configuration: Configuration, fromFile: string, specifier: string, name: string, seen: Set<string>): ExternalFunction | null {
    const file = moduleMap.resolve(fromFile, specifier);
    const module = file === null ? null : load(configuration, file);
    return module ? lookup(configuration, module, name, seen) : null;
  }

  /**
   * The module and everything it imports, read as text: if no text holds a word an exit or a blocking call
   * needs, none of its functions may end or block. A search that finds none clears every module it read.
   */
  function quietModule(configuration: Configuration, first: string): boolean {
    const { quiet } = configuration;
    const read = new Map<string, Version>([[first, null]]);
    const queue = [first];
    for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
      const version = host.version?.(file) ?? null;
      read.set(file, version);
      if (version !== null && quiet.get(file)?.version === version) continue;
      const text = textFacts(configuration, file, version);
      if (text === null) continue;
      if (text.mayEnd) return false;
      for (const next of text.imports) {
        if (!read.has(next)) {
          read.set(next, null);
          queue.push(next);
        }
      }
    }
    for (const [file, version] of read) if (version !== null) quiet.set(file, { version });
    return true;
  }

  function textFacts(configuration: Configuration, file: string, version: Version): { readonly mayEnd: boolean; readonly imports: readonly string[] } | null {
    const known = configuration.texts.get(file);
    if (known !== undefined && known.version === version && version !== null) return known;
    const source = files.text(file, version);
    if (source === null) return null;
    const imports = textSpecifiers(source).flatMap((specifier) => moduleMap.resolve(file, specifier) ?? []);
    const facts = { version, mayEnd: textMayEndOrBlock(source, configuration.options), imports };
    configuration.texts.set(file, facts);
    return facts;
  }

  /** Exports whose pass is under way: a cycle back to one of them is not decided, so it may end. */
  const reaching = new Set<string>();

  /**
   * Whether the export `name` of the module `specifier` names may exit or block: no when the module's text
   * and its imports' cannot (no parse), else by a pass over the module (parsed once; a walk that follows
   * reuses it). An export the walk could not follow either is no.
   */
  function mayEnd(fromFile: string, specifier: string, name: string, options: AnalysisOptions): boolean {
    const configuration = configurationOf(options);
    const file = moduleMap.resolve(fromFile, specifier);
    if (file === null || quietModule(configuration, file)) return false;
    return exportMayEnd(configuration, file, name, new Set());
  }

  function exportMayEnd(configuration: Configuration, file: string, name: string, seen: Set<string>): boolean {
    const key = `${file}#${name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    const module = load(configuration, file);
    if (module === null) return false;
    const entry = module.names.get(name);
    if (entry && 'mayEnd' in entry) {
      if (reaching.has(key)) return true;
      reaching.add(key);
      try {
        return entry.mayEnd();
      } finally {
        reaching.delete(key);
      }
    }
    const follow = (from: string, exported: string): boolean => {
      const next = moduleMap.resolve(module.file, from);
      return next !== null && exportMayEnd(configuration, next, exported, seen);
    };
    if (entry) return follow(entry.from, entry.name);
    if (name === 'default') return false;
    return module.star.some((from) => follow(from, name));
  }

  const resolver: ImportResolver = Object.assign(
    (fromFile: string, specifier: string, name: string, options: AnalysisOptions) => find(configurationOf(options), fromFile, specifier, name, new Set()),
    { mayEnd },
  );
  return resolver;
}

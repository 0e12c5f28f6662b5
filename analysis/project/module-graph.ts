import type { FunctionNode } from '../syntax/ast';
import { summarizeModule, type ModuleSummary } from '../lifetime/analyze';
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
type ExportEntry = { readonly own: true } | { readonly from: string; readonly name: string };

/** What a module exports, without its tree: kept for many more modules than trees are. */
interface ModuleExports {
  readonly file: string;
  readonly version: Version;
  readonly names: ReadonlyMap<string, ExportEntry>;
  /** `export * from '../other'`. */
  readonly star: readonly string[];
}

/** A module's tree and analysis, which its own exports' answers come from (computed on first use). */
interface ModuleTree {
  readonly version: Version;
  readonly functions: ReadonlyMap<string, FunctionNode>;
  readonly summary: ModuleSummary;
  readonly size: number;
}

/** The answers about one export of a module's own, each computed once per version. */
interface ExportAnswers {
  readonly version: Version;
  describe?: ExternalFunction | null;
  mayEnd?: boolean;
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
    readonly modules: LRUCache<string, { readonly version: Version; readonly exports: ModuleExports | null }>;
    /**
     * The trees of the modules last read, for the answers not yet computed: syntax trees are by far the
     * largest thing the analysis keeps, so few are kept, and a module whose tree was dropped is parsed again
     * only when another of its exports is asked about.
     */
    readonly trees: LRUCache<string, ModuleTree>;
    /** Answers about modules' own exports, by `file#name`. */
    readonly answers: LRUCache<string, ExportAnswers>;
    readonly loading: Set<string>;
    /** Modules that can neither exit nor block, nor import one that can, with the version read. */
    readonly quiet: LRUCache<string, { readonly version: Version }>;
    /** Modules that may exit or block, or import one that may, with the version read. */
    readonly noisy: LRUCache<string, { readonly version: Version }>;
    /** What each module's own text says: whether it may exit or block, and the modules it imports. */
    readonly texts: LRUCache<string, { readonly version: Version; readonly mayEnd: boolean; readonly imports: readonly string[] }>;
  }

  /** Each options object's configuration: a file asks many times with the same options, and a key costs a JSON string. */
  const configurationsByOptions = new WeakMap<AnalysisOptions, Configuration>();

  function configurationOf(options: AnalysisOptions): Configuration {
    let known = configurationsByOptions.get(options);
    if (!known) {
      known = configurationFor(options);
      configurationsByOptions.set(options, known);
    }
    return known;
  }

  function configurationFor(options: AnalysisOptions): Configuration {
    const summary = summaryOptions(options);
    const key = JSON.stringify(summary);
    let configuration = configurations.get(key);
    if (!configuration) {
      configuration = {
        options: { ...summary, resolveImport: resolver },
        modules: boundedCache('answers'),
        trees: boundedCache('modules', (entry) => entry.size),
        answers: boundedCache('answers'),
        loading: new Set(),
        quiet: boundedCache('answers'),
        noisy: boundedCache('answers'),
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
      const tree = treeOf(configuration, file, version);
      exports = tree && exportsOf(file, version, tree);
    } catch {
      exports = null; // a module that cannot be analysed is not reasoned about
    } finally {
      loading.delete(file);
    }
    modules.set(file, { version, exports });
    return exports;
  }

  /** The module's tree and analysis, from the few kept or parsed again. */
  function treeOf(configuration: Configuration, file: string, version: Version): ModuleTree | null {
    const known = configuration.trees.get(file);
    if (known !== undefined && known.version === version) return known;
    const source = files.text(file, version);
    const program = source === null ? null : parse(file, source);
    if (source === null || program === null) return null;
    const summary = summarizeModule(program, source, createAnalysisOptions({ ...configuration.options, filename: file }));
    const functions = new Map<string, FunctionNode>();
    for (const [fn, name] of summary.exports) functions.set(name, fn);
    const tree: ModuleTree = { version, functions, summary, size: source.length };
    configuration.trees.set(file, tree);
    return tree;
  }

  function exportsOf(file: string, version: Version, { summary, functions }: ModuleTree): ModuleExports {
    const names = new Map<string, ExportEntry>();
    for (const name of functions.keys()) names.set(name, { own: true });
    const star: string[] = [];
    const { program } = summary;
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
        const binding = summary.scope.moduleScope.bindings.get(specifier.local.name);
        if (binding?.kind !== 'import' || binding.importSource === null || binding.importedName === null) continue;
        const exported = specifier.exported.type === 'Identifier' ? specifier.exported.name : specifier.exported.value;
        if (!names.has(exported)) names.set(exported, { from: binding.importSource, name: binding.importedName });
      }
    }
    return { file, version, names, star };
  }

  /**
   * An answer about the module's own export `name`, computed on first use from its tree: a caller that uses
   * one export of a large module pays for that one. Null when the tree is gone and cannot be read again.
   */
  function answer<K extends 'describe' | 'mayEnd'>(
    configuration: Configuration,
    module: ModuleExports,
    name: string,
    kind: K,
    compute: (summary: ModuleSummary, fn: FunctionNode) => NonNullable<ExportAnswers[K]> | null,
  ): ExportAnswers[K] | undefined {
    const key = `${module.file}#${name}`;
    let answers = configuration.answers.get(key);
    if (answers?.version !== module.version) {
      answers = { version: module.version };
      configuration.answers.set(key, answers);
    }
    if (answers[kind] !== undefined) return answers[kind];
    const tree = treeOf(configuration, module.file, module.version);
    const fn = tree?.functions.get(name);
    if (!tree || !fn) return undefined;
    const value = compute(tree.summary, fn);
    answers[kind] = value as ExportAnswers[K];
    return value as ExportAnswers[K];
  }

  function describe(configuration: Configuration, module: ModuleExports, name: string): ExternalFunction | null {
    return (
      answer(configuration, module, name, 'describe', (summary, fn) => {
        try {
          const result = summary.summarize(fn);
          return {
            returnsPendingPromise: result.returnsPendingPromise,
            mayExit: result.mayExit !== null,
            mayBlock: result.mayBlock && { kind: result.mayBlock.kind, durationMs: result.mayBlock.durationMs },
            leavesWorkPending: result.leavesWorkPending,
          };
        } catch {
          return null; // too deep to walk: not reasoned about
        }
      }) ?? null
    );
  }

  function lookup(configuration: Configuration, module: ModuleExports, name: string, seen: Set<string>): ExternalFunction | null {
    const key = `${module.file}#${name}`;
    if (seen.has(key)) return null;
    seen.add(key);
    const entry = module.names.get(name);
    if (entry && 'own' in entry) return describe(configuration, module, name);
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
   * needs, none of its functions may end or block. A depth-first search: one that finds such a text marks
   * the modules on the way to it noisy (they import it), one that finds none clears every module it read;
   * so each module's text is searched about once however many files import it.
   */
  function quietModule(configuration: Configuration, first: string): boolean {
    const { quiet, noisy } = configuration;
    const read = new Map<string, Version>();
    const path: Array<{ readonly file: string; readonly imports: readonly string[]; next: number }> = [];
    const known = (file: string, version: Version): 'quiet' | 'noisy' | null => {
      if (version === null) return null;
      if (quiet.get(file)?.version === version) return 'quiet';
      return noisy.get(file)?.version === version ? 'noisy' : null;
    };
    const enter = (file: string): boolean => {
      const version = host.version?.(file) ?? null;
      read.set(file, version);
      const answer = known(file, version);
      if (answer === 'quiet') return true;
      const text = answer === 'noisy' ? null : textFacts(configuration, file, version);
      if (answer === 'noisy' || text?.mayEnd) {
        for (const step of [...path.map((entry) => entry.file), file]) {
          const stepVersion = read.get(step) ?? null;
          if (stepVersion !== null) noisy.set(step, { version: stepVersion });
        }
        return false;
      }
      if (text) path.push({ file, imports: text.imports, next: 0 });
      return true;
    };
    if (!enter(first)) return false;
    while (path.length > 0) {
      const top = path.at(-1)!;
      const next = top.imports[top.next++];
      if (next === undefined) path.pop();
      else if (!read.has(next) && !enter(next)) return false;
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
    if (entry && 'own' in entry) {
      if (reaching.has(key)) return true;
      reaching.add(key);
      try {
        return (
          answer(configuration, module, name, 'mayEnd', (summary, fn) => {
            try {
              return summary.mayEnd(fn);
            } catch {
              return true; // not decided: the walk decides
            }
          }) ?? false
        );
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

  function mayEndModule(fromFile: string, specifier: string, options: AnalysisOptions): boolean {
    const file = moduleMap.resolve(fromFile, specifier);
    return file !== null && !quietModule(configurationOf(options), file);
  }

  const resolver: ImportResolver = Object.assign(
    (fromFile: string, specifier: string, name: string, options: AnalysisOptions) => find(configurationOf(options), fromFile, specifier, name, new Set()),
    { mayEnd, mayEndModule },
  );
  return resolver;
}

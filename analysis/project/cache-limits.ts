import { LRUCache } from 'lru-cache';

/*
 * How much of other files one process keeps (an editor, `eslint --concurrency`, a codemod run over a
 * monorepo): least recently used first out, so a long-lived process stays within a bound however many
 * files it lints, while one lint run still reads each module it needs once. Sizes are counted in source
 * characters, which the syntax trees and summaries kept for a file grow with.
 */

/**
 * Parsed modules of the project and their analyses: the largest entries by far (a tree takes some hundred
 * times its text), so few are kept; what was learnt from a module outlives its tree (module-graph.ts). Fewer
 * than a few hundred kilobytes of text is too few: the summaries and the declared-types reader ask about the
 * same modules file after file, and on the bench corpus a third of the modules' parses were of a tree just
 * dropped (a bound of 1M characters keeps about 17 MB more and cuts those by two thirds).
 */
const MODULES = { max: 128, maxSize: 1_000_000 };
/** Type declaration files (`.d.ts`): fewer, and some large (`@types/node`). */
const DECLARATIONS = { max: 512, maxSize: 24_000_000 };
/** File texts (and what is missing), manifests and tsconfigs. */
const TEXTS = { max: 8192, maxSize: 32_000_000 };
/** Small answers: memoised lookups, modification times. */
const ANSWERS = { max: 32_768 };

export type CacheKind = 'modules' | 'declarations' | 'texts' | 'answers';

const LIMITS = { modules: MODULES, declarations: DECLARATIONS, texts: TEXTS, answers: ANSWERS };

/**
 * A bounded map for one kind of cached answer. `sizeOf` (for the kinds with a size bound) gives an
 * entry's size in source characters.
 */
export function boundedCache<K extends string, V extends object>(kind: CacheKind, sizeOf?: (value: V) => number): LRUCache<K, V> {
  const limit = LIMITS[kind];
  if ('maxSize' in limit) return new LRUCache<K, V>({ max: limit.max, maxSize: limit.maxSize, sizeCalculation: (value) => Math.max(1, sizeOf?.(value) ?? 1) });
  return new LRUCache<K, V>({ max: limit.max });
}

import { readFileSync, realpathSync, statSync } from 'node:fs';
import type { Program } from '../syntax/ast';
import { boundedCache } from './cache-limits';
import type { ModuleHost } from './module-graph';

/*
 * The file system as the analysis's hosts see it. The analysis itself never reads files: the rule and
 * the codemod build their hosts from these (each with its own parser) and hand them in.
 */

/** A file's text, or null when it cannot be read (missing, a folder, no permission). */
export function readTextFile(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** A file's (or folder's) modification time, or null when it is not there. */
export function modificationTime(file: string): number | null {
  try {
    // Resolution asks about many candidates that are not there: no exception built for each.
    return statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? null;
  } catch {
    return null;
  }
}

/** Where a path leads once symbolic links are followed (a workspace package's link), or null when it is not there. */
export function realPath(file: string): string | null {
  try {
    return realpathSync.native(file);
  } catch {
    return null;
  }
}

/** A module host on the real file system, with the caller's parser (null when a file does not parse). */
export function nodeFileHost(parse: (file: string, source: string) => Program): ModuleHost {
  return {
    readFile: readTextFile,
    version: recently(modificationTime),
    realPath: recently(realPath),
    parse: (file, source) => {
      try {
        return parse(file, source);
      } catch {
        return null;
      }
    },
  };
}

/**
 * Modification times and real paths read again at most once per second and file: one lint run asks about the
 * same files and folders for every import of every file, while an editor's next run after an edit comes later
 * than that.
 */
function recently<T>(read: (file: string) => T): (file: string) => T {
  const seen = boundedCache<string, { readonly at: number; readonly value: T }>('answers');
  return (file) => {
    const now = Date.now();
    const known = seen.get(file);
    if (known && now - known.at < 1000) return known.value;
    const value = read(file);
    seen.set(file, { at: now, value });
    return value;
  };
}

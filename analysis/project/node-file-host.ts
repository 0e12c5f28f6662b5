import { readFileSync, realpathSync, statSync } from 'node:fs';
import type { Program } from '../syntax/ast';
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
    return statSync(file).mtimeMs;
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
    version: modificationTime,
    realPath,
    parse: (file, source) => {
      try {
        return parse(file, source);
      } catch {
        return null;
      }
    },
  };
}

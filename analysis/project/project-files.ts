import path from 'node:path';
import { boundedCache } from './cache-limits';
import { parseJsonc } from './jsonc';

/*
 * The project's files as module resolution reads them, through a host (the file system, or a virtual one
 * in tests), with answers cached until a file or folder they read changes: a long-lived process (an
 * editor's ESLint server) notices a tsconfig.json edited, a package linked or a module added.
 */

export type Version = string | number | null;

/** What module resolution needs of the file system. */
export interface FileHost {
  /** The file's text, or null when there is no such file. */
  readFile(file: string): string | null;
  /**
   * Changes when the file (or the folder: its list of files) changes, its modification time, so a
   * long-lived process (an editor's ESLint server) reads it again; null when there is no such file (then
   * it is not read).
   */
  version?(file: string): Version;
  /** Where a path leads once symbolic links are followed, or null when it is not there; absent, paths are taken as they are. */
  realPath?(file: string): string | null;
}

export interface ProjectFiles {
  /** The file's text, read once per version; the answer being computed depends on it. */
  text(file: string, version?: Version): string | null;
  /** The file's JSON (comments and trailing commas allowed), or null; parsed once per version. */
  json(file: string): unknown;
  /** Whether the file is there; the answer depends on its folder (a file added or removed changes it). */
  exists(file: string): boolean;
  /** Where the path leads once symbolic links are followed, or null when it is not there. */
  realPath(file: string): string | null;
  /** The answer `compute` gives, kept until a file or folder it read (directly or through other memos) changes. */
  memo<T>(key: string, compute: () => T): T;
}

interface Memo {
  readonly value: unknown;
  /** What the answer read, with the version it read. */
  readonly reads: ReadonlyMap<string, Version>;
}

export function projectFiles(host: FileHost): ProjectFiles {
  const versionOf = (file: string): Version => host.version?.(file) ?? null;
  const texts = boundedCache<string, { readonly version: Version; readonly text: string | null }>('texts', (entry) => entry.text?.length ?? 1);
  const jsons = boundedCache<string, { readonly text: string | null; readonly value: unknown }>('texts', (entry) => entry.text?.length ?? 1);
  const memos = boundedCache<string, Memo>('answers');
  /** The reads of each answer being computed, innermost last. */
  const frames: Map<string, Version>[] = [];

  const note = (file: string, version: Version): void => {
    frames.at(-1)?.set(file, version);
  };

  function read(file: string, version: Version): string | null {
    // What the host says is not there is not read (a failed read costs an exception): module resolution
    // asks about many candidates (`./x.ts`, `./x/index.js`…) that do not exist.
    if (version === null && host.version) return null;
    const known = texts.get(file);
    if (known && version !== null && known.version === version) return known.text;
    const read = host.readFile(file);
    texts.set(file, { version, text: read });
    return read;
  }

  function text(file: string, version: Version = versionOf(file)): string | null {
    note(file, version);
    return read(file, version);
  }

  return {
    text,
    json(file) {
      const source = text(file);
      const known = jsons.get(file);
      if (known && known.text === source) return known.value;
      const value = source === null ? null : parseJsonc(source);
      jsons.set(file, { text: source, value });
      return value;
    },
    exists(file) {
      const folder = path.dirname(file);
      note(folder, versionOf(folder));
      return read(file, versionOf(file)) !== null;
    },
    realPath(file) {
      const folder = path.dirname(file);
      note(folder, versionOf(folder));
      if (!host.realPath) return versionOf(file) !== null || host.readFile(file) !== null ? file : null;
      return host.realPath(file);
    },
    memo<T>(key: string, compute: () => T): T {
      const known = memos.get(key);
      if (known && [...known.reads].every(([file, version]) => versionOf(file) === version)) {
        for (const [file, version] of known.reads) note(file, version);
        return known.value as T;
      }
      const reads = new Map<string, Version>();
      frames.push(reads);
      let value: T;
      try {
        value = compute();
      } finally {
        frames.pop();
      }
      memos.set(key, { value, reads });
      for (const [file, version] of reads) note(file, version);
      return value;
    },
  };
}

import type { Program } from '../syntax/ast';
import { boundedCache } from './cache-limits';
import { createModuleMap, type ModuleMap } from './module-map';
import { projectFiles, type FileHost, type ProjectFiles } from './project-files';

/*
 * The project's modules as both readers of other modules see them, the summaries (module-graph.ts) and the
 * declared types (declaration-files.ts): one file cache, one module map and one parse per file and
 * version, shared by every reader made from the same host.
 */

export interface ModuleHost extends FileHost {
  /** The file's syntax tree (ESTree), or null when it does not parse. */
  parse(file: string, source: string): Program | null;
}

export interface ProjectModules {
  readonly files: ProjectFiles;
  readonly moduleMap: ModuleMap;
  /** The file's text and tree (null when it does not parse), read and parsed once per version. */
  parse(file: string, source: string): Program | null;
}

const shared = new WeakMap<ModuleHost, ProjectModules>();

export function projectModulesOf(host: ModuleHost): ProjectModules {
  const known = shared.get(host);
  if (known) return known;
  const files = projectFiles(host);
  const programs = boundedCache<string, { readonly source: string; readonly program: Program | null }>('modules', (entry) => entry.source.length);
  const modules: ProjectModules = {
    files,
    moduleMap: createModuleMap(files),
    parse(file, source) {
      const parsed = programs.get(file);
      if (parsed?.source === source) return parsed.program;
      const program = host.parse(file, source);
      programs.set(file, { source, program });
      return program;
    },
  };
  shared.set(host, modules);
  return modules;
}

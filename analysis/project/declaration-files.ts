import { isBuiltin } from 'node:module';
import path from 'node:path';
import type { Program } from '../syntax/ast';
import type { DeclarationModule, DeclarationResolver } from '../lifetime/imports';
import { boundedCache } from './cache-limits';
import { splitPackageSpecifier, subpathTargets } from './package-fields';
import { projectModulesOf, type ModuleHost } from './project-modules';

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

const DECLARATION_EXTENSIONS = ['.d.ts', '.d.mts', '.d.cts'];
/** A declaration file's name for a JavaScript file (`./client.js` → `./client.d.ts`). */
const DECLARATION_OF: Readonly<Record<string, string>> = { '.js': '.d.ts', '.mjs': '.d.mts', '.cjs': '.d.cts', '.ts': '.d.ts' };

export function isDeclarationFile(file: string): boolean {
  return /\.d\.[cm]?ts$/.test(file);
}

export function createDeclarationResolver(host: ModuleHost, options: DeclarationFilesOptions): DeclarationResolver {
  const { files, moduleMap, parse } = projectModulesOf(host);

  const read = (file: string): DeclarationModule | null => {
    const source = files.text(file);
    if (source === null) return null;
    const program = isDeclarationFile(file) ? parseDeclarations(file, source) : parse(file, source);
    return program ? { file, program } : null;
  };
  const declarationTrees = boundedCache<string, { readonly source: string; readonly program: Program | null }>('declarations', (entry) => entry.source.length);
  const parseDeclarations = (file: string, source: string): Program | null => {
    const known = declarationTrees.get(file);
    if (known?.source === source) return known.program;
    let program: Program | null;
    try {
      program = options.parseDeclarations(file, source);
    } catch {
      program = null; // a declaration file that does not parse declares nothing we can read
    }
    declarationTrees.set(file, { source, program });
    return program;
  };
  const firstExisting = (candidates: readonly string[]): string | null => candidates.find((file) => files.exists(file)) ?? null;

  /** A path written in a manifest or a declaration file's import, as the declaration file it is or has beside it. */
  function declarationFor(target: string): string | null {
    if (isDeclarationFile(target)) return firstExisting([target]);
    const extension = path.extname(target);
    const stem = extension in DECLARATION_OF ? target.slice(0, -extension.length) : target;
    return firstExisting([
      ...DECLARATION_EXTENSIONS.map((candidate) => stem + candidate),
      ...DECLARATION_EXTENSIONS.map((candidate) => path.join(target, `index${candidate}`)),
    ]);
  }

  /** The declaration file of a package's entry (`.`) or subpath (`./sub/path`). */
  function packageEntry(dir: string, subpath: string): string | null {
    return files.memo(`declarations\0entry\0${dir}\0${subpath}`, () => {
      const manifest = files.json(path.join(dir, 'package.json'));
      const fields = typeof manifest === 'object' && manifest !== null ? (manifest as Record<string, unknown>) : {};
      if (fields.exports !== undefined) {
        // `exports` closes the package: only what it maps is importable.
        for (const target of subpathTargets(fields.exports, subpath)) {
          const found = declarationFor(path.join(dir, target));
          if (found) return found;
        }
        if (subpathTargets(fields.exports, subpath).length > 0 || subpath !== '.') return null;
      }
      if (subpath !== '.') return declarationFor(path.join(dir, subpath));
      for (const field of ['types', 'typings', 'main']) {
        const value = fields[field];
        const found = typeof value === 'string' ? declarationFor(path.join(dir, value)) : null;
        if (found) return found;
      }
      return firstExisting([path.join(dir, 'index.d.ts')]);
    });
  }

  function installed(fromFile: string, specifier: string): string | null {
    if (!options.packages || isBuiltin(specifier)) return null;
    const parts = splitPackageSpecifier(specifier);
    if (!parts) return null;
    const dir = moduleMap.packageFolder(path.dirname(fromFile), parts.name);
    const own = dir ? packageEntry(dir, parts.subpath) : null;
    if (own) return own;
    const typesName = `@types/${parts.name.startsWith('@') ? parts.name.slice(1).replace('/', '__') : parts.name}`;
    const types = moduleMap.packageFolder(path.dirname(fromFile), typesName);
    return types ? packageEntry(types, parts.subpath) : null;
  }

  function locate(fromFile: string, specifier: string): string | null {
    const relative = specifier.startsWith('./') || specifier.startsWith('../');
    // Inside a package, imports are its own declaration files, or other packages'.
    if (isDeclarationFile(fromFile) || insidePackage(fromFile)) {
      return relative ? declarationFor(path.resolve(path.dirname(fromFile), specifier)) : installed(fromFile, specifier);
    }
    // The project's own modules, relative or mapped (tsconfig `paths`, workspaces, `#imports`), then installed packages.
    const own = options.projectModules ? moduleMap.resolve(fromFile, specifier) : null;
    if (own) return own;
    if (relative) return options.projectModules ? declarationFor(path.resolve(path.dirname(fromFile), specifier)) : null;
    return installed(fromFile, specifier);
  }

  return (fromFile, specifier) => {
    try {
      const file = locate(fromFile, specifier);
      return file === null ? null : read(file);
    } catch {
      return null; // a module that cannot be read is not reasoned about
    }
  };
}

function insidePackage(file: string): boolean {
  return file.split(path.sep).includes('node_modules');
}

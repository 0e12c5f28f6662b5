import type { Program } from '../syntax/ast';
import { entityNameParts, type AnyNode } from '../syntax/type-syntax';
import { DeclarationIndex, type ImportedName } from './declarations';
import type { DeclarationResolver } from './imports';

/*
 * Names in declarations: what a type or value name stands for in a module, through its imports, the
 * namespaces it declares, and other modules' exports (re-exports, `export *`, `export =`). The modules
 * come from the project layer's resolver; each is indexed once.
 */

/** A module whose names a type is read in: a file, or a `declare namespace` block inside one. */
export interface TypeModule {
  readonly file: string;
  readonly index: DeclarationIndex;
  readonly parent: TypeModule | null;
}

export interface Declared {
  readonly node: AnyNode;
  readonly module: TypeModule;
}

/** A bound on the work of one question, so that recursive or huge declarations cost little. */
const BUDGET = 4000;

export class DeclarationNames {
  private readonly modules = new WeakMap<Program, TypeModule>();
  private steps = 0;

  constructor(private readonly resolve: DeclarationResolver | undefined) {}

  /** Runs one question with a fresh budget; `unknown` when the budget runs out. */
  ask<T>(question: () => T, fallback: T): T {
    if (this.steps > 0) return question(); // a nested question shares the outer budget
    this.steps = 1;
    try {
      return question();
    } catch (error) {
      if (error instanceof OutOfBudget) return fallback;
      throw error;
    } finally {
      this.steps = 0;
    }
  }

  protected step(): void {
    if (++this.steps > BUDGET) throw new OutOfBudget();
  }

  moduleOf(file: string, program: Program): TypeModule {
    let module = this.modules.get(program);
    if (!module) {
      module = { file, index: DeclarationIndex.of(program), parent: null };
      this.modules.set(program, module);
    }
    return module;
  }

  /** The module `specifier` names from `from`, or null. */
  importModule(from: TypeModule, specifier: string): TypeModule | null {
    // Asked again for each name read through the import: one resolution per module and specifier for this file's analysis.
    const key = `${from.file}\0${specifier}`;
    const known = this.imported.get(key);
    if (known !== undefined) return known;
    const found = this.resolve?.(from.file, specifier);
    const module = found ? this.moduleOf(found.file, found.program) : null;
    this.imported.set(key, module);
    return module;
  }

  private readonly imported = new Map<string, TypeModule | null>();

  // ── names ────────────────────────────────────────────────────────────────────────────────────────

  /** The declarations a type name (`Pool`, `events.EventEmitter`) stands for in `module`. */
  typeDeclarations(module: TypeModule, parts: readonly string[]): Declared[] {
    this.step();
    const [first, ...rest] = parts;
    if (first === undefined) return [];
    if (rest.length === 0) return this.localNamed(module, first, 'types');
    const namespaces = this.namespaceModules(module, first);
    return namespaces.flatMap((inner) => this.exportedDeclarations(inner, rest, 'types', new Set()));
  }

  /** The declarations a value name stands for in `module` (its own, imported, or its parents'). */
  valueDeclarations(module: TypeModule, parts: readonly string[]): Declared[] {
    this.step();
    const [first, ...rest] = parts;
    if (first === undefined) return [];
    if (rest.length === 0) return this.localNamed(module, first, 'values');
    return this.namespaceModules(module, first).flatMap((inner) => this.exportedDeclarations(inner, rest, 'values', new Set()));
  }

  protected localNamed(module: TypeModule, name: string, space: 'types' | 'values'): Declared[] {
    for (let current: TypeModule | null = module; current; current = current.parent) {
      const own = current.index[space].get(name);
      if (own) return own.map((node) => ({ node, module: current! }));
      const imported = current.index.imports.get(name);
      if (imported) return this.importedDeclarations(current, imported, space);
    }
    return [];
  }

  private importedDeclarations(module: TypeModule, imported: ImportedName, space: 'types' | 'values'): Declared[] {
    const target = this.importModule(module, imported.source);
    if (!target || imported.name === '*') return [];
    return this.exportedDeclarations(target, [imported.name], space, new Set());
  }

  /** The modules (or namespace blocks) a name stands for as a namespace: `import * as ns`, `import x = require()`, `declare namespace`. */
  namespaceModules(module: TypeModule, name: string): TypeModule[] {
    for (let current: TypeModule | null = module; current; current = current.parent) {
      const blocks = current.index.namespaces.get(name);
      if (blocks) return blocks.map((index) => ({ file: current!.file, index, parent: current }));
      const imported = current.index.imports.get(name);
      if (imported) {
        const target = this.importModule(current, imported.source);
        if (!target) return [];
        return imported.name === '*' ? this.moduleNamespaces(target) : this.exportedNamespaces(target, imported.name, new Set());
      }
    }
    return [];
  }

  /** A module as a namespace: itself, or, with `export = X`, the namespace `X` declares. */
  moduleNamespaces(module: TypeModule): TypeModule[] {
    const equals = module.index.exportEquals;
    if (!equals) return [module];
    const parts = entityNameParts(equals);
    if (!parts || parts.length !== 1) return [];
    return [...this.namespaceModules(module, parts[0]!), module];
  }

  protected exportedNamespaces(module: TypeModule, name: string, seen: Set<string>): TypeModule[] {
    const target = this.exportTarget(module, name);
    if (target && 'local' in target) return this.namespaceModules(module, target.local);
    if (target && 'from' in target) {
      const inner = this.importModule(module, target.from.source);
      if (!inner) return [];
      return target.from.name === '*' ? this.moduleNamespaces(inner) : this.exportedNamespaces(inner, target.from.name, seen);
    }
    return [];
  }

  /** What `module` exports as `parts` (`Pool`, `ns.Thing`), following re-exports, `export *` and `export =`. */
  exportedDeclarations(module: TypeModule, parts: readonly string[], space: 'types' | 'values', seen: Set<string>): Declared[] {
    this.step();
    const [name, ...rest] = parts;
    if (name === undefined) return [];
    const key = `${module.file}\0${name}\0${rest.join('.')}\0${space}`;
    if (seen.has(key)) return [];
    seen.add(key);
    if (rest.length > 0) {
      return this.exportedNamespacesOf(module, name, seen).flatMap((inner) => this.exportedDeclarations(inner, rest, space, seen));
    }
    const equals = module.index.exportEquals;
    if (equals) {
      const entity = entityNameParts(equals);
      if (!entity) return [];
      // `import X from 'cjs'` (and `import { default as X }`) is the `export =` value itself, with esModuleInterop.
      if (name === 'default') return this.localNamed(module, entity[0]!, space);
      return this.namespaceModules(module, entity[0]!).flatMap((inner) => this.exportedDeclarations(inner, [name], space, seen));
    }
    const target = this.exportTarget(module, name);
    if (target && 'local' in target) return this.localNamed(module, target.local, space);
    if (target && 'value' in target) return space === 'values' ? [{ node: target.value, module }] : [];
    if (target) {
      const inner = this.importModule(module, target.from.source);
      return inner && target.from.name !== '*' ? this.exportedDeclarations(inner, [target.from.name], space, seen) : [];
    }
    if (name === 'default') return [];
    for (const star of module.index.stars) {
      const inner = this.importModule(module, star);
      const found = inner ? this.exportedDeclarations(inner, [name], space, seen) : [];
      if (found.length > 0) return found;
    }
    return [];
  }

  exportedNamespacesOf(module: TypeModule, name: string, seen: Set<string>): TypeModule[] {
    if (module.index.exportEquals) {
      const entity = entityNameParts(module.index.exportEquals);
      return entity ? this.namespaceModules(module, entity[0]!).flatMap((inner) => this.exportedNamespacesOf(inner, name, seen)) : [];
    }
    const direct = this.exportedNamespaces(module, name, seen);
    if (direct.length > 0 || module.index.exports.has(name)) return direct;
    for (const star of module.index.stars) {
      const inner = this.importModule(module, star);
      const found = inner ? this.exportedNamespacesOf(inner, name, seen) : [];
      if (found.length > 0) return found;
    }
    return [];
  }

  private exportTarget(module: TypeModule, name: string) {
    const target = module.index.exports.get(name);
    if (target || !module.index.ambient) return target ?? null;
    return module.index.types.has(name) || module.index.values.has(name) || module.index.namespaces.has(name) ? { local: name } : null;
  }
}

class OutOfBudget extends Error {}

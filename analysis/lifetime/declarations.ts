import type { Program } from '../syntax/ast';
import { field, list, type AnyNode } from '../syntax/type-syntax';

/*
 * What a module declares at its top level, by name: the index the declared-types reader looks names up
 * in. One per module (the linted file, another module of the project, a package's `.d.ts` file, or a
 * `declare namespace` block inside one), built in one pass over its statements and never changed.
 */

/** A name brought in from another module: `import { a as b } from 'x'`, `import b = require('x')`, `import * as b`. */
export interface ImportedName {
  readonly source: string;
  /** The exported name, `default`, or `*` for the whole module. */
  readonly name: string;
}

export type ExportTarget = { readonly local: string } | { readonly from: ImportedName } | { readonly value: AnyNode };

export class DeclarationIndex {
  /** Interfaces, type aliases, classes, enums and namespaces: what a type name can mean. */
  readonly types = new Map<string, AnyNode[]>();
  /** Classes, functions (every overload), variables' declarators, namespaces, enums: what a value name can mean. */
  readonly values = new Map<string, AnyNode[]>();
  readonly imports = new Map<string, ImportedName>();
  readonly exports = new Map<string, ExportTarget>();
  /** `export * from 'x'`, in order. */
  readonly stars: string[] = [];
  /** `export = X`: the module is the value (and namespace) `X`. */
  exportEquals: AnyNode | null = null;
  /** `module.exports = value`: the CommonJS module is that value. */
  commonJsExports: AnyNode | null = null;
  /** The blocks of `declare namespace N {…}`, indexed in their turn. */
  readonly namespaces = new Map<string, DeclarationIndex[]>();

  constructor(
    statements: readonly AnyNode[],
    /** Inside `declare namespace` (and `declare module`), every declaration is exported. */
    readonly ambient = false,
  ) {
    for (const statement of statements) this.add(statement);
  }

  static of(program: Program): DeclarationIndex {
    return new DeclarationIndex(program.body as unknown as AnyNode[]);
  }

  private add(statement: AnyNode): void {
    switch (statement.type) {
      case 'ExportNamedDeclaration': {
        const declaration = field(statement, 'declaration');
        const source = sourceOf(statement);
        if (declaration) {
          for (const name of this.declare(declaration)) this.exports.set(name, { local: name });
          return;
        }
        for (const specifier of list(statement, 'specifiers')) {
          const exported = nameOf(field(specifier, 'exported'));
          const local = nameOf(field(specifier, 'local'));
          if (exported === null) continue;
          if (specifier.type === 'ExportNamespaceSpecifier' && source !== null) this.exports.set(exported, { from: { source, name: '*' } });
          else if (local !== null) this.exports.set(exported, source === null ? { local } : { from: { source, name: local } });
        }
        return;
      }
      case 'ExportAllDeclaration': {
        const source = sourceOf(statement);
        const exported = nameOf(field(statement, 'exported'));
        if (source !== null && exported !== null) this.exports.set(exported, { from: { source, name: '*' } });
        else if (source !== null) this.stars.push(source);
        return;
      }
      case 'ExportDefaultDeclaration': {
        const declaration = field(statement, 'declaration');
        if (declaration?.type === 'Identifier') this.exports.set('default', { local: nameOf(declaration)! });
        else if (declaration) {
          const [name] = this.declare(declaration);
          this.exports.set('default', { local: name ?? '\0default' });
          if (name === undefined) this.values.set('\0default', [declaration]);
        }
        return;
      }
      case 'TSExportAssignment':
        this.exportEquals = field(statement, 'expression');
        return;
      case 'ImportDeclaration': {
        const source = sourceOf(statement);
        if (source === null) return;
        for (const specifier of list(statement, 'specifiers')) {
          const local = nameOf(field(specifier, 'local'));
          if (local === null) continue;
          const imported =
            specifier.type === 'ImportDefaultSpecifier'
              ? 'default'
              : specifier.type === 'ImportNamespaceSpecifier'
                ? '*'
                : (nameOf(field(specifier, 'imported')) ?? local);
          this.imports.set(local, { source, name: imported });
        }
        return;
      }
      case 'TSImportEqualsDeclaration': {
        const local = nameOf(field(statement, 'id'));
        const reference = field(statement, 'moduleReference');
        const source = reference?.type === 'TSExternalModuleReference' ? stringOf(field(reference, 'expression')) : null;
        if (local !== null && source !== null) this.imports.set(local, { source, name: '*' });
        if (flag(statement, 'isExport') && local !== null) this.exports.set(local, { local });
        return;
      }
      case 'ExpressionStatement':
        this.addCommonJsExport(field(statement, 'expression'));
        return;
      default: {
        const names = this.declare(statement);
        if (this.ambient) for (const name of names) this.exports.set(name, { local: name });
      }
    }
  }

  /** `module.exports = value`, `module.exports.name = value`, `exports.name = value`. */
  private addCommonJsExport(expression: AnyNode | null): void {
    if (expression?.type !== 'AssignmentExpression' || (expression as { operator?: string }).operator !== '=') return;
    const target = field(expression, 'left');
    const value = field(expression, 'right');
    const parts = target && value ? memberPath(target) : null;
    if (!parts || !value) return;
    if (parts.length === 2 && parts[0] === 'module' && parts[1] === 'exports') this.commonJsExports = value;
    else if (parts.length === 2 && parts[0] === 'exports') this.exports.set(parts[1]!, { value });
    else if (parts.length === 3 && parts[0] === 'module' && parts[1] === 'exports') this.exports.set(parts[2]!, { value });
  }

  /** Records a declaration under its name(s); returns them. */
  private declare(declaration: AnyNode): string[] {
    switch (declaration.type) {
      case 'ClassDeclaration':
      case 'ClassExpression':
        return this.put(declaration, nameOf(field(declaration, 'id')), true, true);
      case 'TSInterfaceDeclaration':
      case 'TSTypeAliasDeclaration':
        return this.put(declaration, nameOf(field(declaration, 'id')), true, false);
      case 'TSEnumDeclaration':
        return this.put(declaration, nameOf(field(declaration, 'id')), true, true);
      case 'FunctionDeclaration':
      case 'TSDeclareFunction':
        return this.put(declaration, nameOf(field(declaration, 'id')), false, true);
      case 'VariableDeclaration':
        return list(declaration, 'declarations').flatMap((declarator) => this.put(declarator, nameOf(field(declarator, 'id')), false, true));
      case 'TSModuleDeclaration': {
        const name = nameOf(field(declaration, 'id'));
        if (name === null) return [];
        let body = field(declaration, 'body');
        // `declare namespace A.B {}` nests; its inner blocks belong to the innermost name.
        while (body?.type === 'TSModuleDeclaration') body = field(body, 'body');
        const block = new DeclarationIndex(body ? list(body, 'body') : [], true);
        const blocks = this.namespaces.get(name) ?? [];
        blocks.push(block);
        this.namespaces.set(name, blocks);
        return this.put(declaration, name, true, true);
      }
      default:
        return [];
    }
  }

  private put(node: AnyNode, name: string | null, isType: boolean, isValue: boolean): string[] {
    if (name === null) return [];
    if (isType) push(this.types, name, node);
    if (isValue) push(this.values, name, node);
    return [name];
  }
}

/** `a.b.c` of plain names, as its parts. */
function memberPath(node: AnyNode): string[] | null {
  if (node.type === 'Identifier') return [(node as { name: string }).name];
  if (node.type !== 'MemberExpression' || flag(node, 'computed')) return null;
  const object = field(node, 'object');
  const property = field(node, 'property');
  const left = object ? memberPath(object) : null;
  return left && property?.type === 'Identifier' ? [...left, (property as { name: string }).name] : null;
}

function push(map: Map<string, AnyNode[]>, name: string, node: AnyNode): void {
  const known = map.get(name);
  if (known) known.push(node);
  else map.set(name, [node]);
}

function flag(node: AnyNode, key: string): boolean {
  return (node as Record<string, unknown>)[key] === true;
}

function nameOf(node: AnyNode | null): string | null {
  if (!node) return null;
  if (node.type === 'Identifier') return (node as { name: string }).name;
  return stringOf(node);
}

function stringOf(node: AnyNode | null): string | null {
  const value = node ? (node as Record<string, unknown>).value : null;
  return (node?.type === 'Literal' || node?.type === 'StringLiteral') && typeof value === 'string' ? value : null;
}

function sourceOf(statement: AnyNode): string | null {
  return stringOf(field(statement, 'source'));
}

import type { TSESTree } from '@typescript-eslint/types';
import { visitorKeys } from '@typescript-eslint/visitor-keys';

/**
 * The analysis reads one tree shape: ESTree as typescript-estree produces it. ESLint hands it over as is;
 * the Babel adapter (`adapters/from-babel.ts`) converts jscodeshift's trees into it. Only the type
 * definitions come from `@typescript-eslint/types`, so this module stays free of ESLint and jscodeshift.
 */
export type Node = TSESTree.Node;
export type Program = TSESTree.Program;
export type Expression = TSESTree.Expression;
export type Statement = TSESTree.Statement;
export type CallExpression = TSESTree.CallExpression;
export type MemberExpression = TSESTree.MemberExpression;
export type Identifier = TSESTree.Identifier;
export type FunctionNode = TSESTree.ArrowFunctionExpression | TSESTree.FunctionDeclaration | TSESTree.FunctionExpression;
export type Range = [number, number];

/** Keys that never lead to a runtime child: positions, parents, comments, and type-only syntax. */
const SKIPPED_KEYS = new Set([
  'parent',
  'range',
  'loc',
  'start',
  'end',
  'extra',
  'comments',
  'tokens',
  'leadingComments',
  'trailingComments',
  'innerComments',
  'typeAnnotation',
  'returnType',
  'typeParameters',
  'typeArguments',
  'superTypeArguments',
  'superTypeParameters',
  'implements',
  'decorators',
]);

/** Declarations that only exist in the type system and hold no runtime code. */
const TYPE_ONLY_NODES = new Set([
  'TSInterfaceDeclaration',
  'TSTypeAliasDeclaration',
  'TSDeclareFunction',
  'TSModuleDeclaration',
  'TSImportEqualsDeclaration',
  'TSAbstractMethodDefinition',
  'TSAbstractPropertyDefinition',
  'TSIndexSignature',
  'TSEnumDeclaration',
]);

export function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/**
 * Each node type's runtime child keys in source order (typescript-estree's visitor keys, less the skipped
 * ones): every pass of the analysis goes through `forEachChild`, and reading a node's own keys one by one
 * costs several times a table lookup. An empty list for type-only declarations.
 */
const CHILD_KEYS = new Map<string, readonly string[]>(
  Object.entries(visitorKeys).map(([type, keys]) => [type, TYPE_ONLY_NODES.has(type) ? [] : (keys ?? []).filter((key) => !SKIPPED_KEYS.has(key))]),
);

/** Calls `visit` for each runtime child of `node`, in source order of the keys' declaration. */
export function forEachChild(node: Node, visit: (child: Node, key: string) => void): void {
  const record = node as unknown as Record<string, unknown>;
  const keys = CHILD_KEYS.get(node.type);
  if (keys) {
    for (const key of keys) visitValue(record[key], key, visit);
    return;
  }
  // A type the table does not know (a dialect's own node): every key that may hold a node.
  if (TYPE_ONLY_NODES.has(node.type)) return;
  for (const key in node) if (!SKIPPED_KEYS.has(key)) visitValue(record[key], key, visit);
}

function visitValue(value: unknown, key: string, visit: (child: Node, key: string) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) if (isNode(item)) visit(item, key);
  } else if (isNode(value)) {
    visit(value, key);
  }
}

export function isFunction(node: Node | null | undefined): node is FunctionNode {
  return node?.type === 'FunctionDeclaration' || node?.type === 'FunctionExpression' || node?.type === 'ArrowFunctionExpression';
}

/** The function (or the program) whose body `node` runs as part of. */
export function getOwnerFunction(node: Node): FunctionNode | Program | null {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunction(current) || current.type === 'Program') return current;
  }
  return null;
}

const TRANSPARENT = new Set([
  'TSAsExpression',
  'TSSatisfiesExpression',
  'TSNonNullExpression',
  'TSTypeAssertion',
  'TSInstantiationExpression',
  'ChainExpression',
]);

/** A node that does not change the value it wraps: a TS cast, `!`, an instantiation, a `?.` chain (parentheses are already gone). */
export function isTransparent(node: Node): node is Node & { readonly expression: Node } {
  return TRANSPARENT.has(node.type);
}

/** Strips what does not change a value at runtime (`isTransparent` wrappers). */
export function skipTransparent(node: Node): Node {
  let current = node;
  while (isTransparent(current)) current = current.expression;
  return current;
}

/** `a.b` with a plain name `b` (`a.b`, `a?.b`, `a['b']`), or null. */
export function getPropertyName(member: MemberExpression): string | null {
  if (!member.computed && member.property.type === 'Identifier') return member.property.name;
  if (member.property.type === 'PrivateIdentifier') return `#${member.property.name}`;
  if (member.computed && member.property.type === 'Literal' && typeof member.property.value === 'string') {
    return member.property.value;
  }
  if (member.computed && member.property.type === 'TemplateLiteral' && member.property.expressions.length === 0) {
    return member.property.quasis[0]?.value.cooked ?? null;
  }
  return null;
}

/** The name of a non-computed key (`foo`, `'foo'`, `#foo`), or null. */
export function getKeyName(key: Node, computed: boolean): string | null {
  if (key.type === 'Identifier' && !computed) return key.name;
  if (key.type === 'PrivateIdentifier') return `#${key.name}`;
  if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number')) {
    return String(key.value);
  }
  return null;
}

/** `a.b.c` for a chain of plain names, or null for anything computed or called. */
export function getDottedName(node: Node): string | null {
  const inner = skipTransparent(node);
  if (inner.type === 'Identifier') return inner.name;
  if (inner.type === 'ThisExpression') return 'this';
  if (inner.type === 'MemberExpression') {
    const object = getDottedName(inner.object);
    const property = getPropertyName(inner);
    return object !== null && property !== null ? `${object}.${property}` : null;
  }
  return null;
}

/** The string value of a string literal or a template without substitutions. */
export function getStringValue(node: Node | undefined): string | null {
  if (!node) return null;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? null;
  return null;
}

/** The callee's last name: `work` for `work()`, `a.b.work()` and `this.work()`. */
export function getCalleeName(call: CallExpression | TSESTree.NewExpression): string | null {
  const callee = skipTransparent(call.callee);
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression') return getPropertyName(callee);
  return null;
}

/** Visits the nodes of a function body that run as part of that function (not nested functions). */
export function visitOwnBody(node: Node, visit: (node: Node) => void): void {
  visit(node);
  forEachChild(node, (child) => {
    if (isFunction(child) || child.type === 'ClassDeclaration' || child.type === 'ClassExpression') return;
    visitOwnBody(child, visit);
  });
}

const returnedByFunction = new WeakMap<FunctionNode, ReadonlyArray<Node | null>>();

/** What each `return` of `fn` hands back (null for a bare `return;`); an expression body is its one value. Read once per function. */
export function returnedValues(fn: FunctionNode): ReadonlyArray<Node | null> {
  let values = returnedByFunction.get(fn);
  if (!values) {
    const found: Array<Node | null> = [];
    if (fn.body.type !== 'BlockStatement') found.push(fn.body);
    else
      visitOwnBody(fn.body, (node) => {
        if (node.type === 'ReturnStatement') found.push(node.argument);
      });
    values = found;
    returnedByFunction.set(fn, values);
  }
  return values;
}

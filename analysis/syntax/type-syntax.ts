import type { Node } from './ast';

/*
 * TypeScript's type syntax, read alike in both dialects the analysis gets: typescript-estree's (ESLint)
 * and Babel's (jscodeshift, and every `.d.ts` file read from a package). They name a few fields
 * differently (`params`/`parameters`, `returnType`/`typeAnnotation`, `typeArguments`/`typeParameters`,
 * a type parameter's name as an identifier or a string); these accessors hide that, so the reader of
 * declared types is written once.
 */

/** A node read loosely: type nodes are not all in the ESTree type union the rest of the analysis uses. */
export type AnyNode = Node | (Record<string, unknown> & { readonly type: string; readonly range: [number, number]; parent?: AnyNode });

export function field(node: AnyNode | null | undefined, key: string): AnyNode | null {
  const value = node ? (node as Record<string, unknown>)[key] : null;
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' ? (value as AnyNode) : null;
}

export function list(node: AnyNode | null | undefined, key: string): AnyNode[] {
  const value = node ? (node as Record<string, unknown>)[key] : null;
  return Array.isArray(value) ? (value as AnyNode[]) : [];
}

export function flag(node: AnyNode | null | undefined, key: string): boolean {
  return node ? (node as Record<string, unknown>)[key] === true : false;
}

/** The type inside a `: T` annotation wrapper (`TSTypeAnnotation`), or the node itself when it is a type. */
export function unwrapAnnotation(node: AnyNode | null): AnyNode | null {
  return node?.type === 'TSTypeAnnotation' ? field(node, 'typeAnnotation') : node;
}

/** A declared binding's or member's type annotation (`x: T`, `p?: T`, `readonly f: T`). */
export function annotationOf(node: AnyNode | null | undefined): AnyNode | null {
  return unwrapAnnotation(field(node, 'typeAnnotation'));
}

/** The parameters of a function, method, signature or function type. */
export function paramsOf(node: AnyNode): AnyNode[] {
  const params = list(node, 'params');
  return params.length > 0 ? params : list(node, 'parameters');
}

/** The declared return type of a function, method signature, call signature or function type; null when none is written. */
export function returnTypeOf(node: AnyNode): AnyNode | null {
  const returnType = field(node, 'returnType');
  if (returnType) return unwrapAnnotation(returnType);
  // Babel's signatures and function types put the return type under `typeAnnotation`.
  if (node.type === 'TSMethodSignature' || node.type === 'TSCallSignatureDeclaration' || node.type === 'TSConstructSignatureDeclaration') {
    return annotationOf(node);
  }
  if (node.type === 'TSFunctionType' || node.type === 'TSConstructorType') return annotationOf(node);
  return null;
}

/** The type arguments of a reference, heritage clause, `new`, call or `import()` type (`X<A, B>`). */
export function typeArgumentsOf(node: AnyNode | null | undefined): AnyNode[] {
  const args = field(node, 'typeArguments') ?? field(node, 'typeParameters');
  return args?.type === 'TSTypeParameterInstantiation' ? list(args, 'params') : [];
}

/** A class's type arguments for its superclass (`extends Base<T>`). */
export function superTypeArgumentsOf(node: AnyNode): AnyNode[] {
  const args = field(node, 'superTypeArguments') ?? field(node, 'superTypeParameters');
  return args ? list(args, 'params') : [];
}

export interface TypeParameter {
  readonly name: string;
  readonly constraint: AnyNode | null;
  readonly default: AnyNode | null;
}

/** The type parameters a declaration introduces (`<T extends U = V>`). */
export function typeParametersOf(node: AnyNode): TypeParameter[] {
  const declaration = field(node, 'typeParameters');
  if (declaration?.type !== 'TSTypeParameterDeclaration') return [];
  return list(declaration, 'params').map((param) => {
    const name = (param as Record<string, unknown>).name;
    return {
      name: typeof name === 'string' ? name : (((name as Record<string, unknown> | null)?.name as string | undefined) ?? ''),
      constraint: field(param, 'constraint'),
      default: field(param, 'default'),
    };
  });
}

/** `A`, `A.B.C` of a type name or heritage expression, as the list of its parts; null for anything else. */
export function entityNameParts(node: AnyNode | null): string[] | null {
  if (!node) return null;
  if (node.type === 'Identifier') return [(node as { name: string }).name];
  if (node.type === 'TSQualifiedName' || node.type === 'MemberExpression') {
    const left = entityNameParts(field(node, node.type === 'TSQualifiedName' ? 'left' : 'object'));
    const right = field(node, node.type === 'TSQualifiedName' ? 'right' : 'property');
    return left && right?.type === 'Identifier' ? [...left, (right as { name: string }).name] : null;
  }
  return null;
}

/** The name of a member's key (`name`, `'name'`, `["name"]` with a literal); null for a computed one. */
export function memberName(node: AnyNode): string | null {
  const key = field(node, 'key');
  if (!key) return null;
  if (key.type === 'Identifier' && !flag(node, 'computed')) return (key as { name: string }).name;
  const value = (key as Record<string, unknown>).value;
  return key.type === 'Literal' || key.type === 'StringLiteral' ? (typeof value === 'string' ? value : null) : null;
}

/** A parameter as a signature sees it: optional (`p?`, `p = x`), rest (`...p`), and its declared type. */
export interface ParameterShape {
  readonly optional: boolean;
  readonly rest: boolean;
  readonly type: AnyNode | null;
}

export function parameterShape(param: AnyNode): ParameterShape {
  const inner = param.type === 'TSParameterProperty' ? (field(param, 'parameter') ?? param) : param;
  if (inner.type === 'RestElement') return { optional: true, rest: true, type: annotationOf(inner) };
  if (inner.type === 'AssignmentPattern') return { optional: true, rest: false, type: annotationOf(field(inner, 'left')) ?? annotationOf(inner) };
  return { optional: flag(inner, 'optional'), rest: false, type: annotationOf(inner) };
}

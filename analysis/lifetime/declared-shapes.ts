import type { AnyNode } from '../syntax/type-syntax';
import type { Declared, TypeModule } from './declaration-names';

/*
 * What the declared-types reader knows of a value, as a small lattice: unknown, plain (known, and no
 * promise), a promise, a union, an object whose members are read from where they are written, something
 * callable with its signatures, a class.
 */

/** Type parameters bound to the types they stand for (a type written in its own module and bindings). */
export type Env = ReadonlyMap<string, TypeRef>;

export interface TypeRef {
  readonly node: AnyNode;
  readonly module: TypeModule;
  readonly env: Env;
}

/** Where an object's members are written: a class (instance or static side), an interface, a type literal, a namespace. */
export type MemberSource =
  | { readonly kind: 'declaration'; readonly node: AnyNode; readonly module: TypeModule; readonly env: Env; readonly static: boolean }
  | { readonly kind: 'namespace'; readonly module: TypeModule }
  | { readonly kind: 'custom'; readonly member: (name: string) => Shape | null };

export interface Signature {
  readonly node: AnyNode;
  readonly module: TypeModule;
  readonly env: Env;
}

/** What the reader knows of a value. `plain`: known, and not a promise (a string, `void`, an array…). */
export type Shape =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'plain'; readonly literal?: string }
  | { readonly kind: 'promise'; readonly awaited: () => Shape }
  | { readonly kind: 'union'; readonly parts: readonly Shape[] }
  | { readonly kind: 'object'; readonly sources: readonly MemberSource[] }
  | { readonly kind: 'callable'; readonly signatures: readonly Signature[]; readonly returns?: (signature: Signature) => Shape }
  | { readonly kind: 'class'; readonly declarations: readonly Declared[] };

export const UNKNOWN: Shape = { kind: 'unknown' };
export const PLAIN: Shape = { kind: 'plain' };
export function union(parts: readonly Shape[]): Shape {
  const flat = parts.flatMap((part) => (part.kind === 'union' ? part.parts : [part]));
  if (flat.length === 1) return flat[0]!;
  return flat.every((part) => part.kind === 'plain') ? PLAIN : { kind: 'union', parts: flat };
}

import { getDottedName, skipTransparent, type Identifier, type Node } from './ast';
import { getExpressionOrigin, normalizeModule } from './module-origin';
import type { ScopeInfo } from './scope';

/**
 * typescript-eslint's TypeOrValueSpecifier, restated here so the analysis needs no type-aware package.
 * Options written for `@typescript-eslint/no-floating-promises` carry over unchanged.
 */
export type TypeOrValueSpecifier =
  | string
  | { from: 'file'; name: string | string[]; path?: string }
  | { from: 'lib'; name: string | string[] }
  | { from: 'package'; name: string | string[]; package: string };

function names(specifier: Exclude<TypeOrValueSpecifier, string>): readonly string[] {
  return typeof specifier.name === 'string' ? [specifier.name] : specifier.name;
}

/**
 * Whether a callee (or any value expression) is named by one of the specifiers, read from syntax alone:
 * a string matches the dotted name or its last part, `package` an import from that package,
 * `lib` an unshadowed global, `file` a name declared in this file.
 */
export function matchesSpecifier(node: Node, specifiers: readonly TypeOrValueSpecifier[], scope: ScopeInfo): boolean {
  if (specifiers.length === 0) return false;
  const expression = skipTransparent(node);
  const dotted = getDottedName(expression);
  const last = dotted?.slice(dotted.lastIndexOf('.') + 1) ?? null;
  for (const specifier of specifiers) {
    if (typeof specifier === 'string') {
      if (dotted === specifier || last === specifier) return true;
      continue;
    }
    const wanted = names(specifier);
    switch (specifier.from) {
      case 'package': {
        const origin = getExpressionOrigin(expression, scope);
        if (origin && origin.source === normalizeModule(specifier.package)) {
          const name = origin.path.at(-1);
          if (name !== undefined && wanted.includes(name)) return true;
        }
        break;
      }
      case 'lib': {
        const root = rootIdentifier(expression);
        if (root && scope.isGlobalReference(root) && last !== null && wanted.includes(last)) return true;
        break;
      }
      case 'file': {
        const root = rootIdentifier(expression);
        if (root && scope.bindingOf(root) && last !== null && wanted.includes(last)) return true;
        break;
      }
    }
  }
  return false;
}

function rootIdentifier(node: Node): Identifier | null {
  let current = skipTransparent(node);
  while (current.type === 'MemberExpression') current = skipTransparent(current.object);
  return current.type === 'Identifier' ? current : null;
}

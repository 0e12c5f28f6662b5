import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { TypeOrValueSpecifier } from '../../analysis';
import { typescriptEslint } from './typescript-eslint';

/*
 * Type information, when the user's parser has a TypeScript program: the checker's thenable test (as
 * typescript-eslint's no-floating-promises decides it) and the typed allowlists. `typescript` is an
 * optional peer, so the type-aware parts (./typescript-eslint.ts) are loaded only when a program exists.
 */

export interface TypeOracle {
  isThenable(node: TSESTree.Node): boolean | undefined;
  isKnownSafe(node: TSESTree.Node): boolean;
}

interface TypedServices {
  program: import('typescript').Program;
  esTreeNodeToTSNodeMap: { get(node: TSESTree.Node): import('typescript').Node | undefined };
}

function getTypedServices(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): TypedServices | null {
  const services = context.sourceCode.parserServices as Partial<TypedServices> | undefined;
  return services?.program && services.esTreeNodeToTSNodeMap ? (services as TypedServices) : null;
}

/** The oracle for this file, or null when linting without type information. */
export function createTypeOracle(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  allowForKnownSafePromises: readonly TypeOrValueSpecifier[],
  allowForKnownSafeCalls: readonly TypeOrValueSpecifier[],
): TypeOracle | null {
  const services = getTypedServices(context);
  if (!services) return null;
  const tsEslint = typescriptEslint();
  const { program, esTreeNodeToTSNodeMap } = services;
  const checker = program.getTypeChecker();

  const typeOf = (node: TSESTree.Node) => {
    const tsNode = esTreeNodeToTSNodeMap.get(node);
    return tsNode ? { tsNode, type: checker.getTypeAtLocation(tsNode) } : null;
  };

  return {
    isThenable(node) {
      const typed = typeOf(node);
      if (!typed) return undefined;
      // `any` (an unresolved import, an untyped package) says nothing: the syntax decides, as without types.
      if (tsEslint.isIntrinsicAnyType(typed.type) || tsEslint.isIntrinsicUnknownType(typed.type) || tsEslint.isIntrinsicErrorType(typed.type)) return undefined;
      const parts = tsEslint.unionConstituents(checker.getApparentType(typed.type));
      if (parts.some((part) => tsEslint.isBuiltinSymbolLike(program, part, 'Promise'))) return true;
      return parts.some((part) => tsEslint.isThenableType(checker, typed.tsNode, part));
    },
    isKnownSafe(node) {
      const typed = typeOf(node);
      if (!typed) return false;
      if (tsEslint.typeMatchesSomeSpecifier(typed.type, [...allowForKnownSafePromises], program)) return true;
      if (node.type !== 'CallExpression' || allowForKnownSafeCalls.length === 0) return false;
      const callee = typeOf(node.callee);
      return callee !== null && tsEslint.valueMatchesSomeSpecifier(node.callee, [...allowForKnownSafeCalls], program, callee.type);
    },
  };
}

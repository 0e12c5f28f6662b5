import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { TypeOrValueSpecifier } from '../../analysis';

/*
 * Type information, when the user's parser has a TypeScript program: the checker's thenable test (as
 * typescript-eslint's no-floating-promises decides it) and the typed allowlists. `typescript` is an
 * optional peer, so the type-aware packages are loaded only when a program exists.
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
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only with a TypeScript program present */
  const typeUtils = require('@typescript-eslint/type-utils') as typeof import('@typescript-eslint/type-utils');
  const tsutils = require('ts-api-utils') as typeof import('ts-api-utils');
  /* eslint-enable @typescript-eslint/no-require-imports */
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
      if (tsutils.isIntrinsicAnyType(typed.type) || tsutils.isIntrinsicUnknownType(typed.type) || tsutils.isIntrinsicErrorType(typed.type)) return undefined;
      const parts = tsutils.unionConstituents(checker.getApparentType(typed.type));
      if (parts.some((part) => typeUtils.isBuiltinSymbolLike(program, part, 'Promise'))) return true;
      return parts.some((part) => tsutils.isThenableType(checker, typed.tsNode, part));
    },
    isKnownSafe(node) {
      const typed = typeOf(node);
      if (!typed) return false;
      if (typeUtils.typeMatchesSomeSpecifier(typed.type, [...allowForKnownSafePromises], program)) return true;
      if (node.type !== 'CallExpression' || allowForKnownSafeCalls.length === 0) return false;
      const callee = typeOf(node.callee);
      return callee !== null && typeUtils.valueMatchesSomeSpecifier(node.callee, [...allowForKnownSafeCalls], program, callee.type);
    },
  };
}

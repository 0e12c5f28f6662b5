import type { Program } from './ast';

/**
 * typescript-estree's tree is the analysis's own shape: ESLint's `sourceCode.ast` goes in unchanged
 * (its nodes keep their identity, so parser services can map them to TypeScript nodes).
 */
export function fromTypescriptEstree(program: unknown): Program {
  return program as Program;
}

import type { Program } from '../analysis';
import { typescriptEslint } from '../rules/utils/typescript-eslint';

/** A parser as ESLint's `languageOptions.parser` holds it. */
export interface LanguageParser {
  readonly meta?: { readonly name?: string };
  parse?(text: string, options: object): unknown;
  parseForESLint?(text: string, options: object): { ast: unknown };
}

/**
 * How the rules read the project's other modules: with the linted file's own parser, so that what the file
 * can import the analysis can read, but without what only ESLint needs of a tree. typescript-eslint's
 * `parseForESLint` also converts every token and comment and runs a scope analysis, none of which the
 * analysis reads (it has its own scopes): for that parser, typescript-estree's bare `parse` gives the same
 * tree for a fraction of the cost. No `loc`: the analysis reads positions off the text by range. Throws when the
 * file does not parse.
 */
export function moduleFileParser(parser: LanguageParser): (file: string, text: string) => Program {
  const options = (file: string) => ({
    ecmaVersion: 'latest',
    sourceType: 'module',
    range: true,
    loc: false,
    filePath: file,
    ecmaFeatures: { jsx: /\.[jt]sx$/.test(file) },
  });
  if (parser.meta?.name === 'typescript-eslint/parser') {
    // Loaded only for TypeScript-parsed projects, which have `typescript` (see ../rules/utils/typescript-eslint.ts).
    const estree = typescriptEslint();
    return (file, text) =>
      estree.parse(text, { range: true, loc: false, comment: false, tokens: false, filePath: file, jsx: /\.[jt]sx$/.test(file) }) as unknown as Program;
  }
  if (parser.parseForESLint) return (file, text) => parser.parseForESLint!(text, options(file)).ast as Program;
  return (file, text) => parser.parse!(text, options(file)) as Program;
}

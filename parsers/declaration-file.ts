import { parse } from '@babel/parser';
import { fromBabel, type Program } from '../analysis';

/**
 * Parses a package's `.d.ts` file with Babel's TypeScript plugin, for the rules and the codemod alike: the
 * linted file's own parser may be espree (a JavaScript project importing `pg`), and one parser for
 * declarations gives both consumers the same trees. Throws when the file does not parse.
 */
export function parseDeclarationFile(_file: string, source: string): Program {
  return fromBabel(parse(source, { sourceType: 'module', plugins: [['typescript', { dts: true }]] }), source);
}

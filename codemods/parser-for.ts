import { parse as babelParse } from '@babel/parser';
import createTsParser from 'jscodeshift/parser/ts';
import createTsxParser from 'jscodeshift/parser/tsx';
import tsOptions from 'jscodeshift/parser/tsOptions';

/**
 * The jscodeshift parser for a file: `ts` for TypeScript files (the `tsx` parser rejects `<T>value`
 * assertions), `tsx` for TSX and for JavaScript (a superset that also reads JSX).
 */
export function parserFor(path: string): 'ts' | 'tsx' {
  return /\.[cm]?ts$/.test(path) ? 'ts' : 'tsx';
}

const parsers = { ts: createTsParser(), tsx: createTsxParser() };

/**
 * Parses a file with jscodeshift's Babel preset for it, straight from its text. Not through
 * `j(source)`: recast expands tabs and turns CRLF into LF before parsing, so the node offsets it gives
 * do not point into the file's own text, where the codemod's edits go.
 */
export function parseFile(path: string, source: string): unknown {
  try {
    return parsers[parserFor(path)].parse(source);
  } catch (error) {
    // A CommonJS script may use what a module reserves (`protected` as a name, `with`, octal escapes):
    // JavaScript that does not parse as a module is read as the script Node runs it as.
    if (!/\.(?:c?js|jsx)$/.test(path)) throw error;
    try {
      return babelParse(source, { ...tsOptions, sourceType: 'script', plugins: ['jsx', ...tsOptions.plugins] });
    } catch {
      throw error;
    }
  }
}

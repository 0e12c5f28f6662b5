import createTsParser from 'jscodeshift/parser/ts';
import createTsxParser from 'jscodeshift/parser/tsx';

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
  return parsers[parserFor(path)].parse(source);
}

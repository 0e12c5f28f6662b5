import type { Range } from '../syntax/ast';

/** A replacement of `range` in the source text by `text` (an insertion when the range is empty). */
export interface TextEdit {
  readonly range: Range;
  readonly text: string;
}

/** The file's line ending: CRLF when at least half of its lines end so. */
export function lineEndingOf(source: string): '\n' | '\r\n' {
  const crlf = source.split('\r\n').length - 1;
  return crlf > 0 && crlf * 2 >= source.split('\n').length - 1 ? '\r\n' : '\n';
}

/**
 * Edits are planned with `\n`; in a CRLF file they take CRLF (inside a template literal both read as
 * `\n`, so no value changes).
 */
export function withLineEnding(text: string, eol: '\n' | '\r\n'): string {
  return eol === '\n' ? text : text.replace(/\r?\n/g, eol);
}

/** Applies non-overlapping edits; insertions at one point keep the order they were given in. */
export function applyEdits(source: string, edits: readonly TextEdit[]): string {
  const ordered = edits.map((edit, index) => ({ edit, index })).sort((a, b) => a.edit.range[0] - b.edit.range[0] || a.index - b.index);
  let output = '';
  let cursor = 0;
  for (const { edit } of ordered) {
    output += source.slice(cursor, edit.range[0]) + edit.text;
    cursor = Math.max(cursor, edit.range[1]);
  }
  return output + source.slice(cursor);
}

/** The indentation of the line holding `offset`. */
export function lineIndent(source: string, offset: number): string {
  const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
  return /^[\t ]*/.exec(source.slice(lineStart))?.[0] ?? '';
}

/**
 * Inserts a statement before the one starting at `offset`: on a line of its own, indented alike, when
 * that statement starts its line; on the same line otherwise (`{ a(); process.exit(0); }`).
 */
export function insertStatementBefore(source: string, offset: number, statement: string): TextEdit {
  const lineStart = source.lastIndexOf('\n', offset - 1) + 1;
  const before = source.slice(lineStart, offset);
  return { range: [offset, offset], text: /^[\t ]*$/.test(before) ? `${statement}\n${before}` : `${statement} ` };
}

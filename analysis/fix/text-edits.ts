import type { Range } from '../syntax/ast';

/** A replacement of `range` in the source text by `text` (an insertion when the range is empty). */
export interface TextEdit {
  readonly range: Range;
  readonly text: string;
}

/**
 * Applies non-overlapping edits. Insertions at one point keep the order they were given in, and come before
 * a replacement that starts there: they are inserted before that text, whichever planner made them (a join
 * before `h()`, and `h()` becoming `await h()`).
 */
export function applyEdits(source: string, edits: readonly TextEdit[]): string {
  const replaces = (edit: TextEdit): number => (edit.range[0] === edit.range[1] ? 0 : 1);
  const ordered = edits
    .map((edit, index) => ({ edit, index }))
    .sort((a, b) => a.edit.range[0] - b.edit.range[0] || replaces(a.edit) - replaces(b.edit) || a.index - b.index);
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

import { forEachChild, type Node } from '../syntax/ast';
import type { FileContext } from '../lifetime/file-context';

/*
 * How the code a fix writes looks, decided once for a file: the suggestions and the codemod write the
 * same semicolons, quotes, line endings and byte order mark.
 */

export interface CodeStyle {
  /** End statements with `;`: as at least half of the file's statements that may end with one do. */
  readonly semicolons: boolean;
  /** The quote the file uses most for strings. */
  readonly quote: '"' | "'";
}

const styles = new WeakMap<FileContext, CodeStyle>();

export function codeStyleOf(context: FileContext): CodeStyle {
  const known = styles.get(context);
  if (known) return known;
  // Statements that end with `;` in a file that uses them: expressions, declarations, returns and throws, at any depth.
  let ended = 0;
  let total = 0;
  const visit = (node: Node): void => {
    if (
      STATEMENTS_WITH_SEMICOLONS.has(node.type) &&
      !(node.type === 'VariableDeclaration' && node.parent?.type !== undefined && FOR_HEADS.has(node.parent.type))
    ) {
      total++;
      if (context.text(node).endsWith(';')) ended++;
    }
    forEachChild(node, visit);
  };
  visit(context.program);
  const singles = (context.source.match(/'/g) ?? []).length;
  const doubles = (context.source.match(/"/g) ?? []).length;
  const style: CodeStyle = { semicolons: total === 0 || ended * 2 >= total, quote: doubles > singles ? '"' : "'" };
  styles.set(context, style);
  return style;
}

const STATEMENTS_WITH_SEMICOLONS = new Set(['ExpressionStatement', 'VariableDeclaration', 'ReturnStatement', 'ThrowStatement']);
/** `for (let i = 0; …)`, `for (const x of xs)`: a declaration that no `;` ends. */
const FOR_HEADS = new Set(['ForStatement', 'ForInStatement', 'ForOfStatement']);

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

/** A file's text as a whole-file rewrite plans on it, and how to give the rewritten text its own form back. */
export interface PlanningText {
  /** Without a byte order mark, and with `\n` line endings when every line ended with CRLF. */
  readonly source: string;
  /** Text written for the file (its new content, or a file created beside it) in the file's line endings. */
  restoreLineEndings(text: string): string;
  /** The file's new content: `restoreLineEndings`, after the byte order mark it had. */
  restore(text: string): string;
}

/**
 * A CRLF file is planned as LF and gets its CRLF back: the planner writes and measures lines with
 * `\n`. A byte order mark is set aside the same way, so that nothing is inserted before it.
 */
export function planningText(text: string): PlanningText {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const crlf = text.includes('\r\n') && !/(^|[^\r])\n/.test(text);
  const source = (crlf ? text.replace(/\r\n/g, '\n') : text).slice(bom.length);
  const restoreLineEndings = (written: string): string => (crlf ? written.replace(/\n/g, '\r\n') : written);
  return { source, restoreLineEndings, restore: (written) => bom + restoreLineEndings(written) };
}

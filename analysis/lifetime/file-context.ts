import { type Node, type Range } from '../syntax/ast';
import type { Position } from './model';
import type { AnalysisOptions } from './options';
import { ScopeInfo } from '../syntax/scope';
import type { Program } from '../syntax/ast';

const MAX_DISPLAY = 48;

/** What every part of the analysis reads about one file: its tree, text, names and options. */
export class FileContext {
  readonly scope: ScopeInfo;
  private readonly lineStarts: number[] = [0];

  constructor(
    readonly program: Program,
    readonly source: string,
    readonly options: AnalysisOptions,
  ) {
    this.scope = new ScopeInfo(program);
    for (let index = source.indexOf('\n'); index !== -1; index = source.indexOf('\n', index + 1)) {
      this.lineStarts.push(index + 1);
    }
  }

  /** 1-based line of an offset (binary search over line starts). */
  lineAt(offset: number): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.lineStarts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  }

  text(node: Node | Range): string {
    const range = Array.isArray(node) ? node : (node as Node).range;
    return this.source.slice(range[0], range[1]);
  }

  /** Source text for a message: one line, long argument lists shortened to `name(…)`. */
  displayText(node: Node): string {
    const text = this.text(node).replace(/\s+/g, ' ');
    if (text.length <= MAX_DISPLAY) return text;
    if (node.type === 'CallExpression' || node.type === 'NewExpression') {
      const callee = this.text(node.callee).replace(/\s+/g, ' ');
      const prefix = node.type === 'NewExpression' ? 'new ' : '';
      if (callee.length <= MAX_DISPLAY) return `${prefix}${callee}(…)`;
    }
    return `${text.slice(0, MAX_DISPLAY - 1)}…`;
  }

  position(node: Node): Position {
    return { range: node.range, line: this.lineAt(node.range[0]), text: this.displayText(node) };
  }
}

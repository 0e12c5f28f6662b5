import path from 'node:path';
import type { AnalyzedFile } from '../../analysis';

/*
 * How the codemod learns what ESLint reported, with the user's config, options, types and disable
 * directives: while `promise-lifetime fix` lints a file through ESLint's API, each of our rules hands
 * the analysis it reported from to a listener the codemod installed for the process; ESLint's own
 * messages (what survived the directives) then say which of those reports to rewrite. The listener
 * sits on a global symbol, not a module variable, so it is found even when the config loaded another
 * copy of the plugin than the codemod's.
 */

export type RuleName = 'no-outlived-promise' | 'no-starved-promise';

/** Where a report was, as ESLint's messages say it: 1-based lines and columns. */
export interface ReportedAt {
  /** The finding's (or starvation's) id in the analysis. */
  readonly id: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface RuleReports {
  readonly analyzed: AnalyzedFile;
  readonly reported: readonly ReportedAt[];
}

export type ReportListener = (filename: string, rule: RuleName, reports: RuleReports) => void;

const CHANNEL = Symbol.for('eslint-plugin-promise-lifetime/report-channel');

interface ChannelHolder {
  [CHANNEL]?: ReportListener;
}

/** Called by a rule after it reported: a no-op unless the codemod is listening. */
export function announceReports(filename: string, rule: RuleName, reports: RuleReports): void {
  const listener = (globalThis as ChannelHolder)[CHANNEL];
  if (typeof listener === 'function') listener(path.resolve(filename), rule, reports);
}

/** A report's place from the `loc` given to `context.report()` (0-based columns). */
export function reportedAt(id: string, loc: { start: { line: number; column: number }; end: { line: number; column: number } }): ReportedAt {
  return { id, line: loc.start.line, column: loc.start.column + 1, endLine: loc.end.line, endColumn: loc.end.column + 1 };
}

/** The key of a report's place, as ESLint's message gives it. */
export function placeKey(at: { line: number; column: number; endLine?: number | undefined; endColumn?: number | undefined }): string {
  return `${at.line}:${at.column}:${at.endLine ?? at.line}:${at.endColumn ?? at.column}`;
}

/**
 * The rules' reports by file, while the codemod listens (for the life of the process: a jscodeshift
 * worker lints its files concurrently, so reports are kept per file until taken).
 */
export class ReportInbox {
  private readonly files = new Map<string, Partial<Record<RuleName, RuleReports>>>();

  constructor() {
    (globalThis as ChannelHolder)[CHANNEL] = (filename, rule, reports) => {
      const known = this.files.get(filename) ?? {};
      known[rule] = reports;
      this.files.set(filename, known);
    };
  }

  /** What the rules reported for a file since it was last taken, keyed by rule. */
  take(filename: string): Partial<Record<RuleName, RuleReports>> {
    const resolved = path.resolve(filename);
    const known = this.files.get(resolved) ?? {};
    this.files.delete(resolved);
    return known;
  }
}

import jscodeshift, { type API, type Options } from 'jscodeshift';
import transform from '../../codemods/fix-promise-lifetime';

export interface Applied {
  /** The transform's return: undefined (skipped), the same text (unmodified) or the new text. */
  readonly output: string | undefined;
  readonly reports: string[];
}

/** Runs the transform as jscodeshift's worker does (jscodeshift's testUtils assume jest globals). */
export function apply(source: string, path: string, options: Options = {}): Applied {
  const reports: string[] = [];
  const api: API = {
    j: jscodeshift,
    jscodeshift,
    stats: () => undefined,
    report: (message: string) => {
      reports.push(message);
    },
  };
  const output = transform({ path, source }, api, options);
  return { output, reports };
}

/** The file after the transform: its new text, or the input when it was skipped or unmodified. */
export function applied(source: string, path: string, options: Options = {}): string {
  return apply(source, path, options).output ?? source;
}

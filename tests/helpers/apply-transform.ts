import type { Options } from 'jscodeshift';
import { fixSource, type FixResult } from '../../codemods/fix-promise-lifetime';

export type Applied = FixResult;

/**
 * Runs the transform's rewrite on a file as jscodeshift's worker would, writing nothing: the files the
 * worker strategy would create come back in `files` (jscodeshift's testUtils assume jest globals).
 */
export function apply(source: string, path: string, options: Options = {}): Applied {
  return fixSource({ path, source }, options);
}

/** The file after the transform: its new text, or the input when it was skipped or unmodified. */
export function applied(source: string, path: string, options: Options = {}): string {
  return apply(source, path, options).output ?? source;
}

import type { Options } from 'jscodeshift';
import { parseFile } from '../../codemods/parser-for';
import { analyzeWithBabel } from './analyze-snippet';
import { apply, applied, type Applied } from './apply-transform';

/**
 * The promises the codemod makes for any input, checked on one: its output (and every file it
 * creates) parses, a second run changes nothing, and no finding is left except those it reported as
 * skipped. Returns the run and the broken promises, described (empty when all hold).
 */
export function checkGuarantees(source: string, filename: string, options: Options = {}): { result: Applied; output: string; problems: string[] } {
  const result = apply(source, filename, options);
  const output = result.output ?? source;
  const problems: string[] = [];
  for (const [file, text] of [[filename, output], ...result.files.map((created) => [created.path, created.text] as const)] as const) {
    try {
      parseFile(file, text);
    } catch (error) {
      problems.push(`${file} does not parse: ${(error as Error).message}\n${text}`);
    }
  }
  if (problems.length > 0) return { result, output, problems };
  const second = applied(output, filename, options);
  if (second !== output) problems.push(`a second run changes the output:\n--- first\n${output}\n--- second\n${second}`);
  const skipped = result.reports.filter((report) => report.startsWith('skipped') && !report.includes(' starved by ')).length;
  const left = analyzeWithBabel(output, filename).findings.length;
  if (left !== skipped)
    problems.push(`${left} findings are left in the output, and ${skipped} were reported as skipped:\n${result.reports.join('\n')}\n${output}`);
  return { result, output, problems };
}

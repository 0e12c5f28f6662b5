import { parse } from '@typescript-eslint/parser';
import { createBabelDeclarationResolver, createBabelImportResolver } from '../../codemods/import-resolver';
import { parseFile } from '../../codemods/parser-for';
import { analyzeProgram, createAnalysisOptions, fromBabel, fromTypescriptEstree, type AnalysisOptions, type AnalysisResult } from '../../analysis';

type Overrides = Partial<Omit<AnalysisOptions, 'filename'>>;

/** Runs the analysis on a snippet parsed as ESLint parses it (typescript-estree). */
export function analyzeWithEstree(code: string, filename = 'file.ts', overrides: Overrides = {}): AnalysisResult {
  const program = parse(code, { range: true, loc: true, jsx: filename.endsWith('x'), sourceType: 'module' });
  return analyzeProgram(fromTypescriptEstree(program), code, createAnalysisOptions({ filename, ...overrides }));
}

const resolveImport = createBabelImportResolver();
const resolveDeclarations = createBabelDeclarationResolver();

/** Runs the analysis on a snippet as the codemod does: jscodeshift's Babel preset for its extension, imports read from disk. */
export function analyzeWithBabel(code: string, filename = 'file.ts', overrides: Overrides = {}): AnalysisResult {
  return analyzeProgram(
    fromBabel(parseFile(filename, code), code),
    code,
    createAnalysisOptions({ filename, resolveImport, resolveDeclarations, ...overrides }),
  );
}

/** A compact, dialect-independent rendering of findings for comparisons and snapshots. */
export function describeFindings(result: AnalysisResult): string[] {
  return result.findings.map((finding) => {
    const chain = finding.chain.length > 0 ? ` via ${finding.chain.map((link) => link.name ?? (link.isModule ? '(module)' : '(anonymous)')).join(' > ')}` : '';
    const partial = finding.partial ? ' (partial)' : '';
    return `${finding.task.line}:${finding.task.text} [${finding.task.kind}] -> ${finding.end.kind} ${finding.end.text}@${finding.end.line}${chain}${partial}`;
  });
}

import { createDeclarationResolver, createImportResolver, fromBabel, nodeFileHost, type DeclarationResolver, type ImportResolver } from '../analysis';
import { parseDeclarationFile } from '../parsers/declaration-file';
import { parseFile } from './parser-for';

/** The project's other modules as the codemod reads them: jscodeshift's Babel presets, each file once per version. */
const host = nodeFileHost((file, text) => fromBabel(parseFile(file, text), text));

/**
 * What an imported function does (exit, return pending work, block), so that it counts in the file being
 * rewritten. Each module is read and analysed once, and again when it changes.
 */
export function createBabelImportResolver(): ImportResolver {
  return createImportResolver(host);
}

/** What the project's modules and installed packages declare their exports as, read as the rule reads them. */
export function createBabelDeclarationResolver(): DeclarationResolver {
  return createDeclarationResolver(host, { projectModules: true, packages: true, parseDeclarations: parseDeclarationFile });
}

import { createImportResolver, fromBabel, nodeFileHost, type ImportResolver } from '../analysis';
import { parseFile } from './parser-for';

/**
 * The project's other modules as the codemod reads them (jscodeshift's Babel presets), so that what
 * an imported function does (exit, return pending work, block) counts in the file being rewritten.
 * Each module is read and analysed once, and again when it changes.
 */
export function createBabelImportResolver(): ImportResolver {
  return createImportResolver(nodeFileHost((file, text) => fromBabel(parseFile(file, text), text)));
}

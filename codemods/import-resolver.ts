import { readFileSync, statSync } from 'node:fs';
import { createImportResolver, fromBabel, type ImportResolver } from '../analysis';
import { parseFile } from './parser-for';

/**
 * The project's other modules as the codemod reads them (jscodeshift's Babel presets), so that what
 * an imported function does (exit, return pending work, block) counts in the file being rewritten.
 * Each module is read and analysed once, and again when it changes.
 */
export function createBabelImportResolver(): ImportResolver {
  return createImportResolver({
    readFile: (file) => {
      try {
        return readFileSync(file, 'utf8');
      } catch {
        return null;
      }
    },
    version: (file) => {
      try {
        return statSync(file).mtimeMs;
      } catch {
        return null;
      }
    },
    parse: (file, text) => {
      try {
        return fromBabel(parseFile(file, text), text);
      } catch {
        return null;
      }
    },
  });
}

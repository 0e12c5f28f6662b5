import os from 'node:os';
import path from 'node:path';
import { Linter } from 'eslint';
import plugin from '../index';
import type { Site } from './program';

/*
 * What the rules say about a program: ESLint's `Linter` with the plugin's `configs.recommended`, without type
 * information (the programs are plain JavaScript), on a virtual `.mjs` file. Each report is mapped to the call
 * site it points at (the task's call, by line and column).
 */

/** Where the programs are linted and fixed: a folder with no package.json and no other modules to read. */
export const PROGRAM_DIR = path.join(os.tmpdir(), 'promise-lifetime-fuzz');
export const PROGRAM_FILE = path.join(PROGRAM_DIR, 'program.mjs');

const linter = new Linter({ configType: 'flat', cwd: PROGRAM_DIR });
const config: Linter.Config[] = [
  { files: ['**/*.mjs'], languageOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
  plugin.configs.recommended as Linter.Config,
];

export interface Report {
  readonly rule: 'no-outlived-promise' | 'no-starved-promise';
  readonly line: number;
  readonly column: number;
  readonly message: string;
  /** The call site it points at, if one starts there. */
  readonly site: Site | undefined;
}

export interface Linted {
  /** A parse error, or an internal error of a rule (strict mode): the program is not valid for the rules. */
  readonly fatal: string | undefined;
  readonly reports: readonly Report[];
}

/** The site whose call starts at the report's position, or the only site on its line at or after it. */
function siteAt(sites: readonly Site[], line: number, column: number): Site | undefined {
  const exact = sites.find((site) => site.line === line && site.column === column);
  if (exact) return exact;
  const after = sites.filter((site) => site.line === line && site.column >= column).sort((a, b) => a.column - b.column);
  return after[0];
}

export function lintProgram(text: string, sites: readonly Site[]): Linted {
  const messages = linter.verify(text, config, PROGRAM_FILE);
  const fatal = messages.find((message) => message.fatal || message.ruleId === null);
  if (fatal) return { fatal: `${fatal.line}:${fatal.column} ${fatal.message}`, reports: [] };
  const reports = messages.map((message): Report => {
    const rule = message.ruleId === 'promise-lifetime/no-starved-promise' ? 'no-starved-promise' : 'no-outlived-promise';
    return { rule, line: message.line, column: message.column, message: message.message, site: siteAt(sites, message.line, message.column) };
  });
  return { fatal: undefined, reports };
}

/** Whether a text parses as an ES module (the codemod's output must). */
export function parseError(text: string): string | undefined {
  const messages = linter.verify(text, [{ files: ['**/*.mjs'], languageOptions: { ecmaVersion: 'latest', sourceType: 'module' } }], PROGRAM_FILE);
  const fatal = messages.find((message) => message.fatal);
  return fatal && `${fatal.line}:${fatal.column} ${fatal.message}`;
}

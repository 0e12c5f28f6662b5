import path from 'node:path';
import * as typescriptParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../index';
import { apply } from '../helpers/apply-transform';
import { esmPackageDir } from '../rule-tester';
import { snippetsOf } from '../rules/cases';
import { sections } from '../rules/no-outlived-promise';

/*
 * One fix planner: an editor suggestion is the codemod's plan for its finding, confined to one function.
 * On every no-outlived-promise case with a single finding, the first suggestion (the codemod's own choice:
 * the runtime's extender when there is one, else an await) writes exactly what the codemod writes, and a
 * finding the codemod leaves alone has no suggestion.
 */

const linter = new Linter({ configType: 'flat', cwd: path.parse(process.cwd()).root });

function lint(code: string, filename: string, options: readonly unknown[] | undefined): Linter.LintMessage[] {
  return linter.verify(
    code,
    [
      {
        files: ['**/*.*'],
        languageOptions: { parser: typescriptParser },
        plugins: { 'promise-lifetime': plugin as never },
        rules: { 'promise-lifetime/no-outlived-promise': ['error', ...(options ?? [])] },
      },
    ],
    filename,
  );
}

function applySuggestion(code: string, fix: { range: readonly [number, number]; text: string }): string {
  return code.slice(0, fix.range[0]) + fix.text + code.slice(fix.range[1]);
}

describe('no-outlived-promise suggestions', () => {
  const snippets = snippetsOf(sections).filter((snippet) => snippet.typed !== 'only');

  it(`are the codemod's plan for their finding, on every single-finding case`, () => {
    const disagreements: string[] = [];
    let suggestedAndFixed = 0;
    snippets.forEach((snippet, index) => {
      const filename = snippet.filename ? path.resolve(esmPackageDir, snippet.filename) : path.join(esmPackageDir, 'file.ts');
      const messages = lint(snippet.code, filename, snippet.options);
      if (messages.length !== 1 || messages[0]?.ruleId !== 'promise-lifetime/no-outlived-promise') return;
      const { reports, output } = apply(snippet.code, filename, { strategy: 'await' });
      // The codemod also fixes starved tasks and would change more than this finding's function.
      if (reports.length !== 1) return;
      const suggestion = messages[0].suggestions?.[0];
      const fixed = reports[0]!.startsWith('fixed') ? output : undefined;
      const suggested = suggestion ? applySuggestion(snippet.code, suggestion.fix) : undefined;
      // No suggestion where the codemod changes more than one function (callers, a CommonJS entry).
      if (suggested === undefined && fixed !== undefined) return;
      if (suggested !== undefined && fixed !== undefined) suggestedAndFixed++;
      if (suggested !== fixed) {
        disagreements.push(
          `#${index} (${snippet.section}, ${filename}):\n${snippet.code}\n→ suggestion:\n${suggested ?? '(none)'}\n→ codemod:\n${fixed ?? reports[0]}`,
        );
      }
    });
    expect(disagreements.join('\n\n')).toBe('');
    // Not vacuous: many cases have both a suggestion and a codemod fix to compare.
    expect(suggestedAndFixed).toBeGreaterThan(100);
  });
});

import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../index';
import { esmPackageDir, typedFixturesDir } from '../rule-tester';
import type { CaseSection, InvalidCase } from './cases';
import { sections as outlivedSections } from './no-outlived-promise';
import { sections as starvedSections } from './no-starved-promise';

/*
 * How much of what the rules find with type information they find without it: every invalid case of the
 * typed suite is linted again without types, as `configs.recommended` runs. A case is found when the
 * untyped run reports exactly the errors (message and line) the typed run does. The cases found only
 * with types are the ones marked `typed: 'only'`, each with the reason it needs a type checker; they are
 * listed in found-only-with-types.md (kept by this test), and the figure leaves out only those.
 */

type AnyCase = InvalidCase<string, readonly unknown[]>;
const rules = [
  { id: 'no-outlived-promise', sections: outlivedSections as readonly CaseSection<string, readonly unknown[]>[] },
  { id: 'no-starved-promise', sections: starvedSections as readonly CaseSection<string, readonly unknown[]>[] },
];

function untypedErrors(ruleId: string, item: AnyCase): Array<{ messageId: string | undefined; line: number }> {
  const filename = item.filename === undefined ? path.join(esmPackageDir, 'file.ts') : path.resolve(typedFixturesDir, item.filename);
  const linter = new Linter({ configType: 'flat', cwd: path.parse(filename).root });
  const messages = linter.verify(
    item.code,
    [
      {
        files: ['**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}'],
        languageOptions: { parser: tsParser as Linter.Parser, parserOptions: { ecmaFeatures: { jsx: /x$/.test(filename) } } },
        plugins: { 'promise-lifetime': plugin as never },
        rules: { [`promise-lifetime/${ruleId}`]: ['error', ...((item.options ?? []) as unknown[])] as Linter.RuleEntry },
      },
    ],
    filename,
  );
  return messages.map((message) => ({ messageId: message.messageId, line: message.line }));
}

function expectedErrors(item: AnyCase): Array<{ messageId: string | undefined; line: number | undefined }> {
  return (Array.isArray(item.errors) ? item.errors : []).map((error) => ({ messageId: error.messageId, line: error.line }));
}

function isFound(ruleId: string, item: AnyCase): boolean {
  const actual = untypedErrors(ruleId, item);
  const expected = expectedErrors(item);
  return (
    actual.length === expected.length &&
    expected.every((error, index) => error.messageId === actual[index]?.messageId && (error.line === undefined || error.line === actual[index]?.line))
  );
}

describe('found without type information', () => {
  const listed: string[] = [];
  let typedFound = 0;
  let untypedFound = 0;
  let excluded = 0;

  for (const { id, sections } of rules) {
    for (const section of sections) {
      const typedCases = section.invalid.filter((item) => item.typed !== 'never');
      if (typedCases.length === 0) continue;
      it(`${id} › ${section.name}: every case without a type-checker reason is found untyped, and none with one`, () => {
        const wrong: string[] = [];
        for (const item of typedCases) {
          typedFound++;
          const found = isFound(id, item);
          if (found && item.typed !== 'only') untypedFound++;
          if (item.typed === 'only') {
            excluded++;
            listed.push(`- ${id} › ${section.name}: ${item.reason}\n\n  \`\`\`ts\n${item.code.replace(/^(?=.)/gm, '  ')}\n  \`\`\``);
            if (found) wrong.push(`found untyped now, so its reason is stale (drop \`typed: 'only'\`):\n${item.code}`);
          } else if (!found) wrong.push(`not found without types:\n${item.code}`);
        }
        expect(wrong).toEqual([]);
      });
    }
  }

  it('prints the figure and keeps the list of cases found only with types', async () => {
    const figure = untypedFound / (typedFound - excluded);
    console.log(
      `untyped recall: ${untypedFound} of the typed suite's ${typedFound} invalid cases are found without types (${(untypedFound / typedFound).toFixed(2)}); ` +
        `leaving out the ${excluded} that need a type checker (listed in found-only-with-types.md): ${untypedFound} of ${typedFound - excluded} (${figure.toFixed(2)})`,
    );
    expect(figure).toBeGreaterThanOrEqual(0.95);
    const header =
      '# Found only with type information\n\nThe invalid rule cases that need a type checker, each with its reason: the syntax-only analysis (`configs.recommended`, the codemod) does not report them. Kept by tests/rules/found-without-types.test.ts.\n\n';
    await expect(header + listed.join('\n\n') + '\n').toMatchFileSnapshot('./found-only-with-types.md');
  });
});

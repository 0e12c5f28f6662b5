import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import plugin from '../../index';

// Meta-tests in the manner of eslint-plugin-unicorn's test/package.js: the package stays honest by construction.
const root = path.join(__dirname, '..', '..');
const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };
const ruleFiles = readdirSync(path.join(root, 'rules'))
  .filter((file) => file.endsWith('.ts') && file !== 'index.ts')
  .map((file) => file.slice(0, -'.ts'.length));
const ruleIds = Object.keys(plugin.rules);

/** The part of a JSON schema these tests read: an object's properties. */
interface ObjectSchema {
  readonly properties?: Readonly<Record<string, unknown>>;
}

/**
 * What is wrong with the header of a rule's doc page (eslint-doc-generator's format): its first line is the
 * heading `# <id>`, and the first line under it is `📝 <meta.docs.description>.`.
 */
function docHeaderProblems(markdown: string, id: string, description: string | undefined): string[] {
  const lines = markdown.split('\n');
  const problems: string[] = [];
  if (lines[0] !== `# ${id}`) problems.push(`the first line is ${JSON.stringify(lines[0])}, not the heading "# ${id}"`);
  const under = lines.slice(1).find((line) => line.trim() !== '');
  const expected = `📝 ${description ?? '(no description in meta.docs)'}.`;
  if (under !== expected) problems.push(`the line under the heading is ${JSON.stringify(under)}, not ${JSON.stringify(expected)}`);
  return problems;
}

/** The options of a rule's schema that its doc page never names in backticks. */
function undocumentedOptions(markdown: string, schema: unknown): string[] {
  const first = (Array.isArray(schema) ? schema[0] : schema) as ObjectSchema | undefined;
  return Object.keys(first?.properties ?? {}).filter((option) => !markdown.includes(`\`${option}\``));
}

/** What is missing of a rule's tests: its folder tests/rules/<id>/ and, in it, the test file <id>.test.ts. */
function missingTests(id: string): string[] {
  const folder = path.join(root, 'tests', 'rules', id);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) return [`tests/rules/${id}/`];
  return existsSync(path.join(folder, `${id}.test.ts`)) ? [] : [`tests/rules/${id}/${id}.test.ts`];
}

/** What a rule's meta says of it, as its doc page's notices and README's rules table show it. */
interface RuleFacts {
  description?: string;
  recommended?: boolean;
  requiresTypeChecking?: boolean;
  fixable?: string;
  hasSuggestions?: boolean;
}

const CONFIG_EMOJI: Record<string, string> = { recommended: '✅', 'recommended-type-checked': '🔒' };

/**
 * The notices under a doc page's description, in eslint-doc-generator's order (💼 🔧 💡 💭), as the meta
 * decides them: 💼 for a rule in the recommended presets, 🔧 for `fixable`, 💡 for `hasSuggestions`, 💭 for
 * `requiresTypeChecking` (true: it needs type information; false, said outright: it uses it when available).
 */
function expectedNotices(facts: RuleFacts): string[] {
  const notices: string[] = [];
  if (facts.recommended) {
    const presets = Object.entries(CONFIG_EMOJI).map(([name, emoji]) => `${emoji} \`${name}\``);
    notices.push(`💼 This rule is enabled in the following [configs](../../README.md#configs): ${presets.join(', ')} (and \`all\`).`);
  }
  if (facts.fixable)
    notices.push('🔧 This rule is automatically fixable by the [`--fix` CLI option](https://eslint.org/docs/latest/user-guide/command-line-interface#--fix).');
  if (facts.hasSuggestions)
    notices.push('💡 This rule is manually fixable by [editor suggestions](https://eslint.org/docs/latest/use/core-concepts#rule-suggestions).');
  if (facts.requiresTypeChecking === true)
    notices.push('💭 This rule requires [type information](https://typescript-eslint.io/getting-started/typed-linting).');
  if (facts.requiresTypeChecking === false) {
    notices.push(
      '💭 This rule uses [type information](https://typescript-eslint.io/getting-started/typed-linting) when it is available and is more precise with it, but does not require it.',
    );
  }
  return notices;
}

/** The notice lines of a doc page: the lines under the 📝 description, up to the first that is not a notice. */
function docNotices(markdown: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.startsWith('📝 '));
  const notices: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '') continue;
    if (!/^(?:💼|🔧|💡|💭|⚠️|🚫|❌)/u.test(line)) break;
    notices.push(line);
  }
  return notices;
}

/** README's rules table cells for a rule, as eslint-doc-generator writes them: link, description, 💼, 💡, 💭. */
function expectedReadmeRow(id: string, facts: RuleFacts): string[] {
  const configs = facts.recommended ? Object.values(CONFIG_EMOJI).join(' ') : '';
  const typed = facts.requiresTypeChecking === undefined ? '' : '💭';
  return [`[${id}](docs/rules/${id}.md)`, facts.description ?? '', configs, facts.hasSuggestions ? '💡' : '', typed];
}

/** A Markdown table row's cells, trimmed. */
function tableCells(row: string): string[] {
  return row
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((cell) => cell.trim());
}

describe('package', () => {
  it('names itself after package.json', () => {
    expect(plugin.meta).toEqual({ name: packageJson.name, version: packageJson.version, namespace: 'promise-lifetime' });
  });

  it('registers every rule file under its file name', () => {
    expect([...ruleIds].sort()).toEqual([...ruleFiles].sort());
  });

  for (const id of ruleIds) {
    describe(id, () => {
      const rule = plugin.rules[id as keyof typeof plugin.rules];
      const doc = path.join(root, 'docs', 'rules', `${id}.md`);
      const markdown = existsSync(doc) ? readFileSync(doc, 'utf8') : '';

      it('links its doc page, which exists and has examples (and options, when it has any)', () => {
        expect(rule.meta.docs?.url).toMatch(new RegExp(`/docs/rules/${id}\\.md$`));
        expect(existsSync(doc)).toBe(true);
        expect(markdown).toContain('## Examples');
        if (rule.meta.schema && (rule.meta.schema as unknown[]).length > 0) expect(markdown).toContain('## Options');
      });

      it("heads its doc page with its id and its meta's description", () => {
        expect(docHeaderProblems(markdown, id, rule.meta.docs?.description)).toEqual([]);
      });

      it("shows its meta's notices (configs, fixes, suggestions, type information) under the description, and the same in README's table", () => {
        const facts: RuleFacts = { ...rule.meta.docs, fixable: rule.meta.fixable, hasSuggestions: rule.meta.hasSuggestions };
        expect(docNotices(markdown)).toEqual(expectedNotices(facts));
        const readme = readFileSync(path.join(root, 'README.md'), 'utf8').split('\n');
        expect(readme.filter((line) => line.startsWith(`| [${id}](`)).map(tableCells)).toEqual([expectedReadmeRow(id, facts)]);
      });

      it('documents every option', () => {
        expect(undocumentedOptions(markdown, rule.meta.schema)).toEqual([]);
      });

      it('has tests: tests/rules/<id>/ and its <id>.test.ts', () => {
        expect(missingTests(id)).toEqual([]);
      });

      it('writes messages as sentences', () => {
        for (const message of Object.values(rule.meta.messages)) {
          expect(message).toMatch(/^[`A-Z]/);
          expect(message).toMatch(/[.}]$/);
        }
      });
    });
  }

  it('has exactly the presets written here, with these rules at these severities', () => {
    const rules = { 'promise-lifetime/no-outlived-promise': 'error', 'promise-lifetime/no-starved-promise': 'error' };
    const presets = Object.fromEntries(Object.entries(plugin.configs).map(([name, { plugins: _plugins, ...config }]) => [name, config]));
    expect(presets).toEqual({
      recommended: { name: 'promise-lifetime/recommended', rules },
      'recommended-type-checked': { name: 'promise-lifetime/recommended-type-checked', languageOptions: { parserOptions: { projectService: true } }, rules },
      all: { name: 'promise-lifetime/all', rules },
    });
  });

  it('hands configs the finished plugin object', () => {
    for (const config of Object.values(plugin.configs)) expect(config.plugins?.['promise-lifetime']).toBe(plugin);
  });
});

// Each check above can fail: here each is shown a page, a schema or a rule that is wrong.
describe('the meta checks themselves', () => {
  const page = '# no-example\n\n📝 Disallow examples.\n\n## Examples\n\nSee `known`.\n';

  it('accept a right header, and reject a wrong heading or description', () => {
    expect(docHeaderProblems(page, 'no-example', 'Disallow examples')).toEqual([]);
    expect(docHeaderProblems(page.replace('# no-example', '# promise-lifetime/no-example'), 'no-example', 'Disallow examples')).toHaveLength(1);
    expect(docHeaderProblems(page, 'no-example', 'Disallow other examples')).toHaveLength(1);
    expect(docHeaderProblems(page.replace('📝 Disallow examples.', 'Disallow examples.'), 'no-example', 'Disallow examples')).toHaveLength(1);
  });

  it("expect the notices and the README row the meta gives, and read a page's notices up to its text", () => {
    const facts = { description: 'Disallow examples', recommended: true, hasSuggestions: true, requiresTypeChecking: false };
    expect(expectedNotices(facts).map((line) => [...line][0])).toEqual(['💼', '💡', '💭']);
    expect(expectedNotices({ fixable: 'code', requiresTypeChecking: true }).map((line) => [...line][0])).toEqual(['🔧', '💭']);
    expect(expectedNotices({})).toEqual([]);
    const withNotices = page.replace('📝 Disallow examples.\n', `📝 Disallow examples.\n\n${expectedNotices(facts).join('\n\n')}\n\nText.\n`);
    expect(docNotices(withNotices)).toEqual(expectedNotices(facts));
    expect(docNotices(page)).toEqual([]);
    expect(expectedReadmeRow('no-example', facts)).toEqual(tableCells('| [no-example](docs/rules/no-example.md) | Disallow examples | ✅ 🔒 | 💡 | 💭 |'));
    expect(expectedReadmeRow('no-example', { description: 'Disallow examples' })).toEqual(
      tableCells('| [no-example](docs/rules/no-example.md) | Disallow examples |  |  |  |'),
    );
  });

  it('find an option the page never names', () => {
    expect(undocumentedOptions(page, [{ properties: { known: {}, unknown: {} } }])).toEqual(['unknown']);
  });

  it('find a rule without tests', () => {
    expect(missingTests('no-such-rule')).toEqual(['tests/rules/no-such-rule/']);
  });
});

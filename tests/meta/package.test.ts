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

  it('find an option the page never names', () => {
    expect(undocumentedOptions(page, [{ properties: { known: {}, unknown: {} } }])).toEqual(['unknown']);
  });

  it('find a rule without tests', () => {
    expect(missingTests('no-such-rule')).toEqual(['tests/rules/no-such-rule/']);
  });
});

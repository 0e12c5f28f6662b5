import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import plugin from '../rules';

// Meta-tests in the manner of eslint-plugin-unicorn's test/package.js: the package stays honest by construction.
const root = path.join(__dirname, '..');
const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };
const ruleFiles = readdirSync(path.join(root, 'rules'))
  .filter((file) => file.endsWith('.ts') && !['index.ts', 'all-rules.ts', 'plugin-types.ts'].includes(file))
  .map((file) => file.slice(0, -'.ts'.length));
const ruleIds = Object.keys(plugin.rules);

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

      it('links its doc page, which exists and names the rule', () => {
        expect(rule.meta.docs?.url).toMatch(new RegExp(`/docs/rules/${id}\\.md$`));
        const doc = path.join(root, 'docs', 'rules', `${id}.md`);
        expect(existsSync(doc)).toBe(true);
        const text = readFileSync(doc, 'utf8');
        expect(text).toContain(`promise-lifetime/${id}`);
        expect(text).toContain('## Examples');
        if (rule.meta.schema && (rule.meta.schema as unknown[]).length > 0) expect(text).toContain('## Options');
      });

      it('documents every option', () => {
        const text = readFileSync(path.join(root, 'docs', 'rules', `${id}.md`), 'utf8');
        const schema = (rule.meta.schema as unknown as Array<{ properties?: Record<string, unknown> }>)[0];
        for (const option of Object.keys(schema?.properties ?? {})) expect(text).toContain(`\`${option}\``);
      });

      it('has tests', () => {
        expect(existsSync(path.join(root, 'tests', 'rules', `${id}.test.ts`))).toBe(true);
      });

      it('writes messages as sentences', () => {
        for (const message of Object.values(rule.meta.messages)) {
          expect(message).toMatch(/^[`A-Z]/);
          expect(message).toMatch(/[.}]$/);
        }
      });
    });
  }

  it('derives the presets from rule meta', () => {
    const recommended = ruleIds.filter((id) => plugin.rules[id as keyof typeof plugin.rules].meta.docs?.recommended).map((id) => `promise-lifetime/${id}`);
    expect(Object.keys(plugin.configs.recommended.rules ?? {}).sort()).toEqual(recommended.sort());
    expect(plugin.configs['recommended-type-checked'].rules).toEqual(plugin.configs.recommended.rules);
    expect(Object.keys(plugin.configs.all.rules ?? {})).toHaveLength(ruleIds.length);
  });

  it('hands configs the finished plugin object', () => {
    for (const config of Object.values(plugin.configs)) expect(config.plugins?.['promise-lifetime']).toBe(plugin);
  });
});

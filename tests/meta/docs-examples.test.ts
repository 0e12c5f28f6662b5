import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import parser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../index';

/*
 * The rule docs cannot drift from the rules: every example in docs/rules/<rule>.md is linted here
 * with that rule (and no other) enabled.
 *
 * Conventions (documented for doc writers):
 * - A fenced block whose info string holds ❌ is an incorrect example: the rule must report it. When
 *   some of its lines end with a `// ❌…` comment, the reported lines must be exactly those lines.
 * - A fenced block whose info string holds ✅ is a correct example: the rule must report nothing.
 * - Examples are linted with and without type information and must hold in both modes. The
 *   info-string flag `typed` marks an example that needs type information: its verdict is checked
 *   with type information, and without it the rule must report nothing (so the flag stays honest).
 * - A first line `// file: app/api/route.ts` lints the example as that file (route handlers are
 *   recognised by file name); otherwise it is linted as `file.ts`.
 * - Options are set inside the example with an inline `/* eslint promise-lifetime/<rule>: ["error", {…}] *\/`
 *   comment, which ESLint applies itself.
 * Other fenced blocks (configs, messages, shell) are not linted.
 */

type Mode = 'untyped' | 'typed';

/** The part of a JSON schema this test reads: an object's properties. */
interface ObjectSchema {
  readonly properties?: Readonly<Record<string, ObjectSchema>>;
}

interface Example {
  readonly doc: string;
  /** The rule the doc page is about: `promise-lifetime/<page name>`. */
  readonly ruleId: string;
  /** 1-based line of the opening fence in the doc. */
  readonly line: number;
  readonly verdict: 'incorrect' | 'correct';
  /** Needs type information: checked typed, and silent untyped. */
  readonly typed: boolean;
  readonly filename: string;
  readonly code: string;
  /** 1-based lines of the block marked `// ❌`. */
  readonly markedLines: readonly number[];
}

const docsDir = path.join(__dirname, '..', '..', 'docs', 'rules');
/** Typed examples are linted as virtual files under the typed fixture project (never written to disk). */
const typedDir = path.join(__dirname, '..', 'fixtures', 'typed');
const DEFAULT_FILENAME = 'file.ts';
const FENCE = /^(`{3,}|~{3,})(.*)$/;
const FILE_LINE = /^\/\/ file: (\S+)\s*$/;
const KNOWN_FLAGS = new Set(['❌', '✅', 'typed']);

function extractExamples(doc: string, markdown: string): Example[] {
  const lines = markdown.split('\n');
  const examples: Example[] = [];
  for (let index = 0; index < lines.length; index++) {
    const open = FENCE.exec(lines[index] ?? '');
    if (!open) continue;
    const fence = open[1] ?? '```';
    const [, ...flags] = (open[2] ?? '').trim().split(/\s+/);
    const start = index;
    const body: string[] = [];
    for (index++; index < lines.length && !(lines[index] ?? '').startsWith(fence); index++) body.push(lines[index] ?? '');
    if (index >= lines.length) throw new Error(`${doc}:${start + 1}: unclosed code block`);
    const incorrect = flags.includes('❌');
    const correct = flags.includes('✅');
    if (!incorrect && !correct) continue;
    const where = `${doc}:${start + 1}`;
    if (incorrect && correct) throw new Error(`${where}: a block is either ❌ or ✅`);
    const unknown = flags.filter((flag) => !KNOWN_FLAGS.has(flag));
    if (unknown.length > 0) throw new Error(`${where}: unknown example flags ${unknown.join(', ')}`);
    const markedLines = body.flatMap((line, offset) => (/\/\/ ❌/.test(line) ? [offset + 1] : []));
    if (correct && markedLines.length > 0) throw new Error(`${where}: a ✅ block has lines marked ❌`);
    const file = FILE_LINE.exec(body[0] ?? '')?.[1];
    examples.push({
      doc,
      ruleId: `promise-lifetime/${path.basename(doc, '.md')}`,
      line: start + 1,
      verdict: incorrect ? 'incorrect' : 'correct',
      typed: flags.includes('typed'),
      filename: file ?? DEFAULT_FILENAME,
      code: body.join('\n'),
      markedLines,
    });
  }
  return examples;
}

const docs = readdirSync(docsDir)
  .filter((name) => name.endsWith('.md'))
  .sort()
  .map((name) => ({ name, markdown: readFileSync(path.join(docsDir, name), 'utf8') }));
const examples = docs.flatMap(({ name, markdown }) => extractExamples(`docs/rules/${name}`, markdown));
// Files the typed project has on disk (`file.ts`, `cross-module/main.ts`) are in it already; the others are virtual.
const virtualFiles = [...new Set(examples.map((example) => example.filename).filter((name) => !existsSync(path.join(typedDir, name))))];

function languageOptions(mode: Mode): Linter.LanguageOptions {
  if (mode === 'untyped') return { parser };
  return {
    parser,
    parserOptions: {
      projectService: { allowDefaultProject: virtualFiles, defaultProject: 'tsconfig.json' },
      tsconfigRootDir: typedDir,
    },
  };
}

function lint(example: Example, mode: Mode): Linter.LintMessage[] {
  const linter = new Linter({ configType: 'flat', cwd: typedDir });
  const config: Linter.Config = {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: languageOptions(mode),
    plugins: { 'promise-lifetime': plugin as unknown as NonNullable<Linter.Config['plugins']>[string] },
    rules: { [example.ruleId]: 'error' },
  };
  const messages = linter.verify(example.code, [config], { filename: path.join(typedDir, example.filename) });
  if (mode === 'typed') expect(linter.getSourceCode().parserServices?.program, 'the typed lint has a TypeScript program').toBeTruthy();
  return messages;
}

function check(example: Example, mode: Mode): void {
  const messages = lint(example, mode);
  const described = messages.map((message) => `${message.line}: ${message.message}`);
  // Parse errors and bad inline configs come back as messages without our rule id.
  expect(messages.filter((message) => message.ruleId !== example.ruleId).map((message) => message.message)).toEqual([]);
  if (example.verdict === 'correct' || (example.typed && mode === 'untyped')) {
    expect(described).toEqual([]);
  } else if (example.markedLines.length > 0) {
    const reported = [...new Set(messages.map((message) => message.line))].sort((a, b) => a - b);
    expect(reported, described.join('\n')).toEqual(example.markedLines);
  } else {
    expect(messages.length).toBeGreaterThan(0);
  }
}

describe('docs/rules examples', () => {
  it('finds both ❌ and ✅ examples in every rule doc', () => {
    for (const { name } of docs) {
      const own = examples.filter((example) => example.doc === `docs/rules/${name}`);
      expect(
        own.some((example) => example.verdict === 'incorrect'),
        `${name} has a ❌ example`,
      ).toBe(true);
      expect(
        own.some((example) => example.verdict === 'correct'),
        `${name} has a ✅ example`,
      ).toBe(true);
    }
  });

  for (const example of examples) {
    const verdict = example.verdict === 'incorrect' ? '❌' : '✅';
    it(
      `${example.doc}:${example.line} ${verdict} without type information${example.typed ? ' (reports nothing: needs types)' : ''}`,
      () => check(example, 'untyped'),
      60_000,
    );
    it(`${example.doc}:${example.line} ${verdict} with type information`, () => check(example, 'typed'), 60_000);
  }
});

describe('docs/rules pages', () => {
  for (const [id, rule] of Object.entries(plugin.rules)) {
    const page = docs.find((doc) => doc.name === `${id}.md`);

    it(`${id} has a page whose header matches the rule's meta`, () => {
      expect(page, `docs/rules/${id}.md exists`).toBeDefined();
      const markdown = page?.markdown ?? '';
      expect(markdown.startsWith(`# ${id}\n`)).toBe(true);
      expect(markdown).toContain(`📝 ${rule.meta.docs?.description ?? '(no description)'}.`);
      const configsLine = markdown.split('\n').find((line) => line.startsWith('💼')) ?? '';
      expect(configsLine.includes('`recommended`')).toBe(rule.meta.docs?.recommended === true);
      expect(markdown.includes('\n💡 ')).toBe(rule.meta.hasSuggestions === true);
    });

    it(`${id} has a row in the README's rule table`, () => {
      const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
      const row = readme.split('\n').find((line) => line.startsWith(`| [${id}](docs/rules/${id}.md) |`));
      expect(row, `README.md lists ${id}`).toBeDefined();
      expect(row).toContain(`| ${rule.meta.docs?.description ?? '(no description)'} |`);
    });

    it(`${id} documents every option`, () => {
      const markdown = page?.markdown ?? '';
      const schema = (Array.isArray(rule.meta.schema) ? rule.meta.schema[0] : rule.meta.schema) as ObjectSchema | undefined;
      const properties = schema?.properties ?? {};
      for (const [name, property] of Object.entries(properties)) {
        expect(markdown, `a "### ${name}" section`).toContain(`\n### ${name}\n`);
        for (const inner of Object.keys(property.properties ?? {})) expect(markdown, `${name}.${inner} is named`).toContain(`\`${inner}\``);
      }
    });
  }
});

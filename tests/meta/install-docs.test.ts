import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Every doc says the same about installing: the package is not on the npm registry yet, so an install
// command that names it names the tarball `npm pack` writes for this version, never the registry name.

const root = path.join(__dirname, '..', '..');
const { name, version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };
const tarball = `${name}-${version}.tgz`;

const docs = [
  'README.md',
  'CHANGELOG.md',
  ...['docs/rules', 'docs/codemods'].flatMap((dir) =>
    readdirSync(path.join(root, dir))
      .filter((file) => file.endsWith('.md'))
      .map((file) => `${dir}/${file}`),
  ),
];

const installCommand = /\b(?:npm (?:install|i|add)|yarn add|pnpm (?:add|install|i)|bun add)\b/;

/** The commands a page shows: each line of its fenced blocks, and each inline code span (its line breaks joined). */
function shownCommands(markdown: string): string[] {
  const commands: string[] = [];
  const fence = /^```[^\n]*\n([\s\S]*?)^```$/gm;
  for (const [, body] of markdown.matchAll(fence)) commands.push(...body!.split('\n'));
  for (const [, span] of markdown.replace(fence, '').matchAll(/`([^`]+)`/g)) commands.push(span!.replace(/\s+/g, ' '));
  return commands.filter((command) => installCommand.test(command));
}

/** What is wrong with an install command that names this package. */
function installProblem(command: string): string | null {
  const words = command.trim().split(/\s+/);
  const named = words.filter((word) => word === name || word.startsWith(`${name}@`) || word.endsWith('.tgz'));
  if (named.length === 0) return null;
  const wrong = named.filter((word) => path.basename(word) !== tarball);
  return wrong.length === 0 ? null : `\`${command.trim()}\` installs ${wrong.join(', ')}, not the tarball ${tarball} (the package is not on the registry)`;
}

describe('install commands in the docs', () => {
  it('finds the commands of fenced blocks and inline spans, and tells the registry name from the tarball', () => {
    expect(shownCommands('a `npm install --save-dev\nx.tgz` b\n\n```sh\nnpm ci\nnpm i -D eslint\n```\n')).toEqual([
      'npm i -D eslint',
      'npm install --save-dev x.tgz',
    ]);
    expect(installProblem(`npm install --save-dev ${name}`)).toContain('not the tarball');
    expect(installProblem(`npm install --save-dev ${name}@0.1.0`)).toContain('not the tarball');
    expect(installProblem(`npm install --save-dev path/to/${name}-0.0.1.tgz`)).toContain('not the tarball');
    expect(installProblem(`npm install --save-dev eslint path/to/${tarball}`)).toBeNull();
    expect(installProblem('npm install --save-dev eslint')).toBeNull();
  });

  it.each(docs)('%s installs the package only from the tarball', (doc) => {
    const problems = shownCommands(readFileSync(path.join(root, doc), 'utf8'))
      .map(installProblem)
      .filter((problem) => problem !== null);
    expect(problems).toEqual([]);
  });

  it.each(['README.md', 'docs/codemods/fix-promise-lifetime.md'])('%s shows the tarball install and says the package is not on the registry', (doc) => {
    const markdown = readFileSync(path.join(root, doc), 'utf8');
    expect(shownCommands(markdown).some((command) => command.includes(tarball))).toBe(true);
    expect(markdown.replace(/\s+/g, ' ')).toContain('not on the npm registry yet');
  });

  it('names no registry install anywhere else in the docs', () => {
    for (const doc of docs)
      expect(readFileSync(path.join(root, doc), 'utf8')).not.toMatch(new RegExp(`npm (?:install|i) (?:-D |--save-dev )?${name}(?![-\\w])`));
  });
});

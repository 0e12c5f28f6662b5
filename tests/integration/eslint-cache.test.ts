import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import { afterAll, expect, it } from 'vitest';

// What the docs say of ESLint's `--cache` (docs/rules/no-outlived-promise.md#eslints-cache): it keys a file's
// results by that file alone, so a report that depends on another module stays as it was when only that module
// changes, until the file itself changes or the cache is dropped. Run on the build (`npm test` builds first).

const folder = mkdtempSync(path.join(os.tmpdir(), 'promise-lifetime-cache-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const built = pathToFileURL(path.join(__dirname, '..', '..', 'dist', 'index.js')).href;
const write = (file: string, text: string): void => writeFileSync(path.join(folder, file), text);
write('package.json', '{ "type": "module" }\n');
write('eslint.config.mjs', `import promiseLifetime from '${built}';\nexport default [promiseLifetime.configs.recommended];\n`);
write(
  'cli.mjs',
  `import { fatal } from './log.mjs';\n\nasync function upload(data) {\n  await fetch('https://example.com', { method: 'POST', body: data });\n}\n\nexport function run(data) {\n  upload(data);\n  fatal('done');\n}\n`,
);
const exiting = `export function fatal(message) {\n  console.error(message);\n  process.exit(1);\n}\n`;
const returning = `export function fatal(message) {\n  console.error(message);\n}\n`;

/** The rules look at another module's file again at most once a second (analysis/project/node-file-host.ts). */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 1100));
}

async function reports(cache: boolean, cacheStrategy: 'metadata' | 'content' = 'metadata'): Promise<string[]> {
  // Not the cache's own file when uncached: ESLint deletes the file at its cacheLocation when the cache is off.
  const cacheLocation = path.join(folder, cache ? `.eslintcache-${cacheStrategy}` : '.eslintcache-unused');
  const eslint = new ESLint({ cwd: folder, cache, cacheStrategy, cacheLocation });
  const [result] = await eslint.lintFiles(['cli.mjs']);
  return (result?.messages ?? []).map((message) => `${message.line} ${message.ruleId}`);
}

it.each(['metadata', 'content'] as const)(
  'keeps a report that another module decided, with --cache-strategy %s, until the cache is dropped',
  async (strategy) => {
    write('log.mjs', exiting);
    await settle();
    expect(await reports(true, strategy)).toEqual(['8 promise-lifetime/no-outlived-promise']);
    // `fatal()` no longer exits: the report is gone, but the cache knows only cli.mjs, which did not change.
    write('log.mjs', returning);
    await settle();
    expect(await reports(false)).toEqual([]);
    expect(await reports(true, strategy)).toEqual(['8 promise-lifetime/no-outlived-promise']);
  },
);

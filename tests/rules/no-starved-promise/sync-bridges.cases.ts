import type rule from '../../../rules/no-starved-promise';
import type { Section } from '../cases';
import { BRIDGE, starved } from './messages';
import { work } from './snippets';

/*
 * Sync bridges that block until asynchronous work returns: deasync, synckit, sync-rpc, sync-fetch.
 */

export const syncBridges: Section<typeof rule> = {
  name: 'sync-bridges',
  valid: [
    // ── making a synchronous function does not block; calling it would ───────────────────────────────
    // Making a synchronous function does not block; calling it would.
    `import deasync from 'deasync';\nimport { readFile } from 'node:fs';\n${work}function main() {\n  work();\n  const readSync = deasync(readFile);\n}`,
    `import { createSyncFn } from 'synckit';\n${work}function main() {\n  work();\n  const fn = createSyncFn('/worker.js');\n}`,
  ],
  invalid: [
    // ── sync bridges ─────────────────────────────────────────────────────────────────────────────────
    {
      // The message's wording for a bridge with a duration is not asserted here (see the report on this rule).
      code: `import deasync from 'deasync';
async function work() { await null; }
function main() {
  work();
  deasync.sleep(100);
}`,
      errors: [{ messageId: 'starved', line: 4 }],
    },
    {
      code: `const deasync = require('deasync');
async function work() { await null; }
function main() {
  let done = false;
  work();
  deasync.loopWhile(() => !done);
}`,
      filename: 'file.cjs',
      errors: [{ messageId: 'starved', line: 5, data: starved('work()', 'deasync.loopWhile(() => !done)', 6, BRIDGE) }],
    },
    {
      code: `import deasync from 'deasync';
import { readFile } from 'node:fs';
const readFileSync = deasync(readFile);
async function work() { await null; }
function main() {
  work();
  return readFileSync('config.json');
}`,
      errors: [{ messageId: 'starved', line: 6, data: starved('work()', "readFileSync('config.json')", 7, BRIDGE) }],
    },
    {
      code: `import { createSyncFn } from 'synckit';
const compileSync = createSyncFn(require.resolve('./worker.js'));
async function work() { await null; }
function main() {
  work();
  return compileSync('src');
}`,
      errors: [{ messageId: 'starved', line: 5, data: starved('work()', "compileSync('src')", 6, BRIDGE) }],
    },
    {
      code: `import fetchSync from 'sync-fetch';
async function work() { await null; }
function main() {
  work();
  return fetchSync('https://example.com').json();
}`,
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "fetchSync('https://example.com')", 5, BRIDGE) }],
    },
    {
      code: `const rpc = require('sync-rpc');
const client = rpc(__dirname + '/worker.js', {});
async function work() { await null; }
function main() {
  work();
  return client('query');
}`,
      filename: 'file.js',
      errors: [{ messageId: 'starved', line: 5, data: starved('work()', "client('query')", 6, BRIDGE) }],
    },
    {
      code: `import deasync from 'deasync';\n${work}function main() {\n  work();\n  deasync.sleep(100);\n}`,
      errors: [
        {
          messageId: 'starved',
          line: 5,
          data: { task: 'work()', chain: '', block: 'deasync.sleep(100)', line: 6, verb: 'blocks the event loop', duration: ' for 100 ms', through: '' },
        },
      ],
    },
  ],
};

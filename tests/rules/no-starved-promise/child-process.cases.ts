import type rule from '../../../rules/no-starved-promise';
import type { Section } from '../cases';
import { CHILD, starved } from './messages';
import { work } from './snippets';

/*
 * child_process's synchronous calls (`execSync`, `execFileSync`, `spawnSync`), imported as ES modules,
 * required, or imported dynamically.
 */

export const childProcess: Section<typeof rule> = {
  name: 'child-process',
  valid: [
    // ── not child_process's blocking calls ───────────────────────────────────────────────────────────
    `import { exec } from 'node:child_process';
async function work() { await null; }
function main() {
  work();
  exec('make');
}`,
    `import { execSync } from './shell.js';
async function work() { await null; }
function main() {
  work();
  execSync('make');
}`,
    `async function work() { await null; }
function execSync(command: string) {
  console.log(command);
}
function main() {
  work();
  execSync('make');
}`,
  ],
  invalid: [
    // ── ESM imports ──────────────────────────────────────────────────────────────────────────────────
    {
      code: `import { execSync } from 'node:child_process';
async function work() { await null; }
function main() {
  work();
  execSync('sleep 1');
}`,
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "execSync('sleep 1')", 5, CHILD) }],
    },
    {
      code: `import { execFileSync } from 'child_process';
async function work() { await null; }
function main() {
  work();
  execFileSync('tsc', ['-p', '.']);
}`,
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "execFileSync('tsc', ['-p', '.'])", 5, CHILD) }],
    },
    {
      code: `import { spawnSync } from 'node:child_process';
async function work() { await null; }
function main() {
  work();
  spawnSync('sleep', ['1']);
}`,
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "spawnSync('sleep', ['1'])", 5, CHILD) }],
    },
    {
      code: `import * as cp from 'node:child_process';
async function work() { await null; }
function main() {
  work();
  cp.spawnSync('ls');
}`,
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "cp.spawnSync('ls')", 5, CHILD) }],
    },
    {
      code: `import cp from 'child_process';
async function work() { await null; }
function main() {
  work();
  cp.execFileSync('ls');
}`,
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "cp.execFileSync('ls')", 5, CHILD) }],
    },
    {
      code: `import { execSync as run } from 'node:child_process';
async function work() { await null; }
function main() {
  work();
  run('make');
}`,
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "run('make')", 5, CHILD) }],
    },
    {
      // Only the first blocking a task meets is reported.
      code: `import { execFileSync, spawnSync } from 'child_process';
async function work() { await null; }
function main() {
  work();
  execFileSync('ls');
  spawnSync('ls');
}`,
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "execFileSync('ls')", 5, CHILD) }],
    },
    {
      code: `import { execSync } from 'node:child_process';
async function work() { await null; }
function main() {
  work();
  execSync('make', { stdio: 'inherit' });
}`,
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "execSync('make', { stdio: 'inherit' })", 5, CHILD) }],
    },

    // ── CommonJS and dynamic import ──────────────────────────────────────────────────────────────────
    {
      code: `const { execSync } = require('child_process');
async function work() { await null; }
function main() {
  work();
  execSync('make');
}`,
      filename: 'file.cjs',
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "execSync('make')", 5, CHILD) }],
    },
    {
      code: `const cp = require('node:child_process');
async function work() { await null; }
function main() {
  work();
  cp.execFileSync('ls');
}`,
      filename: 'file.js',
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "cp.execFileSync('ls')", 5, CHILD) }],
    },
    {
      code: `const { spawnSync: spawn } = require('node:child_process');
async function work() { await null; }
function main() {
  work();
  spawn('ls');
}`,
      filename: 'file.cjs',
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "spawn('ls')", 5, CHILD) }],
    },
    {
      code: `const { execSync } = require('node:child_process');
async function work() { await null; }
module.exports = function main() {
  work();
  execSync('make');
};`,
      filename: 'file.cjs',
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "execSync('make')", 5, CHILD) }],
    },
    {
      code: `const { execSync } = await import('node:child_process');
async function work() { await null; }
work();
execSync('make');`,
      filename: 'file.mjs',
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', "execSync('make')", 4, CHILD) }],
    },
    {
      code: `${work}function main() {\n  work();\n  require('node:child_process').execSync('ls');\n}`,
      errors: [{ messageId: 'starved', line: 4 }],
    },
    {
      code: `import cp = require('node:child_process');\n${work}function main(): void {\n  work();\n  cp.execSync('make');\n}`,
      filename: 'file.ts',
      errors: [{ messageId: 'starved', line: 5 }],
    },
  ],
};

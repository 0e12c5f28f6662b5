import type rule from '../../../rules/no-starved-promise';
import type { Section } from '../cases';
import { FS, starved } from './messages';

/*
 * `node:fs`'s `*Sync` calls, which count as blocking only with `fsSync: true`.
 */

export const fsSync: Section<typeof rule> = {
  name: 'fs-sync',
  valid: [
    // ── without `fsSync` ─────────────────────────────────────────────────────────────────────────────
    `import { readFileSync } from 'node:fs';
async function work() { await null; }
function main() {
  work();
  return readFileSync('config.json', 'utf8');
}`,
    `import * as fs from 'fs';
async function work() { await null; }
function main() {
  work();
  fs.mkdirSync('out', { recursive: true });
}`,
    `import { readFileSync } from 'node:fs';
declare function load(): Promise<void>;
function main(): Promise<void> {
  const t = load();
  readFileSync('config.json');
  return t;
}`,

    // ── with `fsSync`: no *Sync call, or a join first ────────────────────────────────────────────────
    {
      code: `import { readFile } from 'node:fs/promises';
async function work() { await null; }
function main() {
  work();
  return readFile('config.json', 'utf8');
}`,
      options: [{ fsSync: true }],
    },
    {
      code: `import { readFileSync } from 'node:fs';
async function work() { await null; }
async function main() {
  await work();
  return readFileSync('config.json', 'utf8');
}`,
      options: [{ fsSync: true }],
    },
  ],
  invalid: [
    // ── with `fsSync: true` ──────────────────────────────────────────────────────────────────────────
    {
      code: `import { readFileSync } from 'node:fs';
async function work() { await null; }
function main() {
  work();
  return readFileSync('config.json', 'utf8');
}`,
      options: [{ fsSync: true }],
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "readFileSync('config.json', 'utf8')", 5, FS) }],
    },
    {
      code: `const fs = require('fs');
async function work() { await null; }
function main() {
  work();
  fs.writeFileSync('out.txt', 'x');
}`,
      filename: 'file.cjs',
      options: [{ fsSync: true }],
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "fs.writeFileSync('out.txt', 'x')", 5, FS) }],
    },
    {
      code: `import fs from 'node:fs';
async function work() { await null; }
function main() {
  work();
  if (fs.existsSync('out')) return;
}`,
      options: [{ fsSync: true }],
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "fs.existsSync('out')", 5, FS) }],
    },
    {
      code: `import * as fs from 'fs';
async function work() { await null; }
function main() {
  work();
  fs.mkdirSync('out', { recursive: true });
}`,
      options: [{ fsSync: true }],
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "fs.mkdirSync('out', { recursive: true })", 5, FS) }],
    },
    {
      code: `import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
function main(): Promise<unknown> {
  const a = readFile('a.txt');
  const b = readFileSync('b.txt');
  return Promise.all([a, b]);
}`,
      options: [{ fsSync: true }],
      errors: [{ messageId: 'starved', line: 4, data: starved("readFile('a.txt')", "readFileSync('b.txt')", 5, FS) }],
    },
  ],
};

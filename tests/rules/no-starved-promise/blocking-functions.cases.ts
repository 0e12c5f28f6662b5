import type rule from '../../../rules/no-starved-promise';
import type { Section } from '../cases';
import { CONFIGURED, starved } from './messages';
import { work } from './snippets';

/*
 * The `blockingFunctions` option: more functions that block, by name, by package or in the file.
 */

export const blockingFunctions: Section<typeof rule> = {
  name: 'blocking-functions',
  valid: [
    // ── options that do not match, or a join first ───────────────────────────────────────────────────
    {
      code: `import { hashSync } from 'bcryptjs';
async function work() { await null; }
function main() {
  work();
  hashSync('secret', 12);
}`,
      options: [{ blockingFunctions: [{ from: 'package', package: 'bcrypt', name: 'hashSync' }] }],
    },
    {
      code: `async function work() { await null; }
function computeHashSync(input: string) { return input; }
async function main() {
  await work();
  computeHashSync('x');
}`,
      options: [{ blockingFunctions: ['computeHashSync'] }],
    },
    {
      code: `async function work() { await null; }
function computeHashSync(input: string) { return input; }
function main() {
  work();
  computeHashSync('x');
}`,
      options: [{ blockingFunctions: ['otherSync'] }],
    },
  ],
  invalid: [
    // ── `blockingFunctions` ──────────────────────────────────────────────────────────────────────────
    {
      code: `async function work() { await null; }
function computeHashSync(input: string) { return input; }
function main() {
  work();
  computeHashSync('x');
}`,
      options: [{ blockingFunctions: ['computeHashSync'] }],
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "computeHashSync('x')", 5, CONFIGURED) }],
    },
    {
      code: `import crypto from 'node:crypto';
async function work() { await null; }
function main() {
  work();
  crypto.scryptSync('secret', 'salt', 64);
}`,
      options: [{ blockingFunctions: ['crypto.scryptSync'] }],
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "crypto.scryptSync('secret', 'salt', 64)", 5, CONFIGURED) }],
    },
    {
      code: `import { hashSync } from 'bcrypt';
async function work() { await null; }
function main() {
  work();
  hashSync('secret', 12);
}`,
      options: [{ blockingFunctions: [{ from: 'package', package: 'bcrypt', name: 'hashSync' }] }],
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "hashSync('secret', 12)", 5, CONFIGURED) }],
    },
    {
      code: `const bcrypt = require('bcrypt');
async function work() { await null; }
function main() {
  work();
  bcrypt.hashSync('secret', 12);
}`,
      filename: 'file.cjs',
      options: [{ blockingFunctions: [{ from: 'package', package: 'bcrypt', name: ['hashSync', 'compareSync'] }] }],
      errors: [{ messageId: 'starved', line: 4, data: starved('work()', "bcrypt.hashSync('secret', 12)", 5, CONFIGURED) }],
    },
    {
      code: `async function work() { await null; }
function crunch() {
  let x = 0;
  for (let i = 0; i < 1e9; i++) x += i;
  return x;
}
function main() {
  work();
  crunch();
}`,
      options: [{ blockingFunctions: [{ from: 'file', name: 'crunch' }] }],
      errors: [{ messageId: 'starved', line: 8, data: starved('work()', 'crunch()', 9, CONFIGURED) }],
    },
    {
      code: `async function work() { await null; }
function main(big: unknown) {
  work();
  structuredClone(big);
}`,
      options: [{ blockingFunctions: [{ from: 'lib', name: 'structuredClone' }] }],
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', 'structuredClone(big)', 4, CONFIGURED) }],
    },
    {
      // A configured blocker inside a helper blocks its callers too.
      code: `async function work() { await null; }
function sleepSync(ms: number) { return ms; }
function settle() {
  sleepSync(5);
}
function main() {
  work();
  settle();
}`,
      options: [{ blockingFunctions: ['sleepSync'] }],
      errors: [{ messageId: 'starved', line: 7, data: starved('work()', 'settle()', 8, CONFIGURED, { through: ['sleepSync(5)', 4] }) }],
    },
    {
      code: `declare function load(): Promise<void>;
declare function computeHashSync(input: string): string;
function main(): void {
  load();
  computeHashSync('x');
}`,
      options: [{ blockingFunctions: ['computeHashSync'] }],
      errors: [{ messageId: 'starved', line: 4, data: starved('load()', "computeHashSync('x')", 5, CONFIGURED) }],
    },
    {
      code: `import { hashSync } from 'bcrypt';
declare function load(): Promise<void>;
function main(): void {
  void load();
  hashSync('secret', 12);
}`,
      options: [{ blockingFunctions: [{ from: 'package', package: 'bcrypt', name: 'hashSync' }] }],
      errors: [{ messageId: 'starved', line: 4, data: starved('load()', "hashSync('secret', 12)", 5, CONFIGURED) }],
    },
    {
      code: `declare function blockFor(ms: number): void;\n${work}function main(): void {\n  work();\n  blockFor(100);\n}`,
      filename: 'file.ts',
      options: [{ blockingFunctions: [{ from: 'file', name: 'blockFor' }] }],
      errors: [{ messageId: 'starved', line: 5 }],
    },
  ],
};

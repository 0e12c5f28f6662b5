import { describe, expect, it } from 'vitest';
import { createAnalysisOptions } from '../../analysis';
import { parse } from '@typescript-eslint/parser';
import { fileMayReport, textMayEndOrBlock, textSpecifiers } from '../../analysis/lifetime/end-reach';
import type { AnalysisOptions, Program } from '../../analysis';

// The words a module's text needs before any of its functions can exit or block (end-reach.ts): a false
// "no" would hide a finding, so every case the analysis recognises must answer yes.

const options = createAnalysisOptions({ filename: 'file.js' });

describe('textMayEndOrBlock', () => {
  it.each([
    'process.exit(1)',
    "const { exit } = require('process');\nexit(0);",
    "import process from 'node:process';\nprocess.abort();",
    'process.kill(process.pid)',
    'Deno.exit(0)',
    "import { program } from 'commander';\nprogram.error('no');",
    "const yargs = require('yargs');",
    "import { Command } from '@oclif/core';",
    'Atomics.wait(view, 0, 0, 100)',
    "import { execSync } from 'node:child_process';\nexecSync('make');",
    "const deasync = require('deasync');",
    'while (Date.now() < end) {}',
    'do { spin++; } while (performance.now() - start < 5);',
    'for (;;) {\n  if (Date.now() > end) {\n    log({ at: 1 });\n    break;\n  }\n}',
    'for (;;) if (process.hrtime()[0] > 3) break;',
    'while (ready() && new Date() < deadline) {}',
  ])('may: %s', (text) => {
    expect(textMayEndOrBlock(text, options)).toBe(true);
  });

  it.each([
    'exit();',
    '// we exit here\nfoo();',
    'const when = new Date();\nfor (const item of items) send(item, when);',
    'controller.abort();',
    'const timer = setTimeout(run, 10);',
  ])('may not: %s', (text) => {
    expect(textMayEndOrBlock(text, options)).toBe(false);
  });

  it('knows the configured exit and blocking functions, and fs *Sync calls when they block', () => {
    expect(textMayEndOrBlock('shutdown()', createAnalysisOptions({ filename: 'file.js', exitFunctions: ['shutdown'] }))).toBe(true);
    expect(textMayEndOrBlock('wait.forMe()', createAnalysisOptions({ filename: 'file.js', blockingFunctions: [{ from: 'file', name: 'forMe' }] }))).toBe(true);
    expect(textMayEndOrBlock("fs.readFileSync('a')", options)).toBe(false);
    expect(textMayEndOrBlock("fs.readFileSync('a')", createAnalysisOptions({ filename: 'file.js', fsSyncBlocks: true }))).toBe(true);
  });
});

describe('textSpecifiers', () => {
  it('reads import, export from, require and import() without a parse', () => {
    const text = "import a from './a';\nexport * from \"./b\";\nconst c = require('./c');\nconst d = await import('./d');\nimport './e';";
    expect(textSpecifiers(text)).toEqual(['./a', './b', './c', './d', './e']);
  });
});

/** `fileMayReport` of a snippet, parsed as a module. */
const textMayReport = (text: string, fileOptions: AnalysisOptions): boolean =>
  fileMayReport(parse(text, { range: true, loc: true, sourceType: 'module' }) as unknown as Program, text, fileOptions);

describe('fileMayReport', () => {
  it.each([
    'process.exit(1)',
    'db.close()',
    'db?.close?.()',
    "client['end']()",
    '(socket.destroy)();',
    'await using connection = open();',
    'exports.handler = async () => {};',
    'export const handler = middy(async () => {});',
    'export { main as handler };',
    'module.exports = { handler: main };',
    'export default { async fetch(request, env, ctx) {} };',
    "self.addEventListener('fetch', (event) => {});",
    'self.onfetch = (event) => {};',
    "const { onRequest } = require('firebase-functions/v2/https');",
    "process.on('exit', () => {});",
    "it('works', async () => {});",
    "it.concurrent('works', async () => {});",
    'test.each`a`("x", () => {});',
    'before(async () => {});',
    "import test from 'node:test';",
    "import { test as check } from 'vitest';",
  ])('may: %s', (text) => {
    expect(textMayReport(text, options)).toBe(true);
  });

  it.each([
    'async function work() { await fetch(url); }\nwork();',
    '// close the door at the end; it is done\nconst closed = true;',
    "const handlers = { close: 1 };\nconsole.log('testing');",
    "stream.on('close', done);\nemitter.emit('end');",
    'const ok = /x/.test(value);\nrun(options.before, options.after);',
    'function handler(event) {}\nbus.on("message", handler);',
    'export async function fetchAll() { return fetch(url); }',
  ])('may not: %s', (text) => {
    expect(textMayReport(text, options)).toBe(false);
  });
  it('knows route files by their path, and the configured handler exports and closers', () => {
    const text = 'export async function GET() { work(); }';
    expect(textMayReport(text, options)).toBe(false);
    expect(textMayReport(text, createAnalysisOptions({ filename: 'app/api/route.ts' }))).toBe(true);
    expect(textMayReport('export const main = () => {};', createAnalysisOptions({ filename: 'file.js', handlerExports: ['main'] }))).toBe(true);
    expect(textMayReport('pool.shutdown();', createAnalysisOptions({ filename: 'file.js', closeMethods: ['shutdown'] }))).toBe(true);
  });

  it('asks the resolver about each import, and assumes the worst of one that cannot answer without a parse', () => {
    const asked: string[] = [];
    const resolveImport = Object.assign(() => null, {
      mayEndModule: (_from: string, specifier: string) => {
        asked.push(specifier);
        return specifier === './exits';
      },
    });
    const text = "import { a } from './quiet';\nconst b = require('./exits');";
    expect(textMayReport(text, createAnalysisOptions({ filename: 'file.js', resolveImport }))).toBe(true);
    expect(asked).toEqual(['./quiet', './exits']);
    expect(textMayReport("import { a } from './quiet';", createAnalysisOptions({ filename: 'file.js', resolveImport }))).toBe(false);
    expect(textMayReport("import { a } from './quiet';", createAnalysisOptions({ filename: 'file.js', resolveImport: Object.assign(() => null, {}) }))).toBe(
      true,
    );
  });
});

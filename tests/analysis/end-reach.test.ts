import { describe, expect, it } from 'vitest';
import { createAnalysisOptions } from '../../analysis';
import { textMayEndOrBlock, textSpecifiers } from '../../analysis/lifetime/end-reach';

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

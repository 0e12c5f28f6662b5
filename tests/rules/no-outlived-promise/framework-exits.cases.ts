import path from 'node:path';
import type rule from '../../../rules/no-outlived-promise';
import type { Section } from '../cases';
import { commonjsPackageDir } from '../../rule-tester';
import { exitData } from './messages';

/*
 * `framework-exits`: the calls of CLI frameworks that end the process as `process.exit()` does (see
 * analysis/lifetime/framework-exits.ts): commander's `.error()` and `.help()`, yargs's `.exit()`, oclif's
 * `this.exit()` and `this.error()`; and what keeps them from exiting (`.exitOverride()`, `.exitProcess(false)`,
 * a `try`), or from being the framework's at all (a local `program`, another class's `exit()`).
 */

const OCLIF = '@oclif/core is not installed here, so its import does not resolve in the typed project';
const CJS = 'its file is in tests/fixtures/commonjs-package/, which no typed project includes';

export const frameworkExits: Section<typeof rule> = {
  name: 'framework-exits',
  valid: [
    // ── commander: exits turned into throws, help that only prints, a `program` of the file's own ────
    `import { program } from 'commander';
async function upload(file: string) { await null; }
program.exitOverride();
upload('a.csv');
program.error('only CSV files');`,
    `import { Command } from 'commander';
async function upload(file: string) { await null; }
const program = new Command().name('report').exitOverride();
const sync = program.command('sync');
upload('a.csv');
sync.error('nothing to sync');`,
    `import { program } from 'commander';
async function upload(file: string) { await null; }
upload('a.csv');
program.outputHelp();`,
    `async function upload(file: string) { await null; }
const program = { error(message: string) { console.error(message); } };
upload('a.csv');
program.error('only CSV files');`,
    `import { program as cli } from 'commander';
async function upload(file: string) { await null; }
function report(program: { error(message: string): void }) {
  upload('a.csv');
  program.error('only CSV files');
}
report(cli);`,
    `import { program } from 'commander';
async function upload(file: string) { await null; }
upload('a.csv').finally(() => program.error('only CSV files'));`,

    // ── yargs: exiting turned off, help that only prints, instances the analysis cannot follow ──────
    `import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
async function upload(file: string) { await null; }
const cli = yargs(hideBin(process.argv)).exitProcess(false);
upload('a.csv');
cli.exit(1, new Error('bad input'));`,
    `import yargs from 'yargs';
async function upload(file: string) { await null; }
const cli = yargs(['sync']);
cli.command('sync', 'upload the reports', () => {}, () => {
  upload('a.csv');
  cli.exit(1, new Error('bad input'));
});
cli.parse(['sync'], {}, (error, argv, output) => console.log(output));`,
    `import yargs from 'yargs';
async function upload(file: string) { await null; }
const cli = yargs(process.argv.slice(2));
upload('a.csv');
cli.showHelp();`,
    `import yargs from 'yargs';
declare const other: ReturnType<typeof yargs>;
async function upload(file: string) { await null; }
let cli = yargs(process.argv.slice(2));
cli = other;
upload('a.csv');
cli.exit(1, new Error('bad input'));`,

    // ── an `exit()` of another class ─────────────────────────────────────────────────────────────────
    `async function upload(file: string) { await null; }
class Game { exit(code: number) { console.log('bye', code); } }
const game = new Game();
upload('a.csv');
game.exit(0);`,

    // ── oclif: what its runner never sees, and classes that are not its commands ─────────────────────
    {
      typed: 'never',
      reason: OCLIF,
      code: `import { Command } from '@oclif/core';
async function upload(file: string) { await null; }
export default class Sync extends Command {
  async run() {
    upload('a.csv');
    this.error('the upload may be late', { exit: false });
  }
}`,
    },
    {
      typed: 'never',
      reason: OCLIF,
      code: `import { Command } from '@oclif/core';
async function upload(file: string) { await null; }
export default class Sync extends Command {
  async run() {
    upload('a.csv');
    try {
      this.exit(1);
    } catch {
      this.log('still here');
    }
  }
}`,
    },
    {
      typed: 'never',
      reason: OCLIF,
      code: `import { Command } from '@oclif/core';
async function upload(file: string) { await null; }
export default class Sync extends Command {
  async run() {
    upload('a.csv');
    this.exit(1);
  }
  async catch(error: Error) {
    this.log(error.message);
  }
}`,
    },
    {
      typed: 'never',
      reason: OCLIF,
      code: `import { Command } from '@oclif/core';
async function upload(file: string) { await null; }
export default class Sync extends Command {
  async run() {
    [1, 2].forEach(() => {
      upload('a.csv');
      this.exit(1);
    });
  }
}`,
    },
    `async function upload(file: string) { await null; }
class Command { exit(code: number) { console.log('bye', code); } }
export default class Sync extends Command {
  async run() {
    upload('a.csv');
    this.exit(1);
  }
}`,
  ],
  invalid: [
    // ── commander ────────────────────────────────────────────────────────────────────────────────────
    {
      code: `import { program } from 'commander';
async function upload(file: string) { await null; }
program.argument('<file>').action(async (file: string) => {
  upload(file);
  if (!file.endsWith('.csv')) program.error('only CSV files');
});`,
      errors: [
        {
          messageId: 'exit',
          data: exitData('upload(file)', "program.error('only CSV files')", 5),
          line: 4,
          suggestions: [
            {
              messageId: 'awaitBeforeEnd',
              output: `import { program } from 'commander';
async function upload(file: string) { await null; }
program.argument('<file>').action(async (file: string) => {
  const uploadTask = upload(file);
  if (!file.endsWith('.csv')) { await uploadTask; program.error('only CSV files'); }
});`,
            },
          ],
        },
      ],
    },
    {
      code: `import { Command } from 'commander';
async function upload(file: string) { await null; }
const program = new Command().name('report').option('-v, --verbose');
upload('a.csv');
program.help();`,
      errors: [
        {
          messageId: 'exit',
          data: exitData("upload('a.csv')", 'program.help()', 5),
          line: 4,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `import { Command } from 'commander';
async function upload(file: string) { await null; }
const program = new Command().name('report').option('-v, --verbose');
await upload('a.csv');
program.help();`,
            },
          ],
        },
      ],
    },
    {
      code: `import { createCommand } from 'commander';
async function upload(file: string) { await null; }
const sync = createCommand('sync').description('upload the reports');
function main() {
  upload('a.csv');
  sync.error('nothing to sync', { exitCode: 3 });
}`,
      errors: [{ messageId: 'exit', data: exitData("upload('a.csv')", "sync.error('nothing to sync', { exitCode: 3 })", 6), line: 5, suggestions: [] }],
    },
    {
      // A subcommand exits as its program does.
      code: `import { program } from 'commander';
async function upload(file: string) { await null; }
const sync = program.command('sync');
async function main() {
  upload('a.csv');
  sync.error('nothing to sync');
}`,
      errors: [
        {
          messageId: 'exit',
          data: exitData("upload('a.csv')", "sync.error('nothing to sync')", 6),
          line: 5,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `import { program } from 'commander';
async function upload(file: string) { await null; }
const sync = program.command('sync');
async function main() {
  await upload('a.csv');
  sync.error('nothing to sync');
}`,
            },
          ],
        },
      ],
    },
    {
      // Through a helper that exits.
      code: `import { program } from 'commander';
async function upload(file: string) { await null; }
function fail(message: string) {
  program.error(message);
}
async function main() {
  upload('a.csv');
  fail('only CSV files');
}`,
      errors: [
        {
          messageId: 'exit',
          data: exitData("upload('a.csv')", "fail('only CSV files')", 8),
          line: 7,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `import { program } from 'commander';
async function upload(file: string) { await null; }
function fail(message: string) {
  program.error(message);
}
async function main() {
  await upload('a.csv');
  fail('only CSV files');
}`,
            },
          ],
        },
      ],
    },

    // ── yargs ────────────────────────────────────────────────────────────────────────────────────────
    {
      code: `import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
async function upload(file: string) { await null; }
const cli = yargs(hideBin(process.argv)).scriptName('report').option('file', { type: 'string' });
async function main() {
  upload('a.csv');
  cli.exit(1, new Error('bad input'));
}`,
      errors: [
        {
          messageId: 'exit',
          data: exitData("upload('a.csv')", "cli.exit(1, new Error('bad input'))", 7),
          line: 6,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
async function upload(file: string) { await null; }
const cli = yargs(hideBin(process.argv)).scriptName('report').option('file', { type: 'string' });
async function main() {
  await upload('a.csv');
  cli.exit(1, new Error('bad input'));
}`,
            },
          ],
        },
      ],
    },
    {
      code: `import Yargs from 'yargs/yargs';
async function upload(file: string) { await null; }
const cli = Yargs(process.argv.slice(2));
upload('a.csv');
cli.exit(0, new Error('done'));`,
      errors: [
        {
          messageId: 'exit',
          data: exitData("upload('a.csv')", "cli.exit(0, new Error('done'))", 5),
          line: 4,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `import Yargs from 'yargs/yargs';
async function upload(file: string) { await null; }
const cli = Yargs(process.argv.slice(2));
await upload('a.csv');
cli.exit(0, new Error('done'));`,
            },
          ],
        },
      ],
    },
    {
      typed: 'never',
      reason: CJS,
      // Up to yargs 17, \`require('yargs')\` is an instance itself.
      code: `const yargs = require('yargs');
async function upload(file) { await null; }
upload('a.csv');
yargs.exit(1, new Error('bad input'));`,
      filename: path.join(commonjsPackageDir, 'cli.js'),
      errors: [{ messageId: 'exit', data: exitData("upload('a.csv')", "yargs.exit(1, new Error('bad input'))", 4), line: 3, suggestions: [] }],
    },

    // ── oclif ────────────────────────────────────────────────────────────────────────────────────────
    {
      typed: 'never',
      reason: OCLIF,
      code: `import { Command } from '@oclif/core';
async function upload(file: string) { await null; }
export default class Sync extends Command {
  async run() {
    upload('a.csv');
    this.exit(1);
  }
}`,
      errors: [
        {
          messageId: 'exit',
          data: exitData("upload('a.csv')", 'this.exit(1)', 6),
          line: 5,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `import { Command } from '@oclif/core';
async function upload(file: string) { await null; }
export default class Sync extends Command {
  async run() {
    await upload('a.csv');
    this.exit(1);
  }
}`,
            },
          ],
        },
      ],
    },
    {
      typed: 'never',
      reason: OCLIF,
      code: `import { Command } from '@oclif/core';
async function upload(file: string) { await null; }
export default class Sync extends Command {
  async run() {
    const sent = upload('a.csv');
    if (process.argv.length < 3) this.error('no input', { exit: 2 });
    await sent;
  }
}`,
      errors: [
        {
          messageId: 'exit',
          data: exitData("upload('a.csv')", "this.error('no input', { exit: 2 })", 6),
          line: 5,
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `import { Command } from '@oclif/core';
async function upload(file: string) { await null; }
export default class Sync extends Command {
  async run() {
    const sent = upload('a.csv');
    if (process.argv.length < 3) { await sent; this.error('no input', { exit: 2 }); }
    await sent;
  }
}`,
            },
          ],
        },
      ],
    },
  ],
};

import path from 'node:path';
import type rule from '../../../rules/no-outlived-promise';
import type { Section } from '../cases';
import { moduleMapDir } from '../../rule-tester';
import { exitData } from './messages';

/*
 * `module-map`: the project's other modules reached by a non-relative specifier the project maps to its
 * own files (tests/fixtures/module-map/): a tsconfig.json `paths` alias, a workspace package linked in
 * node_modules (built to a dist/ that is not there: its source is read), and package.json `imports`; and
 * the file's options applying inside those modules (an imported helper calling a configured exit
 * function exits). Installed packages and aliases that lead nowhere stay unknown.
 */

const main = path.join(moduleMapDir, 'src', 'main.ts');
const OUTSIDE = 'its file is in tests/fixtures/module-map/, a project of its own (its tsconfig.json, its workspace package) outside the typed fixture project';
const TERMINATE = [{ from: 'package' as const, package: 'graceful-terminate', name: 'terminate' }];

export const moduleMap: Section<typeof rule> = {
  name: 'module-map',
  valid: [
    {
      // The alias leads nowhere, and an installed package is package JavaScript: both unknown, so not reported.
      code: `import { upload } from '@nowhere/upload';
import { sync } from 'installed-helper';
import { send } from '@/lib/missing';
export function main() {
  upload('x');
  sync(['y']);
  send('z');
  process.exit(0);
}`,
      filename: main,
      typed: 'never',
      reason: OUTSIDE,
    },
    {
      // Without the option naming `terminate()` an exit function, `stop()` does not exit.
      code: `import { stop } from '@/lib/shutdown';
import { upload } from '@/lib/upload';
export function main() {
  upload('x');
  stop(0);
}`,
      filename: main,
      typed: 'never',
      reason: OUTSIDE,
    },
    {
      code: `import { upload } from '@/lib/upload';
export function main() {
  upload('x');
  process.exit(0);
}`,
      filename: main,
      options: [{ followImports: false }],
      typed: 'never',
      reason: OUTSIDE,
    },
  ],
  invalid: [
    {
      // \`upload()\` is async in src/lib/upload.ts, which the tsconfig.json alias \`@/*\` names.
      code: `import { upload } from '@/lib/upload';
export function main() {
  upload('x');
  process.exit(0);
}`,
      filename: main,
      typed: 'never',
      reason: OUTSIDE,
      errors: [{ messageId: 'exit', data: exitData("upload('x')", 'process.exit(0)', 4), line: 3 }],
    },
    {
      // \`@acme/utils\` is a workspace package (node_modules/@acme/utils links to packages/utils): its
      // exports name dist/index.js, not built; packages/utils/src/index.ts is read.
      code: `import { sync } from '@acme/utils';
export function main(records: string[]) {
  sync(records);
  process.exit(0);
}`,
      filename: main,
      typed: 'never',
      reason: OUTSIDE,
      errors: [{ messageId: 'exit', data: exitData('sync(records)', 'process.exit(0)', 4), line: 3 }],
    },
    {
      // package.json \`imports\`: \`#lib/*\` is ./src/lib/*.ts.
      code: `import { upload } from '#lib/upload';
export function main() {
  upload('x');
  process.exit(0);
}`,
      filename: main,
      typed: 'never',
      reason: OUTSIDE,
      errors: [{ messageId: 'exit', data: exitData("upload('x')", 'process.exit(0)', 4), line: 3 }],
    },
    {
      // The file's \`exitFunctions\` apply inside src/lib/shutdown.ts: its \`stop()\` calls \`terminate()\`.
      code: `import { stop } from '@/lib/shutdown';
import { upload } from '@/lib/upload';
export function main() {
  upload('x');
  stop(0);
}`,
      filename: main,
      options: [{ exitFunctions: TERMINATE }],
      typed: 'never',
      reason: OUTSIDE,
      errors: [{ messageId: 'exit', data: exitData("upload('x')", 'stop(0)', 5), line: 4 }],
    },
  ],
};

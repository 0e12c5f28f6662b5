// Lints `count` generated files in this one process, each importing a module of its own, and prints the heap
// retained after a forced collection at each `every` files, as JSON. Run by tests/integration/bounded-memory.test.ts
// with `node --expose-gc`, on the build.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Linter } from 'eslint';
import plugin from '../../dist/index.js';

const [count = 3000, every = 500] = process.argv.slice(2).map(Number);
const folder = mkdtempSync(path.join(os.tmpdir(), 'promise-lifetime-heap-'));
const helper = (index) =>
  Array.from(
    { length: 12 },
    (_, k) =>
      `export async function work${k}(data) {\n  const response = await fetch('https://example.com/${index}/${k}', { method: 'POST', body: String(data) });\n  if (!response.ok) throw new Error('failed ${k}');\n  return response.status;\n}\n`,
  ).join('\n');
for (let index = 0; index < count; index++) {
  writeFileSync(path.join(folder, `helper${index}.mjs`), helper(index));
  writeFileSync(
    path.join(folder, `main${index}.mjs`),
    `import { work1 } from './helper${index}.mjs';\n\nexport function run(data) {\n  work1(data);\n  process.exit(0);\n}\n`,
  );
}
const linter = new Linter({ configType: 'flat', cwd: folder });
const config = [plugin.configs.recommended];
const retained = () => {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
};
const marks = [];
let reports = 0;
try {
  for (let index = 0; index < count; index++) {
    const file = path.join(folder, `main${index}.mjs`);
    reports += linter.verify(readFileSync(file, 'utf8'), config, file).filter((message) => message.ruleId === 'promise-lifetime/no-outlived-promise').length;
    if ((index + 1) % every === 0) marks.push({ files: index + 1, heap: retained() });
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}
console.log(JSON.stringify({ reports, marks }));

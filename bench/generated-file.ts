/**
 * A file of `count` functions (rounded up to whole groups of eight), each group using the constructs the analysis follows: tasks,
 * stored handles, branches, loops, `process.exit()`, an exit helper, a resource close, a Workers handler object and
 * a test. The rule's work per group is the same at every size, so its time should grow linearly with `count`.
 */
export function generatedFile(count: number): string {
  const lines = ["import { it } from 'vitest';", 'const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));', ''];
  for (let g = 0; g * 8 < count; g++) {
    const group = [
      `async function task${g}(x) { await sleep(x); return x + ${g}; }`,
      `function die${g}(message) { console.error(message); process.exit(2); }`,
      `function start${g}(items) {
  const pending = task${g}(items.length);
  if (items.length === 0) die${g}('empty');
  for (const item of items) { if (item < 0) break; void task${g}(item); }
  let k = 0;
  while (k < items.length) { k += 1; if (k > 100) return pending; }
  return pending.then((value) => value * 2);
}`,
      `async function join${g}(items) {
  const handle = start${g}(items);
  const all = Promise.all(items.map((item) => task${g}(item)));
  if (items.length > 3) { await handle; } else { handle.catch(() => {}); }
  try { await all; } catch (error) { console.error(error); }
  return handle;
}`,
      `async function use${g}(db) {
  const query = db.query('select ${g}');
  switch (db.mode) {
    case 1: await task${g}(1); break;
    case 2: task${g}(2).catch(() => {}); break;
    default: db.close();
  }
  await query;
}`,
      `async function main${g}(argv) {
  const work = join${g}(argv);
  if (argv.includes('--quick')) process.exit(0);
  await work;
  do { argv.pop(); } while (argv.length > 1);
}`,
      `const handlers${g} = {
  async fetch(request, env, ctx) { const t = task${g}(1); ctx.waitUntil(task${g}(2)); return new Response(String(await t)); },
};`,
      `it('group ${g}', async () => { const t = task${g}(3); await join${g}([1, 2]); await t; });`,
    ];
    lines.push(...group, '');
  }
  lines.push(`export const handler = async (event) => { void task0(event.size); return { statusCode: 200 }; };`);
  lines.push(`export default { async fetch(request, env, ctx) { task0(1); return new Response('ok'); } };`);
  lines.push(`export { ${Array.from({ length: Math.ceil(count / 8) }, (_, g) => `main${g}, use${g}, handlers${g}`).join(', ')} };`, '');
  return lines.join('\n');
}

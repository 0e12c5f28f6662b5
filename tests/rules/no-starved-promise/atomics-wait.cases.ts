import type rule from '../../../rules/no-starved-promise';
import type { Section } from '../cases';
import { ATOMICS, WAIT, starved } from './messages';
import { work } from './snippets';

/*
 * `Atomics.wait()` blocking the thread while a task is pending.
 */

export const atomicsWait: Section<typeof rule> = {
  name: 'atomics-wait',
  valid: [
    // ── not a blocking wait ──────────────────────────────────────────────────────────────────────────
    `async function work() { await null; }
function main() {
  work();
  Atomics.waitAsync(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}`,
    `async function work() { await null; }
function main(Atomics: { wait(...args: unknown[]): void }) {
  work();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}`,
    // A zero timeout returns at once.
    `${work}function main() {\n  work();\n  Atomics.wait(view, 0, 0, 0);\n}`,
  ],
  invalid: [
    // ── Atomics.wait ─────────────────────────────────────────────────────────────────────────────────
    {
      code: `async function work() { await null; }
function main() {
  work();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
}`,
      errors: [{ messageId: 'starved', line: 3, column: 3, endColumn: 9, data: starved('work()', WAIT, 4, ATOMICS, { ms: 300 }) }],
    },
    {
      // No timeout: no duration to state.
      code: `async function work() { await null; }
function main() {
  work();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', WAIT, 4, ATOMICS) }],
    },
    {
      code: `async function work() { await null; }
function main() {
  work();
  const view = new Int32Array(new SharedArrayBuffer(4));
  Atomics.wait(view, 0, 0, 1_000);
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', 'Atomics.wait(view, 0, 0, 1_000)', 5, ATOMICS, { ms: 1000 }) }],
    },
    {
      // A timeout that is not a literal: no duration to state.
      code: `async function work() { await null; }
function main(view: Int32Array, ms: number) {
  work();
  Atomics.wait(view, 0, 0, ms);
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', 'Atomics.wait(view, 0, 0, ms)', 4, ATOMICS) }],
    },
    {
      code: `async function work() { await null; }
function main(view: Int32Array) {
  work();
  Atomics.wait(view, 0, 0, 2.5);
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', 'Atomics.wait(view, 0, 0, 2.5)', 4, ATOMICS, { ms: 2.5 }) }],
    },
    {
      code: `async function work() { await null; }
function main(view: Int32Array) {
  work();
  Atomics['wait'](view, 0, 0, 300);
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', "Atomics['wait'](view, 0, 0, 300)", 4, ATOMICS, { ms: 300 }) }],
    },
    {
      code: `${work}function main() {\n  work();\n  globalThis.Atomics.wait(view, 0, 0, 50);\n}`,
      errors: [
        {
          messageId: 'starved',
          line: 4,
          data: {
            task: 'work()',
            chain: '',
            block: 'globalThis.Atomics.wait(view, 0, 0, 50)',
            line: 5,
            verb: 'blocks the event loop',
            duration: ' for 50 ms',
            through: '',
          },
        },
      ],
    },
  ],
};

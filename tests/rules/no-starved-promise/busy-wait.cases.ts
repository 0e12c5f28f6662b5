import type rule from '../../../rules/no-starved-promise';
import type { Section } from '../cases';
import { BUSY, starved } from './messages';
import { work } from './snippets';

/*
 * Busy-waits: loops that spin on a clock (`Date.now()`, `performance.now()`, `new Date()`,
 * `process.hrtime.bigint()`, `process.uptime()`) until a time has passed, and loops that are none (they
 * await, or do not wait on a clock).
 */

export const busyWait: Section<typeof rule> = {
  name: 'busy-wait',
  valid: [
    // ── loops that await, or do not wait on a clock ──────────────────────────────────────────────────
    `async function work() { await null; }
async function main() {
  work();
  const start = Date.now();
  while (Date.now() - start < 300) {
    await null;
  }
}`,
    `async function work() { await null; }
async function main() {
  work();
  const start = Date.now();
  for (;;) {
    if (Date.now() - start >= 300) break;
    await new Promise((resolve) => setImmediate(resolve));
  }
}`,
    `async function work() { await null; }
async function main() {
  const t = work();
  const start = performance.now();
  do {
    await new Promise((resolve) => setTimeout(resolve, 10));
  } while (performance.now() - start < 100);
  await t;
}`,
    `async function work() { await null; }
function main(items: string[]) {
  work();
  let i = 0;
  while (i < items.length) {
    console.log(items[i], Date.now());
    i++;
  }
}`,
    `declare function load(): Promise<void>;
async function main(): Promise<void> {
  const t = load();
  const started = Date.now();
  while (Date.now() - started < 10) {
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await t;
}`,
  ],
  invalid: [
    // ── busy-waits ───────────────────────────────────────────────────────────────────────────────────
    {
      code: `async function work() { await null; }
function main() {
  work();
  const start = Date.now();
  while (Date.now() - start < 300) {}
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', 'Date.now() - start < 300', 5, BUSY, { ms: 300 }) }],
    },
    {
      code: `async function work() { await null; }
function main() {
  work();
  const start = Date.now();
  let spins = 0;
  while (Date.now() - start < 300) {
    spins++;
  }
  return spins;
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', 'Date.now() - start < 300', 6, BUSY, { ms: 300 }) }],
    },
    {
      code: `async function work() { await null; }
function main() {
  work();
  const start = Date.now();
  while (Date.now() < start + 300) {}
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', 'Date.now() < start + 300', 5, BUSY, { ms: 300 }) }],
    },
    {
      code: `async function work() { await null; }
function main() {
  work();
  const start = Date.now();
  while (300 > Date.now() - start) {}
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', '300 > Date.now() - start', 5, BUSY, { ms: 300 }) }],
    },
    {
      code: `async function work() { await null; }
function main() {
  work();
  const start = performance.now();
  do {} while (performance.now() - start < 250);
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', 'performance.now() - start < 250', 5, BUSY, { ms: 250 }) }],
    },
    {
      code: `async function work() { await null; }
function main() {
  work();
  for (const start = Date.now(); Date.now() - start < 20;) {}
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', 'Date.now() - start < 20', 4, BUSY, { ms: 20 }) }],
    },
    {
      // Breaks on the clock; the deadline is a variable, so no duration.
      code: `async function work() { await null; }
function main() {
  work();
  const end = Date.now() + 200;
  for (;;) {
    if (Date.now() > end) break;
  }
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', 'Date.now() > end', 6, BUSY) }],
    },
    {
      code: `async function work() { await null; }
function main() {
  work();
  const end = Date.now() + 200;
  for (;;) if (Date.now() > end) break;
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', 'Date.now() > end', 5, BUSY) }],
    },
    {
      code: `async function work() { await null; }
function main(deadline: number) {
  work();
  while (Date.now() < deadline);
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', 'Date.now() < deadline', 4, BUSY) }],
    },
    {
      code: `async function work() { await null; }
function main() {
  work();
  const start = new Date();
  while (new Date().getTime() - start.getTime() < 100) {}
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', 'new Date().getTime() - start.getTime() < 100', 5, BUSY, { ms: 100 }) }],
    },
    {
      // Nanoseconds as a bigint: no duration in ms to state.
      code: `async function work() { await null; }
function main() {
  work();
  const start = process.hrtime.bigint();
  while (process.hrtime.bigint() - start < 1000000n) {}
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', 'process.hrtime.bigint() - start < 1000000n', 5, BUSY) }],
    },
    {
      // An `await` inside a nested function does not make the loop yield.
      code: `async function work() { await null; }
function main(callbacks: Array<() => Promise<void>>) {
  work();
  const start = Date.now();
  while (Date.now() - start < 30) {
    callbacks.push(async () => { await null; });
  }
}`,
      errors: [{ messageId: 'starved', line: 3, data: starved('work()', 'Date.now() - start < 30', 5, BUSY, { ms: 30 }) }],
    },
    {
      // A clock in seconds: the compared constant is not milliseconds.
      code: `${work}function main() {\n  work();\n  const start = process.uptime();\n  while (process.uptime() - start < 2) {}\n}`,
      errors: [
        {
          messageId: 'starved',
          line: 4,
          data: {
            task: 'work()',
            chain: '',
            block: 'process.uptime() - start < 2',
            line: 6,
            verb: 'spins the event loop in a busy-wait',
            duration: '',
            through: '',
          },
        },
      ],
    },
    {
      code: `${work}function main() {\n  work();\n  const start = Date.now();\n  while (Date.now() - start < 300 + 50) {}\n}`,
      errors: [
        {
          messageId: 'starved',
          line: 4,
          data: {
            task: 'work()',
            chain: '',
            block: 'Date.now() - start < 300 + 50',
            line: 6,
            verb: 'spins the event loop in a busy-wait',
            duration: ' for 350 ms',
            through: '',
          },
        },
      ],
    },
    {
      // The loop is named by its clock comparison.
      code: `${work}function main() {\n  work();\n  const start = Date.now();\n  while (true) {\n    if (Date.now() - start >= 300) break;\n  }\n}`,
      errors: [
        {
          messageId: 'starved',
          line: 4,
          data: {
            task: 'work()',
            chain: '',
            block: 'Date.now() - start >= 300',
            line: 7,
            verb: 'spins the event loop in a busy-wait',
            duration: ' for 300 ms',
            through: '',
          },
        },
      ],
    },
  ],
};

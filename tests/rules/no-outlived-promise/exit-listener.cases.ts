import type rule from '../../../rules/no-outlived-promise';
import type { Section } from '../cases';
import { exitListenerData } from './messages';

/*
 * `exitListener`: asynchronous work started in a process `exit` listener, which Node never waits for.
 */

export const exitListener: Section<typeof rule> = {
  name: 'exit-listener',
  valid: [
    // ── not a process `exit` listener ────────────────────────────────────────────────────────────────
    // \`beforeExit\` may start work: the event loop runs it, then emits \`beforeExit\` again.
    `async function flush() { await null; }
process.on('beforeExit', () => {
  flush();
});`,
    `import { appendFileSync } from 'node:fs';
process.on('exit', (code) => {
  appendFileSync('exit.log', \`exited with \${code}\\n\`);
});`,
    // A child process's \`exit\` event: this process goes on.
    `import { spawn } from 'node:child_process';
async function flush() { await null; }
const child = spawn('ls');
child.on('exit', () => {
  flush();
});`,
    `async function flush() { await null; }
function onExit() { flush(); }
process.on('exit', onExit);`,
    // What follows the first \`await\` never runs: nothing is started there.
    `process.on('exit', async () => {
  await null;
  fetch('https://example.com/exited');
});`,
    {
      code: `async function flush() { await null; }
process.on('exit', () => {
  flush();
});`,
      options: [{ lifetimeEnds: { exit: false } }],
    },
  ],
  invalid: [
    // ── process `exit` listeners ─────────────────────────────────────────────────────────────────────
    {
      code: `async function flush() { await null; }
process.on('exit', () => {
  flush();
});`,
      errors: [{ messageId: 'exitListener', data: exitListenerData('flush()', 4), line: 3, column: 3, suggestions: [] }],
    },
    {
      // Awaiting does not help: the listener hands control back to Node at its first \`await\`.
      code: `async function flush() { await null; }
process.on('exit', async () => {
  const pending = flush();
  await flush();
});`,
      errors: [
        { messageId: 'exitListenerAwait', data: exitListenerData('flush()', 4, { at: 'await flush()' }), line: 3, suggestions: [] },
        { messageId: 'exitListenerAwait', data: exitListenerData('flush()', 4, { at: 'await flush()' }), line: 4, column: 9, suggestions: [] },
      ],
    },
    {
      code: `import process from 'node:process';
async function flush() { await null; }
function cleanup() { void flush(); }
process.once('exit', function (code) {
  if (code !== 0) return;
  cleanup();
});`,
      errors: [
        {
          messageId: 'exitListener',
          data: exitListenerData('flush()', 7, { chain: ' (via `cleanup()` → the callback passed to `process.once()`)' }),
          line: 3,
          suggestions: [],
        },
      ],
    },
    {
      code: `async function flush() { await null; }
process.prependListener('exit', (code) => flush().catch(console.error));`,
      errors: [{ messageId: 'exitListener', data: exitListenerData('flush()', 2), line: 2, suggestions: [] }],
    },
    {
      code: `declare function sendTelemetry(event: { code: number }): Promise<void>;
process.on('exit', (code) => {
  sendTelemetry({ code });
});`,
      errors: [{ messageId: 'exitListener', data: exitListenerData('sendTelemetry({ code })', 4), line: 3, suggestions: [] }],
    },
  ],
};

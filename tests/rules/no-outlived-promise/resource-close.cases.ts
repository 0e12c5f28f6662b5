import type rule from '../../../rules/no-outlived-promise';
import type { Section } from '../cases';
import { closeData } from './messages';
import { work } from './snippets';

/*
 * `resourceClose` and `resourceDispose`: work still using a resource when it is closed (`r.close()` and
 * the other close methods, `closeMethods`) or disposed (the end of a `using r` block).
 */

export const resourceClose: Section<typeof rule> = {
  name: 'resource-close',
  valid: [
    // ── waiting for the close, and a FileHandle's own operations ─────────────────────────────────────
    // Waiting for the close is what the close settles: closing `stream` does not lose it.
    `import { once } from 'node:events';
async function main(stream) {
  const closed = once(stream, 'close');
  stream.end();
  await closed;
}`,
    // A FileHandle's `close()` waits for the operations already started on it.
    `import { open } from 'node:fs/promises';
async function main() {
  const file = await open('out.txt', 'w');
  file.write('data');
  await file.close();
}`,
    `import { open } from 'node:fs/promises';
async function main() {
  const file = await open('out.txt', 'w');
  try {
    file.write('data');
  } finally {
    await file.close();
  }
}`,
    // A FileHandle's `close()` waits for the operations already started on it.
    `import { open } from 'node:fs/promises';
async function main(): Promise<void> {
  const file = await open('out.txt', 'w');
  file.write('data');
  await file.close();
}`,

    // ── resources ────────────────────────────────────────────────────────────────────────────────────
    `async function save(db) { await null; }
async function main(db) {
  await save(db);
  db.close();
}`,
    `async function save(db) { await null; }
async function main(db) {
  const t = save(db);
  await t;
  await db.close();
}`,
    `async function save(queue) { await null; }
async function main(queue) {
  save(queue);
  queue.close();
  await queue.onIdle();
}`,
    `async function save(x) { await null; }
async function main(db, other) {
  save(other);
  db.close();
  await null;
}`,
    `async function save(db) { await null; }
async function main(db) {
  save(db);
  {
    const db = connect();
    db.close();
  }
  await null;
}`,
    `async function save(r) { await null; }
async function main() {
  using r = open();
  await save(r);
}`,
    `async function save(r) { await null; }
async function main(x) {
  using r = open();
  save(x);
}`,
    `async function save(db) { await null; }
async function main(db) {
  save(db);
  db.shutdown();
}`,
    // A drain before the close waits for everything the queue runs (p-queue).
    `${work}async function main(queue) {\n  work(queue);\n  await queue.onIdle();\n  queue.close();\n}`,
    `interface Db { query(sql: string): Promise<unknown[]>; close(): void }
async function main(db: Db): Promise<void> {
  await db.query('select 1');
  db.close();
}`,

    // ── options ──────────────────────────────────────────────────────────────────────────────────────
    {
      code: `async function save(db) { await null; }
async function main(db) {
  save(db);
  db.close();
}`,
      options: [{ lifetimeEnds: { resourceClose: false } }],
    },
    {
      code: `async function save(r) { await null; }
async function main() {
  using r = open();
  save(r);
}`,
      options: [{ lifetimeEnds: { resourceClose: false } }],
    },
    {
      code: `interface Db { query(sql: string): Promise<unknown[]>; close(): void }
async function main(db: Db): Promise<void> {
  db.query('select 1');
  db.close();
}`,
      options: [{ lifetimeEnds: { resourceClose: false } }],
    },

    // ── found by differential testing, and on mongodb's connection.ts ────────────────────────────────
    // What an async helper awaits in a branch its constant condition never takes is not its work.
    `const db = { close() {} };
async function work(r) { await null; }
async function sync() {
  if (false) {
    await work(db);
  }
  await null;
}
function main() {
  sync();
  db.close();
}`,
    // A helper that closes only on some calls (after an early return, in a branch) is no close for its callers.
    `const db = { close() {} };
async function work(r) { await null; }
function cleanup(error) {
  if (!error) return;
  db.close();
}
function fail(error) {
  if (error) db.close();
}
function main() {
  work(db);
  cleanup(null);
  fail(null);
}`,
  ],
  invalid: [
    // ── found by differential testing against the runtime (fuzz/) ─────────────────────────────────────
    // A task a helper leaves pending keeps using the module-level resource it was given there.
    {
      code: `const db = { close() {} };
async function work(r) { await null; }
function start() {
  work(db);
}
function main() {
  start();
  db.close();
}`,
      errors: [
        { messageId: 'resourceClose', data: closeData('work(db)', 'db.close()', 8, 'db', { chain: ' (via `start()` → `main()`)' }), line: 4, column: 3 },
      ],
    },
    // Reported at the close its own function meets first, not at the exit of the caller it reaches later.
    {
      code: `const db = { close() {} };
async function work(r) { await null; }
async function main() {
  work(db);
  db.close();
}
await main();
process.exit(0);`,
      errors: [
        {
          messageId: 'resourceClose',
          data: closeData('work(db)', 'db.close()', 5, 'db'),
          line: 4,
          column: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `const db = { close() {} };
async function work(r) { await null; }
async function main() {
  await work(db);
  db.close();
}
await main();
process.exit(0);`,
            },
          ],
        },
      ],
    },
    // A same-file helper that closes the resource before it yields closes it for its caller.
    {
      code: `const db = { close() {} };
async function work(r) { await null; }
function shutdown() {
  db.close();
}
function main() {
  work(db);
  shutdown();
}`,
      errors: [{ messageId: 'resourceClose', data: closeData('work(db)', 'shutdown()', 8, 'db'), line: 7, column: 3 }],
    },
    // Found by differential testing (fuzz/): a helper that closes in a branch its call's constant argument
    // selects closes for that caller (the valid `fail(null)` above selects the other one).
    {
      code: `const db = { close() {} };
async function work(r) { await null; }
function fail(error) {
  if (error) db.close();
}
function main() {
  work(db);
  fail(true);
  work(db);
}`,
      errors: [{ messageId: 'resourceClose', data: closeData('work(db)', 'fail(true)', 8, 'db'), line: 7, column: 3 }],
    },
    // Found by differential testing (fuzz/): an async helper's promise is also the work of the entries it awaits
    // through `Promise.all`.
    {
      code: `const db = { close() {} };
async function work(r) { await null; }
async function sync() {
  await Promise.all([work(db), work(db)]);
}
function main() {
  sync();
  db.close();
}`,
      errors: [{ messageId: 'resourceClose', data: closeData('sync()', 'db.close()', 8, 'db'), line: 7, column: 3 }],
    },
    // Found by differential testing (fuzz/): an awaited helper's close after its own `await` comes while the
    // caller waits for it.
    {
      code: `const db = { close() {} };
async function work(r) { await null; }
async function finish() {
  await null;
  db.close();
}
async function main() {
  work(db);
  await finish();
}`,
      errors: [
        {
          messageId: 'resourceClose',
          data: closeData('work(db)', 'finish()', 9, 'db'),
          line: 8,
          column: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `const db = { close() {} };
async function work(r) { await null; }
async function finish() {
  await null;
  db.close();
}
async function main() {
  await work(db);
  await finish();
}`,
            },
          ],
        },
      ],
    },
    // An async function's promise is also the work it awaits: closing what that work uses loses it.
    {
      code: `const db = { close() {} };
async function work(r) { await null; }
async function sync() {
  await work(db);
  await null;
}
async function main() {
  sync();
  db.close();
}`,
      errors: [
        {
          messageId: 'resourceClose',
          data: closeData('sync()', 'db.close()', 9, 'db'),
          line: 8,
          column: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `const db = { close() {} };
async function work(r) { await null; }
async function sync() {
  await work(db);
  await null;
}
async function main() {
  await sync();
  db.close();
}`,
            },
          ],
        },
      ],
    },
    // An async function's awaited handle is work it awaits too, and a helper that leaves its call pending hands it on.
    {
      code: `const db = { close() {} };
async function work(r) { await null; }
async function sync() {
  const t = work(db);
  await t;
}
async function start() {
  sync();
}
async function main() {
  start();
  db.close();
}`,
      errors: [{ messageId: 'resourceClose', data: closeData('sync()', 'db.close()', 12, 'db', { chain: ' (via `start()` → `main()`)' }), line: 8, column: 3 }],
    },
    // The promise a helper returns is the work of the call it returns: closing what that call uses loses it.
    {
      code: `const db = { close() {} };
async function work(r) { await null; }
function load() {
  return work(db);
}
function main() {
  load();
  db.close();
}`,
      errors: [{ messageId: 'resourceClose', data: closeData('load()', 'db.close()', 8, 'db'), line: 7, column: 3 }],
    },
    // ── close methods and `using` ────────────────────────────────────────────────────────────────────
    {
      code: `async function work(db) { await null; }
async function main(db) {
  const t = work(db);
  db.close();
  await t;
}`,
      errors: [
        {
          messageId: 'resourceClose',
          data: closeData('work(db)', 'db.close()', 4, 'db'),
          line: 3,
          column: 13,
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              data: { task: 'work(db)', handle: 't', line: 4 },
              output: `async function work(db) { await null; }
async function main(db) {
  const t = work(db);
  await t;
  db.close();
  await t;
}`,
            },
          ],
        },
      ],
    },
    {
      code: `async function save(db) { await null; }
async function main(db) {
  save(db);
  await db.end();
}`,
      errors: [
        {
          messageId: 'resourceClose',
          data: closeData('save(db)', 'db.end()', 4, 'db'),
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function save(db) { await null; }
async function main(db) {
  await save(db);
  await db.end();
}`,
            },
          ],
        },
      ],
    },
    {
      code: `async function save(db) { await null; }
async function main(db) {
  try {
    save(db);
  } finally {
    db.close();
  }
}`,
      errors: [
        {
          messageId: 'resourceClose',
          data: closeData('save(db)', 'db.close()', 6, 'db'),
          line: 4,
          // The codemod's plan: the close is in `finally`, so the task is joined at the end of `try`.
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function save(db) { await null; }
async function main(db) {
  try {
    await save(db);
  } finally {
    db.close();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      code: `async function save2(r) { await null; }
async function destroy(r) { save2(r); r.destroy(); }
async function disconnect(r) { save2(r); r.disconnect(); }
async function release(r) { save2(r); r.release(); }
async function quit(r) { save2(r); r.quit(); }
async function terminate(r) { save2(r); r.terminate(); }
async function dispose(r) { save2(r); r.dispose(); }`,
      errors: [
        {
          messageId: 'resourceClose',
          data: closeData('save2(r)', 'r.destroy()', 2, 'r'),
          line: 2,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function save2(r) { await null; }
async function destroy(r) { await save2(r); r.destroy(); }
async function disconnect(r) { save2(r); r.disconnect(); }
async function release(r) { save2(r); r.release(); }
async function quit(r) { save2(r); r.quit(); }
async function terminate(r) { save2(r); r.terminate(); }
async function dispose(r) { save2(r); r.dispose(); }`,
            },
          ],
        },
        {
          messageId: 'resourceClose',
          data: closeData('save2(r)', 'r.disconnect()', 3, 'r'),
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function save2(r) { await null; }
async function destroy(r) { save2(r); r.destroy(); }
async function disconnect(r) { await save2(r); r.disconnect(); }
async function release(r) { save2(r); r.release(); }
async function quit(r) { save2(r); r.quit(); }
async function terminate(r) { save2(r); r.terminate(); }
async function dispose(r) { save2(r); r.dispose(); }`,
            },
          ],
        },
        {
          messageId: 'resourceClose',
          data: closeData('save2(r)', 'r.release()', 4, 'r'),
          line: 4,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function save2(r) { await null; }
async function destroy(r) { save2(r); r.destroy(); }
async function disconnect(r) { save2(r); r.disconnect(); }
async function release(r) { await save2(r); r.release(); }
async function quit(r) { save2(r); r.quit(); }
async function terminate(r) { save2(r); r.terminate(); }
async function dispose(r) { save2(r); r.dispose(); }`,
            },
          ],
        },
        {
          messageId: 'resourceClose',
          data: closeData('save2(r)', 'r.quit()', 5, 'r'),
          line: 5,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function save2(r) { await null; }
async function destroy(r) { save2(r); r.destroy(); }
async function disconnect(r) { save2(r); r.disconnect(); }
async function release(r) { save2(r); r.release(); }
async function quit(r) { await save2(r); r.quit(); }
async function terminate(r) { save2(r); r.terminate(); }
async function dispose(r) { save2(r); r.dispose(); }`,
            },
          ],
        },
        {
          messageId: 'resourceClose',
          data: closeData('save2(r)', 'r.terminate()', 6, 'r'),
          line: 6,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function save2(r) { await null; }
async function destroy(r) { save2(r); r.destroy(); }
async function disconnect(r) { save2(r); r.disconnect(); }
async function release(r) { save2(r); r.release(); }
async function quit(r) { save2(r); r.quit(); }
async function terminate(r) { await save2(r); r.terminate(); }
async function dispose(r) { save2(r); r.dispose(); }`,
            },
          ],
        },
        {
          messageId: 'resourceClose',
          data: closeData('save2(r)', 'r.dispose()', 7, 'r'),
          line: 7,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function save2(r) { await null; }
async function destroy(r) { save2(r); r.destroy(); }
async function disconnect(r) { save2(r); r.disconnect(); }
async function release(r) { save2(r); r.release(); }
async function quit(r) { save2(r); r.quit(); }
async function terminate(r) { save2(r); r.terminate(); }
async function dispose(r) { await save2(r); r.dispose(); }`,
            },
          ],
        },
      ],
    },
    {
      code: `async function save(pool) { await null; }
class Repository {
  async stop() {
    save(this.pool);
    await this.pool.end();
  }
}`,
      errors: [
        {
          messageId: 'resourceClose',
          data: closeData('save(this.pool)', 'this.pool.end()', 5, 'this.pool'),
          line: 4,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function save(pool) { await null; }
class Repository {
  async stop() {
    await save(this.pool);
    await this.pool.end();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      code: `async function save(db) { await null; }
function start(db) { save(db); }
async function main(db) {
  start(db);
  db.close();
}`,
      errors: [
        { messageId: 'resourceClose', data: closeData('save(db)', 'db.close()', 5, 'db', { chain: ' (via `start()` → `main()`)' }), line: 2, suggestions: [] },
      ],
    },
    {
      code: `async function save(conn) { await null; }
async function main(conns) {
  for (const conn of conns) {
    save(conn);
    conn.release();
  }
}`,
      errors: [
        {
          messageId: 'resourceClose',
          data: closeData('save(conn)', 'conn.release()', 5, 'conn'),
          line: 4,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function save(conn) { await null; }
async function main(conns) {
  for (const conn of conns) {
    await save(conn);
    conn.release();
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // Draining another resource does not cancel the close.
      code: `async function save(queue) { await null; }
async function main(queue, other) {
  save(queue);
  queue.close();
  await other.onIdle();
}`,
      errors: [
        {
          messageId: 'resourceClose',
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function save(queue) { await null; }
async function main(queue, other) {
  await save(queue);
  queue.close();
  await other.onIdle();
}`,
            },
          ],
        },
      ],
    },
    {
      code: `async function save(r) { await null; }
async function main() {
  using r = open();
  save(r);
}`,
      errors: [
        {
          messageId: 'resourceDispose',
          line: 4,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function save(r) { await null; }
async function main() {
  using r = open();
  await save(r);
}`,
            },
          ],
        },
      ],
    },
    {
      code: `async function save(r) { await null; }
async function main() {
  await using r = open();
  const t = save(r);
  console.log('saving');
}`,
      errors: [
        {
          messageId: 'resourceDispose',
          line: 4,
          column: 13,
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `async function save(r) { await null; }
async function main() {
  await using r = open();
  const t = save(r);
  console.log('saving');
  await t;
}`,
            },
          ],
        },
      ],
    },
    {
      // Leaving a `using` block by `return` disposes the resource there: the join goes before the return.
      code: `${work}async function main(open) {\n  using r = open();\n  work(r);\n  return 1;\n}`,
      errors: [
        {
          messageId: 'resourceDispose',
          line: 4,
          data: { task: 'work(r)', chain: '', resource: 'r', line: 5 },
          suggestions: [{ messageId: 'awaitInPlace', output: `${work}async function main(open) {\n  using r = open();\n  await work(r);\n  return 1;\n}` }],
        },
      ],
    },
    {
      // The close comes first: that is the end to report and to join before.
      code: `${work}async function main(db) {\n  work(db);\n  db.close();\n  process.exit(0);\n}`,
      errors: [
        {
          messageId: 'resourceClose',
          data: { task: 'work(db)', chain: '', end: 'db.close()', line: 4, resource: 'db' },
          line: 3,
          suggestions: [{ messageId: 'awaitInPlace', output: `${work}async function main(db) {\n  await work(db);\n  db.close();\n  process.exit(0);\n}` }],
        },
      ],
    },

    // ── returned before a disposal runs ──────────────────────────────────────────────────────────────
    {
      code: `async function load(db: { read(): Promise<string> }) { return await db.read(); }
declare function open(): { read(): Promise<string>; [Symbol.dispose](): void };
async function main() {
  using db = open();
  return load(db);
}`,
      errors: [
        {
          messageId: 'resourceDispose',
          data: closeData('load(db)', 'return load(db);', 5, 'db'),
          line: 5,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function load(db: { read(): Promise<string> }) { return await db.read(); }
declare function open(): { read(): Promise<string>; [Symbol.dispose](): void };
async function main() {
  using db = open();
  return await load(db);
}`,
            },
          ],
        },
      ],
    },
    {
      // Returning the handle hands it over only after \`r\` is disposed, and it still uses \`r\`.
      code: `async function save(r) { await null; }
async function main() {
  using r = open();
  const t = save(r);
  return t;
}`,
      errors: [
        {
          messageId: 'resourceDispose',
          line: 4,
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `async function save(r) { await null; }
async function main() {
  using r = open();
  const t = save(r);
  await t;
  return t;
}`,
            },
          ],
        },
      ],
    },

    // ── with type information ────────────────────────────────────────────────────────────────────────
    {
      code: `interface Db { close(): void }
declare function work(db: Db): Promise<void>;
async function main(db: Db): Promise<void> {
  const t = work(db);
  db.close();
  await t;
}`,
      errors: [
        {
          messageId: 'resourceClose',
          data: closeData('work(db)', 'db.close()', 5, 'db'),
          line: 4,
          column: 13,
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              data: { task: 'work(db)', handle: 't', line: 5 },
              output: `interface Db { close(): void }
declare function work(db: Db): Promise<void>;
async function main(db: Db): Promise<void> {
  const t = work(db);
  await t;
  db.close();
  await t;
}`,
            },
          ],
        },
      ],
    },
    {
      code: `interface Db { query(sql: string): Promise<unknown[]>; close(): void }
async function main(db: Db): Promise<void> {
  const rows = db.query('select 1');
  db.close();
  console.log(await rows);
}`,
      errors: [
        {
          messageId: 'resourceClose',
          data: closeData("db.query('select 1')", 'db.close()', 4, 'db'),
          line: 3,
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `interface Db { query(sql: string): Promise<unknown[]>; close(): void }
async function main(db: Db): Promise<void> {
  const rows = db.query('select 1');
  await rows;
  db.close();
  console.log(await rows);
}`,
            },
          ],
        },
      ],
    },
    {
      code: `interface Pool { query(sql: string): Promise<unknown[]>; end(): Promise<void> }
class Repository {
  constructor(private readonly pool: Pool) {}
  async stop(): Promise<void> {
    try {
      this.pool.query('delete from sessions');
    } finally {
      await this.pool.end();
    }
  }
}`,
      errors: [
        {
          messageId: 'resourceClose',
          data: closeData("this.pool.query('delete from sessions')", 'this.pool.end()', 8, 'this.pool'),
          line: 6,
          // The codemod's plan: the close is in `finally`, so the query is joined at the end of `try`.
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `interface Pool { query(sql: string): Promise<unknown[]>; end(): Promise<void> }
class Repository {
  constructor(private readonly pool: Pool) {}
  async stop(): Promise<void> {
    try {
      await this.pool.query('delete from sessions');
    } finally {
      await this.pool.end();
    }
  }
}`,
            },
          ],
        },
      ],
    },
    {
      code: `interface Db { close(): void }
declare function save(db: Db): Promise<void>;
function flushLater(db: Db): void { save(db); }
async function main(db: Db): Promise<void> {
  flushLater(db);
  db.close();
}`,
      errors: [
        {
          messageId: 'resourceClose',
          data: closeData('save(db)', 'db.close()', 6, 'db', { chain: ' (via `flushLater()` → `main()`)' }),
          line: 3,
          suggestions: [],
        },
      ],
    },
    {
      code: `interface Client { send(message: string): Promise<void>; shutdown(): void }
async function main(client: Client): Promise<void> {
  client.send('bye');
  client.shutdown();
}`,
      options: [{ closeMethods: ['shutdown'] }],
      errors: [
        {
          messageId: 'resourceClose',
          data: closeData("client.send('bye')", 'client.shutdown()', 4, 'client'),
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `interface Client { send(message: string): Promise<void>; shutdown(): void }
async function main(client: Client): Promise<void> {
  await client.send('bye');
  client.shutdown();
}`,
            },
          ],
        },
      ],
    },

    // ── options ──────────────────────────────────────────────────────────────────────────────────────
    {
      code: `async function save(db) { await null; }
async function main(db) {
  save(db);
  db.shutdown();
}`,
      options: [{ closeMethods: ['shutdown'] }],
      errors: [
        {
          messageId: 'resourceClose',
          data: closeData('save(db)', 'db.shutdown()', 4, 'db'),
          line: 3,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function save(db) { await null; }
async function main(db) {
  await save(db);
  db.shutdown();
}`,
            },
          ],
        },
      ],
    },
    {
      code: `async function main(db) {
  db.query('select 1');
  db.close();
}`,
      options: [{ promiseFunctions: ['query'] }],
      errors: [
        {
          messageId: 'resourceClose',
          data: closeData("db.query('select 1')", 'db.close()', 3, 'db'),
          line: 2,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `async function main(db) {
  await db.query('select 1');
  db.close();
}`,
            },
          ],
        },
      ],
    },
  ],
};

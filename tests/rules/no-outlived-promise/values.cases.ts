import path from 'node:path';
import type rule from '../../../rules/no-outlived-promise';
import { crossModuleDir } from '../../rule-tester';
import type { Section } from '../cases';

/*
 * Values without type information: what a binding assigned once holds, what `this.db` holds, what a factory
 * returns, what another module exports, and what declared types say a call returns (overloads, generics,
 * aliases, indexed access, merged and extended interfaces). A value that is reassigned or replaced stays unknown.
 */

export const values: Section<typeof rule> = {
  name: 'values',
  valid: [
    {
      // A reassigned binding is not known (without types).
      typed: 'never',
      reason: 'types decide: the checker keeps the type `Store` of `store` through its reassignment and reports `store.save()`',
      code: `class Store {
  async save(): Promise<void> {
    await fetch('https://example.com/save');
  }
}
let store = new Store();
store = { async save() {} };
export function main(): void {
  store.save();
  process.exit(0);
}`,
    },
    {
      // A member replaced on the instance is not the class's method.
      typed: 'never',
      reason: 'types decide: the checker types `store.save` by the class, whatever the assignment put there',
      code: `class Store {
  async save(): Promise<void> {
    await fetch('https://example.com/save');
  }
}
const store = new Store();
store.save = async () => {};
export function main(): void {
  store.save();
  process.exit(0);
}`,
    },
    {
      // A method of a known instance that returns an already settled promise has nothing left to run.
      code: `class Repo {
  save(): Promise<void> {
    return Promise.resolve();
  }
}
const repo = new Repo();
export function main(): void {
  repo.save();
  process.exit(0);
}`,
    },
    {
      // With a callback, the overload that returns nothing is the one selected.
      code: `declare function send(message: string): Promise<void>;
declare function send(message: string, callback: (error: unknown) => void): void;
export function main(): void {
  send('bye', (error) => console.error(error));
  process.exit(0);
}`,
    },
    {
      // A string argument cannot select an overload whose parameter requires other members.
      code: `interface Submittable { submit(connection: unknown): void }
interface Pool {
  query<T extends Submittable>(stream: T): T;
  query(text: string, callback: (error: unknown) => void): void;
}
declare const pool: Pool;
export function main(): void {
  pool.query('select 1', () => {});
  process.exit(0);
}`,
    },
    {
      // A method declared to return something other than a promise.
      code: `interface Db { query(sql: string): number }
declare const db: Db;
export function main(): void {
  db.query('select 1');
  process.exit(0);
}`,
    },
    {
      // A parameter without a declared type is unknown.
      code: `export function main(db) {
  db.query('select 1');
  process.exit(0);
}`,
    },
    {
      // A field assigned twice is not known.
      code: `class Db {
  async query(): Promise<void> {
    await fetch('https://example.com/query');
  }
}
export class Service {
  db: { query(): unknown };
  constructor() {
    this.db = new Db();
  }
  reset(): void {
    this.db = { query() {} };
  }
  run(): void {
    this.db.query();
    process.exit(0);
  }
}`,
    },
    {
      // A synchronous method of an imported class.
      code: `import { store } from './store.js';
export function main(): void {
  store.size();
  process.exit(0);
}`,
      filename: path.join(crossModuleDir, 'main.ts'),
    },
    {
      // A declared promise-returning interface method that is awaited.
      code: `interface Db { query(sql: string): Promise<unknown[]> }
declare const db: Db;
export async function main(): Promise<void> {
  await db.query('select 1');
  process.exit(0);
}`,
    },
  ],
  invalid: [
    {
      // An instance of a same-file class, bound once: its method is the class's.
      code: `class Store {
  async save(item: string): Promise<void> {
    await fetch('https://example.com/items', { method: 'POST', body: item });
  }
}
const store = new Store();
export function main(): void {
  store.save('x');
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', line: 8, suggestions: [] }],
    },
    {
      // A method inherited through `extends` from a class of the file.
      code: `class Base {
  async save(): Promise<void> {
    await fetch('https://example.com/save');
  }
}
class Repo extends Base {}
export function main(): void {
  const repo = new Repo();
  repo.save();
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', line: 9, suggestions: [] }],
    },
    {
      // What a same-file factory returns: one instance of a class of the file.
      code: `class Client {
  async send(message: string): Promise<void> {
    await fetch('https://example.com/send', { method: 'POST', body: message });
  }
}
function createClient(): Client {
  return new Client();
}
const client = createClient();
export function main(): void {
  client.send('bye');
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', line: 11, suggestions: [] }],
    },
    {
      // A factory that returns an object literal with an async method.
      code: `function createApi() {
  return {
    async save(): Promise<void> {
      await fetch('https://example.com/save');
    },
  };
}
const api = createApi();
export function main(): void {
  api.save();
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', line: 10, suggestions: [] }],
    },
    {
      // A field the constructor assigns once (`this.db = new Db()`), closed while the query runs.
      code: `class Db {
  async query(sql: string): Promise<string[]> {
    await fetch('https://example.com/query', { method: 'POST', body: sql });
    return [];
  }
  close(): void {}
}
export class Repository {
  private readonly db: Db;
  constructor() {
    this.db = new Db();
  }
  stop(): void {
    this.db.query('delete from sessions');
    this.db.close();
  }
}`,
      errors: [{ messageId: 'resourceClose', line: 14, suggestions: [] }],
    },
    {
      // A constructor parameter property of a declared interface type.
      code: `interface Mailer { send(to: string): Promise<void> }
export class Signup {
  constructor(private readonly mailer: Mailer) {}
  finish(email: string): void {
    this.mailer.send(email);
    process.exit(0);
  }
}`,
      errors: [{ messageId: 'exit', line: 5, suggestions: [] }],
    },
    {
      // A name destructured from a declared object.
      code: `interface Db { query(sql: string): Promise<unknown[]> }
declare const services: { db: Db; name: string };
const { db } = services;
export function main(): void {
  db.query('select 1');
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', line: 5, suggestions: [] }],
    },
    {
      // What an awaited call resolves to: a client from `await pool.connect()`, released while its query runs.
      code: `interface Client { query(sql: string): Promise<unknown[]>; release(): void }
interface Pool { connect(): Promise<Client> }
declare const pool: Pool;
export async function main(): Promise<void> {
  const client = await pool.connect();
  client.query('select 1');
  client.release();
}`,
      errors: [
        {
          messageId: 'resourceClose',
          line: 6,
          suggestions: [
            {
              messageId: 'awaitInPlace',
              output: `interface Client { query(sql: string): Promise<unknown[]>; release(): void }
interface Pool { connect(): Promise<Client> }
declare const pool: Pool;
export async function main(): Promise<void> {
  const client = await pool.connect();
  await client.query('select 1');
  client.release();
}`,
            },
          ],
        },
      ],
    },
    {
      // A generic interface: `save()` returns `Promise<T>` whatever `T` is.
      code: `interface Repo<T> { save(item: T): Promise<T> }
declare const repo: Repo<string>;
export function main(): void {
  repo.save('x');
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', line: 4, suggestions: [] }],
    },
    {
      // A type alias for a function type.
      code: `type Job = (name: string) => Promise<void>;
declare const job: Job;
export function main(): void {
  job('nightly');
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', line: 4, suggestions: [] }],
    },
    {
      // An indexed access type, as client libraries compute their results (Result<T>[default]).
      code: `interface ResultTypes<T> { default: Promise<T>; pipeline: { exec(): void } }
type Result<T, Mode extends keyof ResultTypes<T>> = ResultTypes<T>[Mode];
interface Redis { set(key: string, value: string): Result<'OK', 'default'> }
declare const redis: Redis;
export function main(): void {
  redis.set('k', 'v');
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', line: 6, suggestions: [] }],
    },
    {
      // Overloads: without a callback the call selects the one that returns a promise.
      code: `declare function send(message: string): Promise<void>;
declare function send(message: string, callback: (error: unknown) => void): void;
export function main(): void {
  send('bye');
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', line: 4, suggestions: [] }],
    },
    {
      // An interface merged with a class and extended: the method comes from the parent interface.
      code: `interface Closable { flush(): Promise<void> }
interface Logger extends Closable { name: string }
declare class Logger {}
declare const logger: Logger;
export function main(): void {
  logger.flush();
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', line: 6, suggestions: [] }],
    },
    {
      // A getter declared to return a promise-returning function.
      code: `interface Service { readonly save: () => Promise<void> }
declare const service: Service;
export function main(): void {
  service.save();
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', line: 4, suggestions: [] }],
    },
    {
      // An instance another module exports (`export const store = new Store()`).
      code: `import { store } from './store.js';
export function main(): void {
  store.save('x');
  process.exit(0);
}`,
      filename: path.join(crossModuleDir, 'main.ts'),
      errors: [{ messageId: 'exit', line: 3, suggestions: [] }],
    },
    {
      // A class another module exports, instantiated here.
      code: `import { Store } from './store.js';
export function main(): void {
  const local = new Store();
  local.save('x');
  process.exit(0);
}`,
      filename: path.join(crossModuleDir, 'main.ts'),
      errors: [{ messageId: 'exit', line: 4, suggestions: [] }],
    },
    {
      // What another module's factory is declared to return.
      code: `import { createStore } from './store.js';
export function main(): void {
  createStore().save('x');
  process.exit(0);
}`,
      filename: path.join(crossModuleDir, 'main.ts'),
      errors: [{ messageId: 'exit', line: 3, suggestions: [] }],
    },
    {
      // A CommonJS module whose value is an instance (`module.exports = new Queue()`).
      code: `import queue from './queue.cjs';
export function main(): void {
  queue.push(1);
  process.exit(0);
}`,
      filename: path.join(crossModuleDir, 'main.ts'),
      errors: [{ messageId: 'exit', line: 3, suggestions: [] }],
    },
  ],
};

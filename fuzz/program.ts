/*
 * The generated programs: a small tree (statements of an entry function `main`, with the task functions and
 * helpers each call defines), and its rendering as an ES module (`.mjs`, so a top-level `await` is
 * allowed; every program is one). Every task function has exactly one call site, so a task's markers
 * (`start w3` / `done w3` on stdout) name its call site, and the rule's reports can be compared per task.
 *
 * Determinism: nothing reads a clock except the blocking busy-waits, and every wait is a `setImmediate` turn
 * (`tick()`), never a timer, so a run's output depends only on the program and on FUZZ_SLOW, the task that
 * takes 1,000 turns instead of two (fuzz/judge.ts).
 */

/** How a call's promise is used. `await` joins it; the others do not (a handle may be joined later). */
export type CallForm = 'bare' | 'void' | 'catch' | 'handle' | 'await';

/** A condition the analysis evaluates (analysis/syntax/constant-value.ts): literals, `const` primitives, a parameter a call fixes. */
export type Condition = 'true' | 'false' | 'ON' | 'OFF' | '!ON' | 'flag' | '!flag';

/** A call of a fresh task function `w<id>`: it prints `start`, waits (two turns, or 1,000 when slow), prints `done`. */
export interface TaskCall {
  readonly kind: 'task';
  readonly id: number;
  readonly form: CallForm;
  /** Called as `w<id>(db)`: it uses the resource, and is lost if `db.close()` runs while it is pending. */
  readonly db: boolean;
}

/** A call of a fresh helper `h<id>`, defined by its body. */
export interface HelperCall {
  readonly kind: 'helper';
  readonly id: number;
  readonly async: boolean;
  /** Sync helpers: only `bare`, or any form when they return a task (`returns`). */
  readonly form: CallForm;
  /** The literal passed for the helper's `flag` parameter, if it has one. */
  readonly arg?: boolean;
  readonly body: readonly Stmt[];
  /** Sync helpers only: `return w<id>(…)` as the last statement, so the helper's value is that task. */
  readonly returns?: TaskCall;
}

export type Item = { readonly kind: 'handle'; readonly name: string } | { readonly kind: 'call'; readonly call: TaskCall } | { readonly kind: 'tick' };

export type Stmt =
  | TaskCall
  | HelperCall
  | { readonly kind: 'join'; readonly handle: string }
  | { readonly kind: 'combine'; readonly op: 'all' | 'allSettled' | 'race' | 'any'; readonly items: readonly Item[] }
  | { readonly kind: 'step'; readonly id: number }
  | { readonly kind: 'tick' }
  | { readonly kind: 'if'; readonly condition: Condition; readonly then: readonly Stmt[]; readonly otherwise?: readonly Stmt[] }
  | { readonly kind: 'loop'; readonly body: readonly Stmt[] }
  | { readonly kind: 'try'; readonly body: readonly Stmt[]; readonly finalizer: readonly Stmt[] }
  | { readonly kind: 'exit'; readonly via: 'direct' | 'helper' }
  | { readonly kind: 'close' }
  | { readonly kind: 'block'; readonly how: 'busy-wait' | 'atomics' | 'exec' };

/**
 * How the module's top level runs `main`: awaited or not, then an exit or none, or an exit deferred into
 * `.finally()` / `.then()` (docs: "What counts as joined", the end waits for it).
 */
export type Top = 'await' | 'call' | 'await-exit' | 'call-exit' | 'finally-exit' | 'then-exit';

export interface Program {
  readonly mainAsync: boolean;
  readonly main: readonly Stmt[];
  readonly top: Top;
}

/** A call site the rule may report, and the task whose markers say whether it was lost. */
export interface Site {
  /** The callee's name: `w3`, `h2`. */
  readonly name: string;
  /** Whether the call's value is a promise the rule may report: not a sync helper that returns nothing. */
  readonly promise: boolean;
  /** Whose markers judge this site: its own, a sync helper's returned task's, or none (an async helper that exits or blocks: unjudged). */
  readonly judgedBy: string | undefined;
  /**
   * The tasks whose loss a report of this call explains: the tasks its function joins (awaits), through the
   * helpers it awaits. The rule reports the outermost pending promise: `h2()` left pending at an exit, not the
   * `await w3()` inside it, which is lost with it.
   */
  readonly covers: readonly string[];
  /** The function the call is in: `main` or a helper `h<id>` (which prints `enter h<id>` or `start h<id>` when it runs). */
  readonly owner: string;
  /** Under a branch whose condition is false: the call never runs. */
  readonly underFalse: boolean;
  /** Under a branch that the helper's `flag` argument closes in this program (`if (flag)` in `h1(false)`'s body). */
  readonly closedByFlag: boolean;
  /** Its function (or a caller, before calling it) may have awaited before the call: an exit elsewhere may come first. */
  readonly afterAwait: boolean;
  readonly line: number;
  /** 1-based, as ESLint reports columns. */
  readonly column: number;
}

/** A lifetime end or blocking call in a function, and the marker (`end 3`, `block 4`) printed as it is reached. */
export interface End {
  readonly id: string;
  readonly line: number;
  readonly owner: string;
  readonly underFalse: boolean;
  readonly closedByFlag: boolean;
  readonly afterAwait: boolean;
}

export interface Rendered {
  /** The ends in functions (the top level's are not marked: they are reached unless an earlier exit ends the process). */
  readonly ends: readonly End[];
  readonly text: string;
  readonly sites: readonly Site[];
  /** Every task with markers, the schedules the judge runs (one slow task each). */
  readonly markedTasks: readonly string[];
  /** Tasks raced against `tick()`: a bounded wait, silent by design (out of scope when lost). */
  readonly boundedRaceTasks: readonly string[];
  /** An async helper its caller does not await exits, closes the resource or blocks after an `await`: at a moment only timing decides (out of scope). */
  readonly detachedExit: boolean;
}

const handleOf = (call: TaskCall | HelperCall): string => `${call.kind === 'task' ? 't' : 'p'}${call.id}`;
export const nameOf = (call: TaskCall | HelperCall): string => `${call.kind === 'task' ? 'w' : 'h'}${call.id}`;

function callText(call: TaskCall | HelperCall): string {
  if (call.kind === 'task') return `w${call.id}(${call.db ? 'db' : ''})`;
  return `h${call.id}(${call.arg === undefined ? '' : String(call.arg)})`;
}

function containsAwait(body: readonly Stmt[]): boolean {
  return body.some((stmt) => {
    switch (stmt.kind) {
      case 'task':
      case 'helper':
        return stmt.form === 'await';
      case 'join':
      case 'combine':
      case 'tick':
        return true;
      case 'if':
        return containsAwait(stmt.then) || containsAwait(stmt.otherwise ?? []);
      case 'loop':
        return containsAwait(stmt.body);
      case 'try':
        return containsAwait(stmt.body) || containsAwait(stmt.finalizer);
      default:
        return false;
    }
  });
}

/** Whether running `body` may exit or block (through the helpers it calls too): then its own markers would mislead. */
export function mayEndOrBlock(body: readonly Stmt[]): boolean {
  return body.some((stmt) => {
    switch (stmt.kind) {
      case 'exit':
      case 'block':
        return true;
      case 'helper':
        return mayEndOrBlock(stmt.body);
      case 'if':
        return mayEndOrBlock(stmt.then) || mayEndOrBlock(stmt.otherwise ?? []);
      case 'loop':
        return mayEndOrBlock(stmt.body);
      case 'try':
        return mayEndOrBlock(stmt.body) || mayEndOrBlock(stmt.finalizer);
      default:
        return false;
    }
  });
}

/** Whether an async helper prints markers (and so is judged): not when it exits or blocks itself. */
export function helperMarked(call: HelperCall): boolean {
  return call.async && !mayEndOrBlock(call.body);
}

/** The marked tasks an awaited call stands for: itself, and what it joins in turn. */
function awaitedIds(call: TaskCall | HelperCall): string[] {
  if (call.kind === 'task') return [nameOf(call)];
  const own = helperMarked(call) ? [nameOf(call)] : [];
  if (call.returns) own.push(nameOf(call.returns));
  return call.async ? [...own, ...joinedIn(call.body)] : own;
}

/** The tasks a statement list joins: awaited calls, awaited handles, combinators' entries, through awaited helpers. */
export function joinedIn(body: readonly Stmt[]): string[] {
  const handles = new Map<string, TaskCall | HelperCall>();
  const out: string[] = [];
  const visit = (list: readonly Stmt[]): void => {
    for (const stmt of list) {
      switch (stmt.kind) {
        case 'task':
        case 'helper':
          if (stmt.form === 'await') out.push(...awaitedIds(stmt));
          if (stmt.form === 'handle') handles.set(handleOf(stmt), stmt);
          if (stmt.kind === 'helper' && !stmt.async) visit(stmt.body);
          break;
        case 'join': {
          const call = handles.get(stmt.handle);
          if (call) out.push(...awaitedIds(call));
          break;
        }
        case 'combine':
          for (const item of stmt.items) {
            const call = item.kind === 'call' ? item.call : item.kind === 'handle' ? handles.get(item.name) : undefined;
            if (call) out.push(...awaitedIds(call));
          }
          break;
        case 'if':
          visit(stmt.then);
          visit(stmt.otherwise ?? []);
          break;
        case 'loop':
          visit(stmt.body);
          break;
        case 'try':
          visit(stmt.body);
          visit(stmt.finalizer);
          break;
        default:
          break;
      }
    }
  };
  visit(body);
  return [...new Set(out)];
}

/** Every marked task a statement list may start, through the helpers it calls. */
function startedIn(body: readonly Stmt[]): string[] {
  const out: string[] = [];
  const visit = (list: readonly Stmt[]): void => {
    for (const stmt of list) {
      if (stmt.kind === 'task') out.push(nameOf(stmt));
      else if (stmt.kind === 'helper') {
        if (helperMarked(stmt)) out.push(nameOf(stmt));
        if (stmt.returns) out.push(nameOf(stmt.returns));
        visit(stmt.body);
      } else if (stmt.kind === 'combine') {
        for (const item of stmt.items) if (item.kind === 'call') out.push(nameOf(item.call));
      } else if (stmt.kind === 'if') {
        visit(stmt.then);
        visit(stmt.otherwise ?? []);
      } else if (stmt.kind === 'loop') visit(stmt.body);
      else if (stmt.kind === 'try') {
        visit(stmt.body);
        visit(stmt.finalizer);
      }
    }
  };
  visit(body);
  return out;
}

/**
 * What a report of an async function's call explains: what it joins, and what it starts after its first
 * `await`, which starts only once the caller has gone on (docs: "calling the helper without awaiting it is
 * reported at the call").
 */
export function coveredBy(body: readonly Stmt[]): string[] {
  const out = joinedIn(body);
  let awaited = false;
  for (const stmt of body) {
    if (awaited || containsAwait([stmt])) out.push(...startedIn([stmt]));
    if (containsAwait([stmt])) awaited = true;
  }
  return [...new Set(out)];
}

function where(context: Context): Pick<Site, 'owner' | 'underFalse' | 'closedByFlag' | 'afterAwait'> {
  return { owner: context.owner, underFalse: !context.taken, closedByFlag: context.closedByFlag, afterAwait: context.awaited };
}

function conditionValue(condition: Condition, flag: boolean | undefined): boolean {
  switch (condition) {
    case 'true':
    case 'ON':
      return true;
    case 'flag':
      return flag === true;
    case '!flag':
      return flag !== true;
    default:
      return false;
  }
}

interface Context {
  readonly functions: string[];
  readonly siteNames: Array<Omit<Site, 'line' | 'column'>>;
  owner: string;
  /** Whether the statement being rendered runs (no enclosing branch is false), what `flag` is, whether an `await` may have come before. */
  taken: boolean;
  /** Not taken because a `flag` condition is false here, all enclosing branches being taken. */
  closedByFlag: boolean;
  flag: boolean | undefined;
  awaited: boolean;
  /** Inside an async helper whose caller goes on without awaiting it. */
  detached: boolean;
  detachedExit: boolean;
  /** Handles awaited so far (in the order of the text; handle names are unique in a program). */
  readonly joinedHandles: Set<string>;
  readonly ends: Array<Omit<End, 'line'>>;
  readonly marked: string[];
  readonly bounded: string[];
  usesDb: boolean;
  usesExec: boolean;
  usesDie: boolean;
  usesFlags: boolean;
}

function defineTask(call: TaskCall, context: Context): void {
  const name = nameOf(call);
  context.marked.push(name);
  context.siteNames.push({ name, promise: true, judgedBy: name, covers: [], ...where(context) });
  if (call.db) context.usesDb = true;
  const lines = call.db
    ? [
        `async function ${name}(r) {`,
        `  console.log('start ${name}');`,
        `  const closes = r.closes;`,
        `  await run('${name}');`,
        `  if (r.closes !== closes) return;`,
        `  console.log('done ${name}');`,
        `}`,
      ]
    : [`async function ${name}() {`, `  console.log('start ${name}');`, `  await run('${name}');`, `  console.log('done ${name}');`, `}`];
  context.functions.push(lines.join('\n'));
}

function defineHelper(call: HelperCall, context: Context): void {
  const name = nameOf(call);
  const marked = helperMarked(call);
  const judgedBy = marked ? name : call.returns ? nameOf(call.returns) : undefined;
  if (marked) context.marked.push(name);
  context.siteNames.push({
    name,
    promise: call.async || call.returns !== undefined,
    judgedBy,
    covers: call.async ? coveredBy(call.body) : [],
    ...where(context),
  });
  const outer = { owner: context.owner, flag: context.flag, awaited: context.awaited, detached: context.detached };
  context.owner = name;
  context.flag = call.arg;
  context.detached = context.detached || (call.async && call.form !== 'await');
  const inner: string[] = [];
  inner.push(marked ? `console.log('start ${name}');` : `console.log('enter ${name}');`);
  const declared = new Set<string>();
  inner.push(...renderBody(call.body, context, call.async, declared));
  if (call.async && containsAwait(call.body)) inner.push(`await run('${name}');`);
  if (marked) inner.push(`console.log('done ${name}');`);
  if (call.returns) {
    defineTask(call.returns, context);
    inner.push(`return ${callText(call.returns)};`);
  }
  Object.assign(context, outer);
  const parameters = call.arg === undefined ? '' : 'flag';
  context.functions.push([`${call.async ? 'async ' : ''}function ${name}(${parameters}) {`, ...inner.map((line) => `  ${line}`), `}`].join('\n'));
}

function renderCall(call: TaskCall | HelperCall, context: Context): string {
  if (call.kind === 'task') defineTask(call, context);
  else defineHelper(call, context);
  const text = callText(call);
  switch (call.form) {
    case 'bare':
      return `${text};`;
    case 'void':
      return `void ${text};`;
    case 'catch':
      return `${text}.catch(() => {});`;
    case 'handle':
      return `const ${handleOf(call)} = ${text};`;
    case 'await':
      return `await ${text};`;
  }
}

function renderItem(item: Item, context: Context, declared: ReadonlySet<string>): string | undefined {
  switch (item.kind) {
    case 'handle':
      return declared.has(item.name) ? item.name : undefined;
    case 'tick':
      return 'tick()';
    case 'call':
      defineTask(item.call, context);
      return callText(item.call);
  }
}

function indent(lines: readonly string[]): string[] {
  return lines.map((line) => `  ${line}`);
}

/** `declared`: the handles in scope (a join of a handle not in scope, left by shrinking, renders as nothing). */
function renderBody(body: readonly Stmt[], context: Context, isAsync: boolean, declared: Set<string>): string[] {
  const out: string[] = [];
  const scoped = new Set(declared);
  for (const stmt of body) {
    out.push(...renderStmt(stmt, context, isAsync, scoped));
    if (isAsync && containsAwait([stmt])) context.awaited = true;
  }
  return out;
}

function renderStmt(stmt: Stmt, context: Context, isAsync: boolean, declared: Set<string>): string[] {
  switch (stmt.kind) {
    case 'task':
    case 'helper': {
      if (stmt.form === 'await' && !isAsync) return [];
      const line = renderCall(stmt, context);
      if (stmt.form === 'handle') declared.add(handleOf(stmt));
      // An async helper that never awaits has settled when its call returns: its handle races like a joined one.
      if (stmt.form === 'handle' && stmt.kind === 'helper' && stmt.async && !containsAwait(stmt.body)) context.joinedHandles.add(handleOf(stmt));
      return [line];
    }
    case 'join':
      if (!isAsync || !declared.has(stmt.handle)) return [];
      context.joinedHandles.add(stmt.handle);
      return [`await ${stmt.handle};`];
    case 'combine': {
      if (!isAsync) return [];
      const entries = stmt.items.flatMap((item) => {
        const text = renderItem(item, context, declared);
        return text === undefined ? [] : [{ item, text }];
      });
      const items = entries.map((entry) => entry.text);
      if (items.length === 0) return [];
      // Against a delay, or against a handle already awaited (settled: "an entry the rule cannot tell from a delay").
      const bounded = stmt.items.some((item) => item.kind === 'tick' || (item.kind === 'handle' && context.joinedHandles.has(item.name)));
      if ((stmt.op === 'race' || stmt.op === 'any') && bounded) {
        for (const item of stmt.items) {
          const name =
            item.kind === 'call' ? nameOf(item.call) : item.kind === 'handle' ? `${item.name.startsWith('t') ? 'w' : 'h'}${item.name.slice(1)}` : null;
          // A helper's call lost to the race takes with it the work the helper waits for.
          if (name !== null) context.bounded.push(name, ...(context.siteNames.find((site) => site.name === name)?.covers ?? []));
        }
      }
      // A race of one entry waits for it as `all` does: once it resumes, that handle is settled too.
      if (stmt.op === 'all' || stmt.op === 'allSettled' || entries.length === 1)
        for (const { item } of entries) if (item.kind === 'handle') context.joinedHandles.add(item.name);
      return [`await Promise.${stmt.op}([${items.join(', ')}]);`];
    }
    case 'step':
      return [`console.log('s${stmt.id}');`];
    case 'tick':
      return isAsync ? ['await tick();'] : [];
    case 'if': {
      if (stmt.condition === 'ON' || stmt.condition === 'OFF' || stmt.condition === '!ON') context.usesFlags = true;
      const taken = context.taken;
      const closed = context.closedByFlag;
      const byFlag = stmt.condition === 'flag' || stmt.condition === '!flag';
      const value = conditionValue(stmt.condition, context.flag);
      context.taken = taken && value;
      context.closedByFlag = closed || (taken && !value && byFlag);
      const then = renderBody(stmt.then, context, isAsync, declared);
      context.taken = taken && !value;
      context.closedByFlag = closed || (taken && value && byFlag);
      const otherwise = stmt.otherwise && renderBody(stmt.otherwise, context, isAsync, declared);
      context.taken = taken;
      context.closedByFlag = closed;
      return [`if (${stmt.condition}) {`, ...indent(then), ...(otherwise ? ['} else {', ...indent(otherwise)] : []), '}'];
    }
    case 'loop':
      // A second turn runs after the first one's awaits.
      if (isAsync && containsAwait(stmt.body)) context.awaited = true;
      return ['for (let i = 0; i < 2; i++) {', ...indent(renderBody(stmt.body, context, isAsync, declared)), '}'];
    case 'try':
      return [
        'try {',
        ...indent(renderBody(stmt.body, context, isAsync, declared)),
        '} finally {',
        ...indent(renderBody(stmt.finalizer, context, isAsync, declared)),
        '}',
      ];
    case 'exit': {
      if (context.detached && context.awaited) context.detachedExit = true;
      const marker = endMarker(context, 'end');
      if (stmt.via === 'helper') {
        context.usesDie = true;
        return [`${marker} die();`];
      }
      return [`${marker} process.exit(0);`];
    }
    case 'close':
      context.usesDb = true;
      if (context.detached && context.awaited) context.detachedExit = true;
      return [`${endMarker(context, 'end')} db.close();`];
    case 'block': {
      if (context.detached && context.awaited) context.detachedExit = true;
      // The marker, on the blocking call's line: the judge reads what is pending there, the check maps a report's line to it.
      const marker = endMarker(context, 'block');
      switch (stmt.how) {
        case 'busy-wait':
          return [`${marker} { const until = Date.now() + 2; while (Date.now() < until) {} }`];
        case 'atomics':
          return [`${marker} Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);`];
        case 'exec':
          context.usesExec = true;
          return [`${marker} execSync('true');`];
      }
    }
  }
}

/** `console.log('end 3');`: printed when the end (or block) is reached, on the same line as it. */
function endMarker(context: Context, word: 'end' | 'block'): string {
  const id = context.ends.length + 1;
  context.ends.push({ id: `${word} ${id}`, ...where(context) });
  return `console.log('${word} ${id}');`;
}

const TICK = 'function tick() {\n  return new Promise((resolve) => setImmediate(resolve));\n}';
const RUN = [
  'async function run(name) {',
  '  const turns = process.env.FUZZ_SLOW === name ? 1000 : 2;',
  '  for (let turn = 0; turn < turns; turn++) await tick();',
  '}',
].join('\n');
const RESOURCE = [
  'class Resource {',
  '  constructor() {',
  '    this.closes = 0;',
  '  }',
  '  close() {',
  '    this.closes += 1;',
  "    console.log('closed');",
  '  }',
  '}',
  'const db = new Resource();',
].join('\n');
const DIE = "function die() {\n  console.log('exit');\n  process.exit(0);\n}";

function topLines(program: Program): string[] {
  switch (program.top) {
    case 'await':
      return program.mainAsync ? ['await main();'] : ['main();'];
    case 'call':
      return ['main();'];
    case 'await-exit':
      return [program.mainAsync ? 'await main();' : 'main();', 'process.exit(0);'];
    case 'call-exit':
      return ['main();', 'process.exit(0);'];
    case 'finally-exit':
      return program.mainAsync ? ['main().finally(() => process.exit(0));'] : ['main();', 'process.exit(0);'];
    case 'then-exit':
      return program.mainAsync ? ['main().then(() => process.exit(0));'] : ['main();', 'process.exit(0);'];
  }
}

/** Where each call site's callee name appears as a call (not its declaration), as ESLint counts lines and columns. */
export function locate(text: string, name: string): { line: number; column: number } | undefined {
  const lines = text.split('\n');
  const pattern = new RegExp(`(?<![\\w.])${name}\\(`);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string;
    const match = pattern.exec(line);
    if (match && !line.slice(0, match.index).endsWith('function ')) return { line: index + 1, column: match.index + 1 };
  }
  return undefined;
}

export function render(program: Program): Rendered {
  const context: Context = {
    functions: [],
    siteNames: [],
    owner: 'main',
    taken: true,
    closedByFlag: false,
    flag: undefined,
    awaited: false,
    detached: false,
    detachedExit: false,
    joinedHandles: new Set(),
    ends: [],
    marked: [],
    bounded: [],
    usesDb: false,
    usesExec: false,
    usesDie: false,
    usesFlags: false,
  };
  const mainBody = renderBody(program.main, context, program.mainAsync, new Set());
  const functions = context.functions;
  const prelude: string[] = [];
  if (context.usesExec) prelude.push("import { execSync } from 'node:child_process';");
  if (context.usesFlags) prelude.push('const ON = true;\nconst OFF = false;');
  prelude.push(TICK, RUN);
  if (context.usesDb) prelude.push(RESOURCE);
  if (context.usesDie) prelude.push(DIE);
  const main = [`${program.mainAsync ? 'async ' : ''}function main() {`, ...indent(mainBody), '}'].join('\n');
  const text = [...prelude, ...functions, main, ...topLines(program)].join('\n') + '\n';
  const sites: Site[] = [];
  context.siteNames.push({
    name: 'main',
    promise: program.mainAsync,
    judgedBy: undefined,
    covers: program.mainAsync ? coveredBy(program.main) : [],
    owner: '(top)',
    underFalse: false,
    closedByFlag: false,
    afterAwait: false,
  });
  for (const site of context.siteNames) {
    const at = locate(text, site.name);
    if (at) sites.push({ ...site, ...at });
  }
  const lines = text.split('\n');
  const ends = context.ends.flatMap((end) => {
    const index = lines.findIndex((line) => line.includes(`console.log('${end.id}');`));
    return index < 0 ? [] : [{ ...end, line: index + 1 }];
  });
  return { text, sites, ends, markedTasks: context.marked, boundedRaceTasks: context.bounded, detachedExit: context.detachedExit };
}

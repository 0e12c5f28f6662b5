import type { Random } from './random';
import type { CallForm, Condition, HelperCall, Item, Program, Stmt, TaskCall, Top } from './program';

/*
 * The grammar: random programs of tasks (with completion markers), joins (`await t`, `await w()`, the
 * `Promise` combinators), non-joins (bare, `void`, `.catch(() => {})`, a handle never awaited), helpers
 * (sync and async, nested, with a `flag` parameter a call fixes), branches on conditions the analysis
 * evaluates, loops, `try/finally`, and lifetime ends: `process.exit()`, an exit helper, a resource close,
 * blocking (busy-wait, `Atomics.wait`, `execSync`), an exit deferred into `main().finally()`, or none.
 */

const MAX_DEPTH = 2;

interface Scope {
  readonly async: boolean;
  readonly hasFlag: boolean;
  /** Handles declared in the enclosing statement lists of this function, innermost last. */
  readonly handles: string[][];
  readonly depth: number;
}

interface State {
  readonly random: Random;
  readonly resource: boolean;
  nextId: number;
  nextStep: number;
  budget: number;
}

function taskCall(state: State, form: CallForm): TaskCall {
  return { kind: 'task', id: state.nextId++, form, db: state.resource && state.random.chance(0.5) };
}

function callForm(state: State, scope: Scope): CallForm {
  const forms: Array<readonly [CallForm, number]> = [
    ['bare', 3],
    ['void', 1],
    ['catch', 1],
    ['handle', 3],
  ];
  if (scope.async) forms.push(['await', 2]);
  return state.random.weighted(forms);
}

function condition(state: State, scope: Scope): Condition {
  const choices: Condition[] = ['true', 'false', 'ON', 'OFF', '!ON'];
  if (scope.hasFlag) choices.push('flag', 'flag', '!flag');
  return state.random.pick(choices);
}

function declare(scope: Scope, name: string): void {
  scope.handles[scope.handles.length - 1]?.push(name);
}

function helperCall(state: State, scope: Scope): HelperCall {
  const { random } = state;
  const id = state.nextId++;
  const isAsync = random.chance(0.55);
  const arg = random.chance(0.35) ? random.chance(0.5) : undefined;
  const inner: Scope = { async: isAsync, hasFlag: arg !== undefined, handles: [[]], depth: scope.depth + 1 };
  const body = statements(state, inner, random.int(1, 4));
  const returns = !isAsync && random.chance(0.3) ? taskCall(state, 'bare') : undefined;
  const valued = isAsync || returns !== undefined;
  const form = valued ? callForm(state, scope) : 'bare';
  const call: HelperCall = { kind: 'helper', id, async: isAsync, form, body, ...(arg !== undefined && { arg }), ...(returns && { returns }) };
  if (form === 'handle') declare(scope, `p${id}`);
  return call;
}

function combine(state: State, scope: Scope): Stmt {
  const { random } = state;
  const op = random.weighted<'all' | 'allSettled' | 'race' | 'any'>([
    ['all', 3],
    ['allSettled', 2],
    ['race', 2],
    ['any', 1],
  ]);
  const visible = scope.handles.flat();
  const items: Item[] = [];
  const count = random.int(1, 3);
  for (let index = 0; index < count; index++) {
    const roll = random.next();
    if (roll < 0.4 && visible.length > 0) items.push({ kind: 'handle', name: random.pick(visible) });
    else if (roll < 0.5) items.push({ kind: 'tick' });
    else items.push({ kind: 'call', call: taskCall(state, 'bare') });
  }
  return { kind: 'combine', op, items };
}

function statement(state: State, scope: Scope): Stmt {
  const { random } = state;
  const nested = scope.depth < MAX_DEPTH;
  const visible = scope.handles.flat();
  const choices: Array<readonly [string, number]> = [
    ['task', 6],
    ['step', 2],
    ['exit', 0.5],
    ['block', 0.5],
  ];
  if (nested) choices.push(['helper', 2], ['if', 1], ['loop', 0.7], ['try', 0.7]);
  if (scope.async) choices.push(['tick', 1.5], ['combine', 1.2]);
  if (scope.async && visible.length > 0) choices.push(['join', 3]);
  if (state.resource) choices.push(['close', 0.8]);
  state.budget--;
  switch (random.weighted(choices)) {
    case 'task': {
      const call = taskCall(state, callForm(state, scope));
      if (call.form === 'handle') declare(scope, `t${call.id}`);
      return call;
    }
    case 'helper':
      return helperCall(state, scope);
    case 'join':
      return { kind: 'join', handle: random.pick(visible) };
    case 'combine':
      return combine(state, scope);
    case 'tick':
      return { kind: 'tick' };
    case 'if': {
      const cond = condition(state, scope);
      const then = block(state, scope, random.int(1, 3));
      const otherwise = random.chance(0.4) ? block(state, scope, random.int(1, 2)) : undefined;
      return { kind: 'if', condition: cond, then, ...(otherwise && { otherwise }) };
    }
    case 'loop':
      return { kind: 'loop', body: block(state, scope, random.int(1, 3)) };
    case 'try':
      return { kind: 'try', body: block(state, scope, random.int(1, 3)), finalizer: block(state, scope, random.int(1, 2)) };
    case 'exit':
      return exit(state);
    case 'close':
      return { kind: 'close' };
    case 'block':
      return blocking(state);
    default:
      return { kind: 'step', id: state.nextStep++ };
  }
}

function exit(state: State): Stmt {
  return { kind: 'exit', via: state.random.chance(0.35) ? 'helper' : 'direct' };
}

function blocking(state: State): Stmt {
  return {
    kind: 'block',
    how: state.random.weighted([
      ['busy-wait', 2],
      ['atomics', 2],
      ['exec', 1],
    ] as const),
  };
}

/** A nested statement list: its own handle scope (a `const` in a block is not visible after it). */
function block(state: State, scope: Scope, count: number): Stmt[] {
  scope.handles.push([]);
  const body = statements(state, { ...scope, depth: scope.depth + 1 }, count);
  scope.handles.pop();
  return body;
}

function statements(state: State, scope: Scope, count: number): Stmt[] {
  const body: Stmt[] = [];
  for (let index = 0; index < count && state.budget > 0; index++) body.push(statement(state, scope));
  return body;
}

/** One program from the random stream: an entry `main` of 2–7 statements (helpers nest inside), a lifetime end or none, and a top level. */
export function generateProgram(random: Random): Program {
  const state: State = { random, resource: random.chance(0.3), nextId: 1, nextStep: 1, budget: 14 };
  const mainAsync = random.chance(0.8);
  const scope: Scope = { async: mainAsync, hasFlag: false, handles: [[]], depth: 0 };
  const main = statements(state, scope, random.int(2, 7));
  const end = random.weighted<string>([
    ['exit', 4],
    ['none', 3],
    ['close', state.resource ? 2 : 0],
    ['block', 1.5],
  ]);
  if (end === 'exit') main.push(exit(state));
  else if (end === 'close') main.push({ kind: 'close' });
  else if (end === 'block') main.push(blocking(state));
  const tops: Array<readonly [Top, number]> = mainAsync
    ? [
        ['await', 3],
        ['call', 2],
        ['await-exit', 2],
        ['call-exit', 1],
        ['finally-exit', 1.5],
        ['then-exit', 0.7],
      ]
    : [
        ['call', 3],
        ['call-exit', 2],
      ];
  return { mainAsync, main, top: random.weighted(tops) };
}

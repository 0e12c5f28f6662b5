import type { TSESTree } from '@typescript-eslint/types';
import { forEachChild, getOwnerFunction, isFunction, skipTransparent, type FunctionNode, type Node, type Program } from '../syntax/ast';
import { evaluate, firstTestHolds, truthiness, type ParameterValues } from '../syntax/constant-value';
import { getBusyWait, type Blocking } from './blocking';
import type { FileContext } from './file-context';
import { getResourceKey } from './lifetime-ends';
import type { BlockingSite } from './model';
import type { OwnerRole } from './owner-roles';
import { afterYield, FlowState, grew, merge, mergeAll, type Task, type WalkerHost } from './walk-state';

/*
 * The control-flow engine of a walk: statements in order, branches walked separately and merged (a known
 * condition walks one), loops twice (work a turn leaves is pending in the next), `switch`, labels and
 * jumps, `try`/`catch`/`finally` and exceptions. It knows nothing of promises: what an expression does to
 * the tasks, and what a return or an exit means, are the hooks the lifetime walk below implements.
 */

/** `for await`: each step waits for the next value, so the loop yields between turns. */
function awaitsNextStep(loop: Node): boolean {
  return loop.type === 'ForOfStatement' && loop.await;
}

interface JumpTarget {
  readonly label: string | null;
  readonly breaks: Array<FlowState | null>;
  readonly continues: Array<FlowState | null> | null;
}

type Finalizer =
  | { readonly kind: 'finally'; readonly block: TSESTree.BlockStatement }
  | { readonly kind: 'using'; readonly resources: Array<{ key: string; name: string; node: Node }> };

const MAX_SECOND_PASS_DEPTH = 3;

/** A statement that is, or ends with, an `await` of its whole expression (`await t;`, `const x = await t;`). */
function endsInAwait(statement: Node | undefined): boolean {
  if (!statement) return false;
  if (statement.type === 'ExpressionStatement') return skipTransparent(statement.expression).type === 'AwaitExpression';
  if (statement.type === 'VariableDeclaration')
    return statement.declarations.every((declarator) => declarator.init !== null && skipTransparent(declarator.init).type === 'AwaitExpression');
  return false;
}

/** `x = …`, `x += …`, `x++`: the identifier is written here. */
function isWrite(reference: TSESTree.Identifier): boolean {
  const parent = reference.parent;
  return (parent?.type === 'AssignmentExpression' && parent.left === reference) || parent?.type === 'UpdateExpression';
}

function within(node: Node, container: Node): boolean {
  return node.range[0] >= container.range[0] && node.range[1] <= container.range[1];
}

function isLoop(node: Node): boolean {
  return (
    node.type === 'ForStatement' ||
    node.type === 'ForInStatement' ||
    node.type === 'ForOfStatement' ||
    node.type === 'WhileStatement' ||
    node.type === 'DoWhileStatement'
  );
}

export abstract class ControlFlowWalker {
  protected readonly targets: JumpTarget[] = [];
  protected readonly finalizers: Finalizer[] = [];
  protected readonly catchTargets: Array<Array<FlowState | null>> = [];
  protected current: Node;
  protected loopDepth = 0;
  protected readonly context: FileContext;

  constructor(
    protected readonly host: WalkerHost,
    protected readonly owner: FunctionNode | Program,
    protected readonly role: OwnerRole,
    /** Parameters fixed by the call this walk is for (`start({ watch: false })`); empty for the general walk. */
    protected readonly values: ParameterValues = new Map(),
  ) {
    this.context = host.context;
    this.current = owner;
  }

  protected abstract blockEvent(state: FlowState, node: Node, blocking: Blocking, through: BlockingSite['through']): void;
  protected abstract closure(node: Node, state: FlowState, mode: 'join' | 'escape', keep?: ReadonlySet<Task> | null): void;
  protected abstract declarator(declarator: TSESTree.VariableDeclarator, state: FlowState): FlowState;
  protected abstract disposeResources(
    state: FlowState,
    resources: ReadonlyArray<{ key: string; name: string; node: Node }>,
    offset: number,
    leaving?: Node | null,
  ): FlowState;
  protected abstract exitOwner(state: FlowState, node: Node | null, handedOver?: ReadonlySet<Task>, exceptional?: boolean): void;
  protected abstract expressionStatement(expression: Node, state: FlowState): FlowState;
  protected abstract returnThroughFinalizers(argument: Node, state: FlowState, node: TSESTree.ReturnStatement): void;
  protected abstract returned(argument: Node, state: FlowState): FlowState;
  protected abstract staticBlocks(node: TSESTree.ClassDeclaration | TSESTree.ClassExpression, state: FlowState): FlowState;
  protected abstract value(expression: Node, state: FlowState, keep?: ReadonlySet<Task> | null): FlowState;

  protected statements(list: readonly Node[], state: FlowState | null, afterEach?: Array<FlowState | null>): FlowState | null {
    const usingResources: Array<{ key: string; name: string; node: Node }> = [];
    const finalizer: Finalizer = { kind: 'using', resources: usingResources };
    this.finalizers.push(finalizer);
    let current = state;
    for (const statement of list) {
      if (!current) break; // unreachable code is not analysed
      this.current = statement;
      current = this.statement(statement, current);
      if (current?.dead) current = null;
      if (afterEach && current) afterEach.push(current.clone());
      if (statement.type === 'VariableDeclaration' && (statement.kind === 'using' || statement.kind === 'await using')) {
        for (const declarator of statement.declarations) {
          const key = getResourceKey(declarator.id, this.context);
          if (key !== null) usingResources.push({ key, name: this.context.text(declarator.id), node: declarator.id });
        }
      }
    }
    this.finalizers.pop();
    if (current && usingResources.length > 0) {
      const block = list[0]?.parent;
      current = this.disposeResources(current, usingResources, block ? block.range[1] - 1 : (list.at(-1)?.range[1] ?? 0));
    }
    return current;
  }

  protected statement(node: Node, state: FlowState): FlowState | null {
    switch (node.type) {
      case 'ExpressionStatement':
        return this.expressionStatement(node.expression, state);
      case 'VariableDeclaration':
        for (const declarator of node.declarations) state = this.declarator(declarator, state);
        return state;
      case 'ReturnStatement': {
        if (
          node.argument &&
          this.role.kind !== 'exit-listener' &&
          this.finalizers.some((finalizer) => finalizer.kind === 'finally' || finalizer.resources.length > 0)
        ) {
          this.returnThroughFinalizers(node.argument, state, node);
          return null;
        }
        const after = node.argument ? this.returned(node.argument, state) : state;
        this.exitOwner(after, node);
        return null;
      }
      case 'ThrowStatement':
        this.raise(this.value(node.argument, state), node);
        return null;
      case 'BlockStatement':
      case 'StaticBlock':
        return this.statements(node.body, state);
      case 'IfStatement':
        return this.branch(
          node.test,
          state,
          (tested) => this.nested(node.consequent, tested),
          (tested) => (node.alternate ? this.nested(node.alternate, tested) : tested),
        );
      case 'LabeledStatement': {
        if (isLoop(node.body)) return this.loop(node.body, state, node.label.name);
        const target: JumpTarget = { label: node.label.name, breaks: [], continues: null };
        this.targets.push(target);
        const after = this.nested(node.body, state);
        this.targets.pop();
        return mergeAll([after, ...target.breaks]);
      }
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement':
      case 'WhileStatement':
      case 'DoWhileStatement':
        return this.loop(node, state, null);
      case 'SwitchStatement':
        return this.switchStatement(node, state);
      case 'TryStatement':
        return this.tryStatement(node, state);
      case 'BreakStatement':
      case 'ContinueStatement': {
        const target = this.jumpTarget(node);
        if (target) (node.type === 'BreakStatement' ? target.breaks : target.continues)?.push(state);
        return null;
      }
      case 'FunctionDeclaration':
        this.closure(node, state, 'escape');
        return state;
      case 'ClassDeclaration':
        this.closure(node, state, 'escape');
        return this.staticBlocks(node, state);
      case 'ExportNamedDeclaration':
        return node.declaration ? this.statement(node.declaration, state) : state;
      case 'ExportDefaultDeclaration':
        return isFunction(node.declaration) || node.declaration.type === 'ClassDeclaration'
          ? this.statement(node.declaration as Node, state)
          : this.value(node.declaration, state);
      default:
        return state;
    }
  }

  /** The loop, switch or labeled statement a `break`/`continue` leaves. */
  protected jumpTarget(node: TSESTree.BreakStatement | TSESTree.ContinueStatement): JumpTarget | null {
    const label = node.label?.name ?? null;
    for (let index = this.targets.length - 1; index >= 0; index--) {
      const target = this.targets[index];
      if (!target) continue;
      const isLoopTarget = target.continues !== null;
      if (label !== null ? target.label === label : node.type === 'BreakStatement' ? isLoopTarget || target.label === '#switch' : isLoopTarget) {
        return target;
      }
    }
    return null;
  }

  /** A statement in a position without its own list (`if (x) stmt`): `current` stays the enclosing list statement. */
  protected nested(node: Node, state: FlowState): FlowState | null {
    const saved = this.current;
    const result = node.type === 'BlockStatement' ? this.statements(node.body, state) : this.statement(node, state);
    this.current = saved;
    return result?.dead ? null : result;
  }

  /** Whether a condition is known to hold (true), known not to (false), or unknown. */
  protected known(test: Node): boolean | undefined {
    return truthiness(test, this.context.scope, this.values);
  }

  /** `if (test)` / `test ? a : b`: only the branch a known condition selects is walked; otherwise both, merged. */
  protected branch(
    test: Node,
    state: FlowState,
    whenTrue: (state: FlowState) => FlowState | null,
    whenFalse: (state: FlowState) => FlowState | null,
    keep: ReadonlySet<Task> | null = null,
  ): FlowState | null {
    const tested = this.value(test, state, keep);
    const known = this.known(test);
    if (known === true) return whenTrue(tested);
    if (known === false) return whenFalse(tested);
    return merge(whenTrue(tested.clone()), whenFalse(tested.clone()));
  }

  /** `test ? a : b` as an expression: `walk` runs on the branch a known test selects, else on both, merged. */
  protected conditional(
    node: TSESTree.ConditionalExpression,
    state: FlowState,
    walk: (branch: Node, state: FlowState) => FlowState,
    keep: ReadonlySet<Task> | null = null,
  ): FlowState {
    return (
      this.branch(
        node.test,
        state,
        (tested) => walk(node.consequent, tested),
        (tested) => walk(node.alternate, tested),
        keep,
      ) ?? state
    );
  }

  /** `left && right`, `left || right`, `left ?? right`: the right side runs on the paths the left side lets through. */
  protected logical(node: TSESTree.LogicalExpression, left: FlowState, right: (state: FlowState) => FlowState): FlowState {
    const known = evaluate(node.left, this.context.scope, this.values);
    if (known) {
      const skipsRight =
        node.operator === '&&' ? !known.value : node.operator === '||' ? Boolean(known.value) : known.value !== null && known.value !== undefined;
      return skipsRight ? left : right(left);
    }
    return merge(left.clone(), right(left.clone())) ?? left;
  }

  /**
   * An exception leaves here with `state`: the innermost `catch` of this owner receives it; without one,
   * the `finally` blocks run and the owner exits exceptionally (its callers' exceptional paths inherit
   * what is still pending). Nothing after the throw on this path runs.
   */
  protected raise(state: FlowState, node: Node): void {
    if (state.dead) return;
    const target = this.catchTargets.at(-1);
    if (target) {
      target.push(state.clone());
      return;
    }
    const saved = this.current;
    this.exitOwner(state.clone(), node, new Set(), true);
    this.current = saved;
  }

  protected loop(node: Node, entry: FlowState, label: string | null): FlowState | null {
    const busy = getBusyWait(node, this.context);
    if (busy) this.blockEvent(entry, busy.at ?? node, busy, null);
    let start = entry;
    let exit: FlowState | null = null;
    const turns: FlowState[] = [];
    // The first turn certainly runs: the loop cannot end before it, and a next pass starts after it only.
    let entersFirstTurn = false;
    // A second pass (for work a previous turn left pending) only in the outer loops: nested loops that
    // each walked their body twice would cost 2^depth walks, and linear time is a promise.
    this.loopDepth++;
    // A test that a turn may change (`while (currentTasks === 0)` where the body's calls count tasks) may stop
    // the loop after one turn: what a turn leaves pending is not carried into a next turn nobody knows runs.
    const passes = this.loopDepth <= MAX_SECOND_PASS_DEPTH && !this.turnMayEndLoop(node) ? 2 : 1;
    for (let pass = 0; pass < passes; pass++) {
      const target: JumpTarget = { label, breaks: [], continues: [] };
      this.targets.push(target);
      let state: FlowState | null = start.clone();
      let conditionFalse: FlowState | null = null;
      switch (node.type) {
        case 'ForStatement': {
          if (pass === 0 && node.init) {
            state = node.init.type === 'VariableDeclaration' ? this.statement(node.init, state) : this.value(node.init, state);
            start = state ?? start;
          }
          if (node.test) state = state && this.value(node.test, state);
          const known = node.test ? this.known(node.test) : true;
          // `for (let i = 0; i < 2; i++)`: the first test holds by the loop's own init, so a first turn runs.
          if (pass === 0) entersFirstTurn = known !== false && firstTestHolds(node, this.context.scope, this.values);
          conditionFalse = known === true || (pass === 0 && entersFirstTurn) ? null : state;
          state = state && known !== false ? this.nested(node.body, state.clone()) : null;
          state = mergeAll([state, ...target.continues!]);
          if (state && node.update) state = this.value(node.update, state);
          break;
        }
        case 'ForInStatement':
        case 'ForOfStatement': {
          if (pass === 0) start = this.value(node.right, start);
          state = start.clone();
          if (awaitsNextStep(node)) state = afterYield(state);
          conditionFalse = state;
          state = this.nested(node.body, state.clone());
          state = mergeAll([state, ...target.continues!]);
          break;
        }
        case 'WhileStatement': {
          state = this.value(node.test, state);
          const known = this.known(node.test);
          conditionFalse = known === true ? null : state;
          state = known === false ? null : this.nested(node.body, state.clone());
          state = mergeAll([state, ...target.continues!]);
          break;
        }
        case 'DoWhileStatement': {
          state = this.nested(node.body, state);
          state = mergeAll([state, ...target.continues!]);
          if (state) state = this.value(node.test, state);
          conditionFalse = this.known(node.test) === true ? null : state;
          break;
        }
        default:
          break;
      }
      this.targets.pop();
      exit = mergeAll([conditionFalse, ...target.breaks]);
      if (state) turns.push(state);
      if (!grew(start, state)) {
        if (entersFirstTurn && pass === 0) exit = merge(exit, state);
        break;
      }
      // Without a second pass, a turn's pending work still reaches the exit (as if the test ran again).
      if (pass + 1 === passes) exit = merge(exit, state && awaitsNextStep(node) ? afterYield(state) : state);
      else start = (entersFirstTurn && pass === 0 ? state : merge(start, state)) ?? start;
    }
    this.loopDepth--;
    // A loop is written to run its turns: what every turn leaves pending is pending after it, although a loop
    // over nothing would start none of it (unlike work under an `if`, which the condition may well skip).
    if (exit && !exit.dead) {
      for (const task of [...exit.conditional]) {
        if (turns.some((turn) => turn.pending.has(task) && !turn.conditional.has(task))) exit.conditional.delete(task);
      }
    }
    return exit;
  }

  /** The loop's test reads a variable its body writes, or that some function of the file writes (a call may change it). */
  protected turnMayEndLoop(loop: Node): boolean {
    const test = loop.type === 'WhileStatement' || loop.type === 'DoWhileStatement' || loop.type === 'ForStatement' ? loop.test : null;
    if (!test) return false;
    const body = (loop as TSESTree.WhileStatement).body;
    let changes = false;
    const visit = (node: Node): void => {
      if (changes) return;
      if (node.type === 'Identifier') {
        const binding = this.context.scope.bindingOf(node);
        changes =
          binding?.references.some(
            (reference) => isWrite(reference) && (within(reference, body) || binding.scope.owner !== (getOwnerFunction(reference) ?? this.context.program)),
          ) ?? false;
        return;
      }
      forEachChild(node, visit);
    };
    visit(test);
    return changes;
  }

  protected switchStatement(node: TSESTree.SwitchStatement, state: FlowState): FlowState | null {
    const entry = this.value(node.discriminant, state);
    const target: JumpTarget = { label: '#switch', breaks: [], continues: null };
    this.targets.push(target);
    let fallthrough: FlowState | null = null;
    let hasDefault = false;
    for (const switchCase of node.cases) {
      if (!switchCase.test) hasDefault = true;
      let caseState = merge(fallthrough, entry.clone());
      if (caseState && switchCase.test) caseState = this.value(switchCase.test, caseState);
      fallthrough = this.statements(switchCase.consequent, caseState);
    }
    this.targets.pop();
    return mergeAll([fallthrough, ...target.breaks, hasDefault ? null : entry]);
  }

  protected tryStatement(node: TSESTree.TryStatement, state: FlowState): FlowState | null {
    if (node.finalizer) this.finalizers.push({ kind: 'finally', block: node.finalizer });
    const thrown: Array<FlowState | null> = [];
    if (node.handler) this.catchTargets.push(thrown);
    const afterEach: Array<FlowState | null> = [];
    const afterBlock = this.statements(node.block.body, state.clone(), afterEach);
    if (node.handler) this.catchTargets.pop();
    let afterHandler: FlowState | null = null;
    if (node.handler) {
      // A statement of the block may throw: the handler starts from the state before it (the entry, or
      // after the previous statement). A statement that awaits a task throws once the task has settled.
      const before = [state, ...afterEach.slice(0, -1)];
      const catchEntry = mergeAll([...before.map((entry, index) => (endsInAwait(node.block.body[index]) ? (afterEach[index] ?? entry) : entry)), ...thrown]);
      afterHandler = catchEntry && this.statements(node.handler.body.body, catchEntry.clone());
    }
    if (node.finalizer) {
      this.finalizers.pop();
      const beforeFinally = node.handler ? merge(afterBlock, afterHandler) : afterBlock;
      return beforeFinally && this.statements(node.finalizer.body, beforeFinally);
    }
    return merge(afterBlock, afterHandler);
  }
}

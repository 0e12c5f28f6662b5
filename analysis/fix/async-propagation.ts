import type { TSESTree } from '@typescript-eslint/types';
import {
  getOwnerFunction,
  getPropertyName,
  isFunction,
  isTransparent,
  skipTransparent,
  visitOwnBody,
  type FunctionNode,
  type Node,
  type Program,
} from '../syntax/ast';
import type { AnalyzedFile } from '../lifetime/analyze';
import type { LifetimeEnd } from '../lifetime/model';
import { getChainMethod } from '../lifetime/promise-chains';
import { describeFunction, getFunctionName } from '../lifetime/resolve-callee';
import { Unsupported } from './join-placement';
import { lineIndent } from './text-edits';
import type { Transaction } from './transaction';

/*
 * A function that must now await becomes async, and so do its same-file callers, up to the entry point or
 * to a caller the runtime awaits (a test, a handler). A caller that cannot wait (a callback, a value use,
 * CommonJS top-level code after the call) refuses the rewrite with the reason; a CommonJS entry call is
 * settled instead (`main().catch(…)`, `main().then(() => process.exit(0), …)`).
 */

export interface PropagationOptions {
  /** Let exported functions become async (their callers in other modules then get a promise). */
  readonly allowAsyncExports: boolean;
  /** A suggestion changes one function only: nothing becomes async, nothing is settled. */
  readonly oneFunction: boolean;
  readonly isModule: boolean;
  /** `;` or nothing, as the file ends its statements. */
  readonly semi: string;
}

/** The outermost `.then()`/`.catch()`/`.finally()` chained on `call` (`call` itself when none is). */
function chainTop(call: TSESTree.CallExpression): TSESTree.CallExpression {
  let top = call;
  for (;;) {
    let node: Node = top;
    while (node.parent && isTransparent(node.parent)) node = node.parent;
    const member = node.parent;
    const next = member?.parent;
    if (member?.type !== 'MemberExpression' || member.object !== node || next?.type !== 'CallExpression') return top;
    if (skipTransparent(next.callee) !== member || getChainMethod(next) === null) return top;
    top = next;
  }
}

/** Whether `fn`'s own body waits (`await`, `for await`, `yield`) anywhere before `offset`. */
function awaitsBefore(fn: FunctionNode, offset: number): boolean {
  let found = false;
  visitOwnBody(fn.body, (node) => {
    if (node.range[0] >= offset) return;
    if (node.type === 'AwaitExpression' || node.type === 'YieldExpression' || (node.type === 'ForOfStatement' && node.await)) found = true;
  });
  return found;
}

export class AsyncPropagation {
  constructor(
    private readonly file: AnalyzedFile,
    private readonly options: PropagationOptions,
    /** Functions earlier findings already made async. */
    private readonly asyncified: ReadonlySet<FunctionNode>,
  ) {}

  private get semi(): string {
    return this.options.semi;
  }

  private get isModule(): boolean {
    return this.options.isModule;
  }

  /**
   * `joinAt`: where the join goes in `fn`. An `async` function with no `await` before it yields there first
   * now: what it did up to there during its call it now does after its callers go on, as one that never
   * awaited (`settlesAtOnce`).
   */
  makeAsync(fn: FunctionNode, tx: Transaction, joinAt: number | null = null): void {
    if (this.asyncified.has(fn) || tx.asyncified.has(fn)) return;
    if (fn.async) {
      const yieldsEarlier = joinAt !== null && !awaitsBefore(fn, joinAt);
      if ((yieldsEarlier || this.file.settlesAtOnce(fn)) && !this.options.oneFunction) this.awaitDroppedCalls(fn, tx);
      return;
    }
    const name = nameOf(fn);
    if (this.options.oneFunction) throw new Unsupported(`${name} is not async, and a one-function fix does not change its callers`);
    if (fn.generator) throw new Unsupported(`${name} is a generator`);
    const member = fn.parent?.type === 'MethodDefinition' || (fn.parent?.type === 'Property' && fn.parent.method) ? fn.parent : null;
    if (member && member.kind !== 'method' && member.kind !== 'init') {
      throw new Unsupported(`${name} is a ${member.kind === 'constructor' ? 'constructor' : 'getter or setter'}`);
    }
    if (member?.computed) throw new Unsupported(`${name} has a computed name`);
    if (this.file.isExported(fn) && !this.options.allowAsyncExports) {
      throw new Unsupported(`${name} is exported: making it async changes what other modules get (pass --allow-async-exports to allow it)`);
    }
    tx.asyncified.add(fn);
    const at = member ? member.key.range[0] : fn.range[0];
    tx.edits.push({ range: [at, at], text: 'async ' });
    // `function main(): void` must now say what it returns: `Promise<void>`.
    const returnType = fn.returnType?.typeAnnotation;
    if (returnType) tx.edits.push({ range: returnType.range, text: `Promise<${this.text(returnType)}>` });
    this.updateCallers(fn, name, tx);
  }

  /**
   * An `async` function that never awaited had done its work when its call returned; now that it awaits,
   * a caller that dropped its promise (`main(); process.exit(0)`) would go on before it is done: those calls
   * are awaited, as a sync function's callers are. Calls whose value is used already get a promise, and a
   * function passed as a callback got one before too; but if the function may exit (or close a resource),
   * that end now comes after its first `await`, and a caller holding its promise would run on before it
   * (starting work the close then loses): that is refused.
   */
  private awaitDroppedCalls(fn: FunctionNode, tx: Transaction): void {
    tx.asyncified.add(fn);
    if (this.file.isAwaitedByItsRunner(fn)) return;
    const exits = this.file.mayExit(fn);
    for (const call of this.file.calls.of(fn)) {
      // `run().catch(log);` drops the chain's promise: the chain is awaited.
      const top = tx.chainCalls.has(call) ? call : chainTop(call);
      let node: Node = top;
      while (node.parent && isTransparent(node.parent)) node = node.parent;
      const parent = node.parent as TSESTree.Node | undefined;
      const dropped = parent?.type === 'ExpressionStatement' || (parent?.type === 'UnaryExpression' && parent.operator === 'void');
      if (dropped) this.awaitCall(top, getFunctionName(fn), tx);
      else if (parent?.type !== 'AwaitExpression' && (exits || this.file.mayClose(fn))) {
        const [may, end] = exits ? ['exit', 'the exit'] : ['close a resource', 'the close'];
        throw new Unsupported(
          `${nameOf(fn)} may ${may} before it first waits, and the value of its call on line ${this.line(call)} is kept: once it waits, that caller would run on before ${end}`,
        );
      }
    }
  }

  private updateCallers(fn: FunctionNode, name: string, tx: Transaction): void {
    if (this.file.isAwaitedByItsRunner(fn)) return;
    const parent = fn.parent;
    if (parent?.type === 'CallExpression' && parent.callee !== fn) {
      throw new Unsupported(
        getFunctionName(fn) ? `${name} is a callback: whoever calls it would not wait for it` : `whoever calls ${name} would not wait for it`,
      );
    }
    this.checkNoValueUses(fn, name);
    for (const call of this.file.calls.of(fn)) this.awaitCall(call, getFunctionName(fn), tx);
  }

  /** A function also referenced other than by calling it (`arr.map(f)`, `emitter.on('x', f)`) has callers we cannot update. */
  private checkNoValueUses(fn: FunctionNode, name: string): void {
    const { scope } = this.file.context;
    const member = fn.parent;
    if (member?.type === 'MethodDefinition' || member?.type === 'Property' || member?.type === 'PropertyDefinition') {
      // A method is reached through objects: every `.name` in the file must be a call we resolve to it.
      const key = getFunctionName(fn);
      for (const use of key === null ? [] : this.file.calls.memberUses(key)) {
        const call = use.parent;
        const resolved = call?.type === 'CallExpression' && skipTransparent(call.callee) === use && this.file.calls.resolve(call) === fn;
        if (!resolved)
          throw new Unsupported(`${name} is used on line ${this.line(use)} through an object that cannot be followed, so its callers cannot be updated`);
      }
      return;
    }
    const id = fn.id ?? (fn.parent?.type === 'VariableDeclarator' && fn.parent.id.type === 'Identifier' ? fn.parent.id : null);
    const binding = id ? scope.bindingOf(id) : null;
    for (const reference of binding?.references ?? []) {
      if (reference === id) continue;
      // `module.exports = { main }` is how a CommonJS module exports `main`: makeAsync has already decided whether it may become async.
      if (this.file.exportedAs(reference) !== null) continue;
      const parent = reference.parent;
      const called = parent?.type === 'CallExpression' && skipTransparent(parent.callee) === reference;
      if (!called) throw new Unsupported(`${name} is used as a value on line ${this.line(reference)}, so its callers cannot be updated`);
    }
  }

  private awaitCall(call: TSESTree.CallExpression, name: string | null, tx: Transaction): void {
    let node: Node = call;
    while (node.parent && isTransparent(node.parent)) node = node.parent;
    const parent = node.parent;
    if (parent?.type === 'AwaitExpression') return;
    const owner = this.ownerOf(call);
    const isVoid = parent?.type === 'UnaryExpression' && parent.operator === 'void';
    const statement = isVoid ? parent.parent : parent;
    if (tx.chainCalls.has(call)) return; // the chain keeps this call as a handle and joins it
    if (statement?.type === 'ExpressionStatement') {
      const expressionRange = statement.expression.range;
      const callText = this.text(call);
      if (owner.type === 'Program') {
        if (this.isModule) tx.edits.push({ range: expressionRange, text: `await ${callText}` });
        else if (!this.settleTopLevel(statement, callText, tx, null)) {
          throw new Unsupported(`top-level code runs after \`${callText}\` in a CommonJS module, and it cannot wait for it`);
        }
        return;
      }
      tx.edits.push({ range: expressionRange, text: `await ${callText}` });
      this.makeAsync(owner, tx);
      return;
    }
    if (
      (parent?.type === 'ReturnStatement' || (isFunction(parent) && parent.body === node)) &&
      owner.type !== 'Program' &&
      (owner.async || tx.asyncified.has(owner))
    )
      return;
    throw new Unsupported(`the value of \`${name ?? this.text(call.callee)}()\` is used on line ${this.line(call)}, and it would become a promise`);
  }

  /**
   * CommonJS has no top-level `await`: a last entry call reports its failure (`main().catch(…)`), and
   * an entry call followed only by `process.exit()` makes the exit wait (`main().then(() => process.exit(0), …)`).
   * `end`, when given, must be that exit. Returns false when the statements around the call do not fit.
   */
  settleTopLevel(statement: TSESTree.ExpressionStatement, callText: string, tx: Transaction, end: LifetimeEnd | null): boolean {
    if (this.options.oneFunction) return false;
    const rest = this.entryRest(statement);
    if (rest === null) return false;
    const semi = this.semi;
    const indent = lineIndent(this.file.context.source, statement.range[0]);
    if (rest.length === 0 && end === null) {
      tx.edits.push({
        range: statement.range,
        text: `${callText}.catch((error) => {\n${indent}  console.error(error)${semi}\n${indent}  process.exitCode = 1${semi}\n${indent}})${semi}`,
      });
      return true;
    }
    const exit = rest[0];
    if (rest.length !== 1 || exit?.type !== 'ExpressionStatement' || !this.isProcessExit(exit.expression)) return false;
    if (end && !(end.range[0] >= exit.range[0] && end.range[1] <= exit.range[1])) return false;
    tx.edits.push({
      range: [statement.range[0], exit.range[1]],
      text: `${callText}.then(\n${indent}  () => ${this.text(exit.expression)},\n${indent}  (error) => {\n${indent}    console.error(error)${semi}\n${indent}    process.exit(1)${semi}\n${indent}  },\n${indent})${semi}`,
    });
    tx.settled.set(statement, exit);
    return true;
  }

  /**
   * The statements that run after an entry call of the top level, in its own list, leaving out the
   * trailing ones that run no code (function declarations, `module.exports = { main }`): the call is a
   * statement of the program, or of a top-level `if` without `else` (`if (require.main === module)
   * main();`) that only such statements follow. Null when the call is elsewhere, or code would run after it.
   */
  private entryRest(statement: TSESTree.ExpressionStatement): readonly Node[] | null {
    const program = this.file.context.program;
    if (statement.parent === program) {
      const rest: Node[] = program.body.slice(program.body.indexOf(statement as TSESTree.ProgramStatement) + 1);
      while (rest.length > 0 && this.runsNoCode(rest.at(-1)!)) rest.pop();
      return rest;
    }
    const block = statement.parent?.type === 'BlockStatement' ? statement.parent : null;
    const guard = block ? block.parent : statement.parent;
    if (guard?.type !== 'IfStatement' || guard.parent !== program || guard.alternate !== null || guard.consequent !== (block ?? statement)) return null;
    const after = program.body.slice(program.body.indexOf(guard) + 1);
    if (!after.every((next) => this.runsNoCode(next))) return null;
    return block ? block.body.slice(block.body.indexOf(statement) + 1) : [];
  }

  /** A top-level statement after which nothing new runs: a function declaration, or an export of names. */
  private runsNoCode(statement: Node): boolean {
    if (statement.type === 'FunctionDeclaration' || statement.type === 'EmptyStatement') return true;
    if (statement.type !== 'ExpressionStatement' || statement.expression.type !== 'AssignmentExpression') return false;
    const { right, operator } = statement.expression;
    // Only names the file's export model knows as exports (`module.exports = { main }`, `exports.run = main`).
    const exported = (value: Node): boolean => value.type === 'Identifier' && this.file.exportedAs(value) !== null;
    const values =
      right.type === 'ObjectExpression'
        ? right.properties.map((property) => (property.type === 'Property' && !property.computed ? property.value : property))
        : [right];
    return operator === '=' && values.every(exported);
  }

  private isProcessExit(node: Node): boolean {
    const expression = skipTransparent(node);
    if (expression.type !== 'CallExpression') return false;
    const callee = skipTransparent(expression.callee);
    return (
      callee.type === 'MemberExpression' &&
      getPropertyName(callee) === 'exit' &&
      skipTransparent(callee.object).type === 'Identifier' &&
      this.text(callee.object) === 'process'
    );
  }

  private ownerOf(node: Node): FunctionNode | Program {
    return getOwnerFunction(node) ?? this.file.context.program;
  }

  private text(node: Node): string {
    return this.file.context.text(node);
  }

  private line(node: Node): number {
    return this.file.context.lineAt(node.range[0]);
  }
}

/** How a reason names a function: `` `main` ``, or "the callback passed to `it()`". */
export function nameOf(fn: FunctionNode): string {
  const name = getFunctionName(fn);
  return name ? `\`${name}\`` : describeFunction(fn);
}

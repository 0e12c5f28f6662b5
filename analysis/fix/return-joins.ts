import type { TSESTree } from '@typescript-eslint/types';
import { skipTransparent, visitOwnBody, type FunctionNode, type Node } from '../syntax/ast';
import type { AnalyzedFile } from '../lifetime/analyze';
import type { TakenNames } from './handle-names';
import { LIST_PARENTS, Unsupported } from './join-placement';
import { insertStatementBefore, lineIndent, type TextEdit } from './text-edits';

/*
 * A link function that returns in several places leaves its work pending at each of them: the join
 * goes before every `return` that can run after the work started, and at the closing brace when the
 * body can also fall off its end. A returned value is still computed where it was, before the wait,
 * so that nothing the function does moves after the work it now waits for.
 */

export interface ReturnJoins {
  readonly edits: readonly TextEdit[];
  /** Whether the body can also end by running off its closing brace, where the join is needed too. */
  readonly fallsOffEnd: boolean;
}

/**
 * The joins of `handle` before each `return` of `fn` that comes after `start` (a statement of the body's
 * own list, so its handle is in scope at each of them), or Unsupported with the reason.
 */
export function joinBeforeReturns(file: AnalyzedFile, fn: FunctionNode, start: Node, handle: string, semi: string, names: TakenNames): ReturnJoins {
  const body = fn.body;
  if (body.type !== 'BlockStatement') return { edits: [], fallsOffEnd: false };
  const { context } = file;
  const { source } = context;
  const returns: TSESTree.ReturnStatement[] = [];
  visitOwnBody(body, (node) => {
    // A `return` before the work starts leaves nothing behind; the work starts in a statement of the body itself, so no loop brings it back.
    if (node.type === 'ReturnStatement' && node.range[0] >= start.range[1]) returns.push(node);
  });
  const edits: TextEdit[] = [];
  // A name of the file would be shadowed; one name per statement list is enough, since a `return` ends its list.
  const declaredIn = new Map<Node, Set<string>>();
  const join = `await ${handle}${semi}`;
  for (const statement of returns) {
    const line = context.lineAt(statement.range[0]);
    const guarded = catchingTry(statement, body);
    if (guarded) {
      throw new Unsupported(
        `the \`return\` on line ${line} is inside a \`try\` with a \`catch\` (line ${context.lineAt(guarded.range[0])}), which would catch a failure of the work it waits for`,
      );
    }
    const inList = statement.parent !== undefined && LIST_PARENTS.has(statement.parent.type);
    const argument = statement.argument;
    if (argument === null || isStable(argument, file)) {
      if (inList) edits.push(insertStatementBefore(source, statement.range[0], join));
      else edits.push({ range: statement.range, text: `{ ${join} ${context.text(statement)} }` });
      continue;
    }
    // Computed first, as before: whatever the expression does still happens before the wait.
    const list = inList ? statement.parent! : statement;
    const taken = declaredIn.get(list) ?? new Set<string>();
    declaredIn.set(list, taken);
    const name = freshName('result', { has: (candidate) => names.has(candidate) || taken.has(candidate) });
    taken.add(name);
    const value = awaitsPromise(argument, file) ? `await ${context.text(argument)}` : context.text(argument);
    const lines = [`const ${name} = ${value}${semi}`, join, `return ${name}${semi}`];
    const indent = lineIndent(source, statement.range[0]);
    const startsLine = /^[\t ]*$/.test(source.slice(source.lastIndexOf('\n', statement.range[0] - 1) + 1, statement.range[0]));
    const switchCase = statement.parent?.type === 'SwitchCase' ? statement.parent : null;
    if (switchCase) {
      // The cases of a `switch` share one scope, so the declaration gets a block of its own: `case 'a': { … }`.
      const colon = source.indexOf(':', switchCase.test ? switchCase.test.range[1] : switchCase.range[0] + 'default'.length);
      if (switchCase.consequent[0] === statement && startsLine) {
        // Whatever stands between the colon and the `return` (comments) moves into the block with it.
        const text = ` {${source.slice(colon + 1, statement.range[0])}${lines.join(`\n${indent}`)}\n${lineIndent(source, switchCase.range[0])}}`;
        edits.push({ range: [colon + 1, statement.range[1]], text });
      } else {
        edits.push({ range: statement.range, text: `{ ${lines.join(' ')} }` });
      }
    } else if (inList) {
      edits.push({ range: statement.range, text: lines.join(startsLine ? `\n${indent}` : ' ') });
    } else {
      edits.push({ range: statement.range, text: `{ ${lines.join(' ')} }` });
    }
  }
  return { edits, fallsOffEnd: !alwaysLeaves(body) };
}

/** The `try` (with a `catch`) whose block holds `node`, inside `body`. */
function catchingTry(node: Node, body: Node): TSESTree.TryStatement | null {
  for (let child = node, parent = node.parent; parent && child !== body; child = parent, parent = parent.parent) {
    if (parent.type === 'TryStatement' && parent.block === child && parent.handler !== null) return parent;
  }
  return null;
}

/** An expression whose value is the same before and after the wait, and that does nothing when evaluated. */
function isStable(node: Node, file: AnalyzedFile): boolean {
  const expression = skipTransparent(node);
  switch (expression.type) {
    case 'Literal':
    case 'ThisExpression':
      return true;
    case 'TemplateLiteral':
      return expression.expressions.length === 0;
    case 'Identifier': {
      const { scope } = file.context;
      if (scope.isGlobalReference(expression, 'undefined')) return true;
      const binding = scope.bindingOf(expression);
      return binding !== null && binding.writes === 0;
    }
    default:
      return false;
  }
}

/**
 * A promise held unobserved while the work is awaited would be an unhandled rejection if it failed
 * meanwhile, so a returned value known to be one is awaited where it was computed.
 */
function awaitsPromise(node: Node, file: AnalyzedFile): boolean {
  return skipTransparent(node).type !== 'AwaitExpression' && file.isPromise(node);
}

/** Whether every path through `node` leaves the function (`return`, `throw`) before reaching its end. */
function alwaysLeaves(node: Node): boolean {
  switch (node.type) {
    case 'ReturnStatement':
    case 'ThrowStatement':
      return true;
    case 'BlockStatement':
      return node.body.some((statement) => alwaysLeaves(statement));
    case 'IfStatement':
      return node.alternate !== null && alwaysLeaves(node.consequent) && alwaysLeaves(node.alternate);
    case 'TryStatement':
      return (
        (node.finalizer !== null && alwaysLeaves(node.finalizer)) || (alwaysLeaves(node.block) && (node.handler === null || alwaysLeaves(node.handler.body)))
      );
    default:
      return false;
  }
}

function freshName(wanted: string, names: TakenNames): string {
  let name = wanted;
  for (let index = 2; names.has(name); index++) name = `${wanted}${index}`;
  return name;
}

import type { TSESTree } from '@typescript-eslint/types';
import { isFunction, skipTransparent, type Node } from '../syntax/ast';
import type { AnalyzedFile } from '../lifetime/analyze';
import type { Task } from '../lifetime/walk-state';
import type { LifetimeEnd } from '../lifetime/model';
import { insertStatementBefore, lineIndent, type TextEdit } from './text-edits';

/*
 * Where a join goes: the statement lists a handle is declared and awaited in, the block whose closing
 * brace an implicit end stands for, and the text edit that puts a line there.
 */

/** A place where work is started and must be kept: a statement that drops it, or an existing handle. */
export interface Site {
  /** The promise expression (without a leading `void`). */
  readonly expression: Node;
  /** Its new text, when the task now runs in a worker thread. */
  readonly replacement?: string;
  /** The statement of its statement list. */
  readonly statement: Node;
  /** `void x` statements lose their `void` when rewritten. */
  readonly statementExpression: Node | null;
  readonly handle: string | null;
  readonly awaited: boolean;
  /** The handle name planned for the whole file (so a suggestion and the codemod agree), when it applies here. */
  readonly plannedName: string | null;
  readonly nameHint: string;
}

/** Something that cannot be rewritten without changing what the code means; the message says why. */
export class Unsupported extends Error {}

/** Unsupported only beside another finding's rewrite of the same code (`SkippedFinding.afterOthers`). */
export class Overlapping extends Unsupported {}

export const LIST_PARENTS = new Set(['BlockStatement', 'Program', 'SwitchCase', 'StaticBlock']);

export function listBody(list: Node): readonly Node[] {
  if (list.type === 'SwitchCase') return list.consequent;
  if (list.type === 'BlockStatement' || list.type === 'Program' || list.type === 'StaticBlock') return list.body;
  return [];
}

/** The statement of a statement list that holds `node`. */
export function listStatementOf(node: Node): Node | null {
  for (let current: Node | undefined = node; current?.parent; current = current.parent) {
    if (LIST_PARENTS.has(current.parent.type)) return current;
    if (isFunction(current.parent)) return null;
  }
  return null;
}

/** The innermost statement that holds `node`. */
export function statementOf(node: Node): Node | null {
  for (let current: Node | undefined = node; current; current = current.parent) {
    if (/Statement$|Declaration$/.test(current.type)) return current;
    if (isFunction(current)) return null;
  }
  return null;
}

export function findAncestor(node: Node, accept: (node: Node) => boolean): Node | null {
  for (let current = node.parent; current; current = current.parent) {
    if (accept(current)) return current;
    if (isFunction(current)) return null;
  }
  return null;
}

export function contains(outer: Node, inner: Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

/** The variable an existing handle is assigned to (`const t = work()`, `t = work()`). */
export function handleNameOf(expression: Node): string | null {
  const parent = expression.parent;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if (parent?.type === 'AssignmentExpression' && parent.left.type === 'Identifier') return parent.left.name;
  return null;
}

/** Appends `line` as the block's last statement, indented like `sibling`. */
export function insertAtBlockEnd(source: string, block: Node, line: string, sibling: Node): TextEdit {
  const indent = lineIndent(source, sibling.range[0]);
  if (block.type === 'Program') {
    return { range: [source.length, source.length], text: `${source.endsWith('\n') ? '' : '\n'}${indent}${line}\n` };
  }
  let at = block.range[1] - 1;
  while (at > 0 && /[\t ]/.test(source[at - 1] ?? '')) at--;
  if (source[at - 1] === '\n') return { range: [at, at], text: `${indent}${line}\n` };
  return { range: [at, at], text: ` ${line}` };
}

/** Where a join goes for an end, and whether the site is right before it (so an in-place await is the same). */
export interface EndInsertion {
  readonly adjacent: boolean;
  insert(line: string): TextEdit;
}

/**
 * Where to join a task started by `statement` before `end` (at `endNode`, null for an implicit end), or
 * why it cannot be joined there. `ownerStatement` is the statement of the owner's list that holds the end:
 * the join goes before it when the end itself is in a callback (`work().finally(() => process.exit(0))`).
 */
export function endInsertion(source: string, statement: Node, end: LifetimeEnd, endNode: Node | null, ownerStatement: Node | null): EndInsertion {
  const siteList = statement.parent;
  if (!siteList || !LIST_PARENTS.has(siteList.type)) throw new Unsupported('the task is not in a statement list');
  if (siteList.type === 'StaticBlock') throw new Unsupported('a class static block cannot `await`');
  const siteBody = listBody(siteList);
  if (end.implicit) {
    // The owner's (or a `using` block's) closing brace.
    const block = blockEnding(end, endNode, siteList);
    if (block !== siteList && !contains(block, siteList)) throw new Unsupported('the task starts in a block that ends before its lifetime does');
    return {
      adjacent: block === siteList && siteBody.at(-1) === statement,
      insert: (line) => insertAtBlockEnd(source, block, line, statement),
    };
  }
  if (!endNode || !['CallExpression', 'ReturnStatement', 'ThrowStatement'].includes(endNode.type)) throw new Unsupported('its code could not be located');
  // `try { work(); } finally { r.close(); }`: the handle is not visible in `finally`, so join at the end of `try`.
  const tryStatement = findAncestor(endNode, (node) => node.type === 'TryStatement' && node.finalizer !== null && contains(node.finalizer, endNode));
  if (tryStatement?.type === 'TryStatement' && contains(tryStatement.block, statement)) {
    if (statement.parent !== tryStatement.block) throw new Unsupported('the task starts in a nested block of `try`');
    return { adjacent: tryStatement.block.body.at(-1) === statement, insert: (line) => insertAtBlockEnd(source, tryStatement.block, line, statement) };
  }
  const endStatement = endNode.type === 'ReturnStatement' || endNode.type === 'ThrowStatement' ? endNode : (statementOf(endNode) ?? ownerStatement);
  if (!endStatement) throw new Unsupported('its lifetime end is not in a statement');
  if (endStatement.range[0] < statement.range[1]) throw new Unsupported('its lifetime end comes before the task starts (a later loop iteration)');
  if (!contains(siteList, endStatement)) throw new Unsupported('the task starts in a block that ends before its lifetime does');
  const parent = endStatement.parent;
  if (parent && LIST_PARENTS.has(parent.type)) {
    const list = listBody(parent);
    const index = list.indexOf(endStatement);
    const adjacent = parent === siteList && index > 0 && list[index - 1] === statement;
    const at = endStatement.range[0];
    return { adjacent, insert: (line) => insertStatementBefore(source, at, line) };
  }
  // `if (done) process.exit(0);`: the end becomes a block that joins first.
  return {
    adjacent: false,
    insert: (line) => ({ range: endStatement.range, text: `{ ${line} ${source.slice(endStatement.range[0], endStatement.range[1])} }` }),
  };
}

/** The block whose closing brace an implicit end stands for. */
function blockEnding(end: LifetimeEnd, endNode: Node | null, fallback: Node): Node {
  if (end.kind === 'resource-close' && endNode) {
    const block = findAncestor(endNode, (node) => LIST_PARENTS.has(node.type));
    if (block) return block;
  }
  let owner: Node | undefined = fallback;
  while (owner && !isFunction(owner)) owner = owner.parent;
  return owner && isFunction(owner) && owner.body.type === 'BlockStatement' ? owner.body : fallback;
}

/** The call a task's root is (through `a?.b()`'s chain expression), or null. */
export function callAt(node: Node): TSESTree.CallExpression | null {
  const expression = skipTransparent(node);
  return expression.type === 'CallExpression' && expression.range[0] === node.range[0] && expression.range[1] === node.range[1] ? expression : null;
}

/** `return <site>;`: the task is what its own statement returns (a `finally` or a disposal runs before the caller gets it). */
export function isReturnedSite(task: Task): boolean {
  const statement = statementOf(task.site);
  return statement?.type === 'ReturnStatement' && statement.argument !== null && skipTransparent(statement.argument) === skipTransparent(task.site);
}

/** Whether the client a queueing call is made on is a name of the module scope (so every function can flush it). */
export function inModuleScope(call: TSESTree.CallExpression, file: AnalyzedFile): boolean {
  let root: Node = skipTransparent(call.callee);
  while (root.type === 'MemberExpression') root = skipTransparent(root.object);
  const binding = root.type === 'Identifier' ? file.context.scope.bindingOf(root) : null;
  return binding !== null && binding.scope === file.context.scope.moduleScope;
}

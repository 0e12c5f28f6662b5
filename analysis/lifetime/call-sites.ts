import type { TSESTree } from '@typescript-eslint/types';
import { forEachChild, getPropertyName, type FunctionNode, type Node } from '../syntax/ast';
import type { FileContext } from './file-context';
import { resolveCallee } from './resolve-callee';

/**
 * Which calls of a file run which of its functions, as the analysis resolves them, and every `.name` of
 * the file (a method may be reached through an object no call resolves). Indexed in one pass, on first use.
 */
export class CallSites {
  private calls: Map<FunctionNode, TSESTree.CallExpression[]> | null = null;
  private readonly members = new Map<string, TSESTree.MemberExpression[]>();

  constructor(private readonly context: FileContext) {}

  /** The calls that run `fn`. */
  of(fn: FunctionNode): readonly TSESTree.CallExpression[] {
    return this.index().get(fn) ?? [];
  }

  /** Every member expression of the file that names `name` (`a.name`, `a['name']`). */
  memberUses(name: string): readonly TSESTree.MemberExpression[] {
    this.index();
    return this.members.get(name) ?? [];
  }

  /** The same-file function a call runs, or null when it is not known. */
  resolve(call: TSESTree.CallExpression): FunctionNode | null {
    return resolveCallee(call, this.context);
  }

  private index(): Map<FunctionNode, TSESTree.CallExpression[]> {
    if (this.calls) return this.calls;
    const calls = new Map<FunctionNode, TSESTree.CallExpression[]>();
    const visit = (node: Node): void => {
      if (node.type === 'MemberExpression') {
        const property = getPropertyName(node);
        if (property !== null) {
          const uses = this.members.get(property);
          if (uses) uses.push(node);
          else this.members.set(property, [node]);
        }
      }
      if (node.type === 'CallExpression') {
        const target = resolveCallee(node, this.context);
        if (target) {
          const list = calls.get(target);
          if (list) list.push(node);
          else calls.set(target, [node]);
        }
      }
      forEachChild(node, visit);
    };
    visit(this.context.program);
    this.calls = calls;
    return calls;
  }
}

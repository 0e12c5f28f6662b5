import type { Node, FunctionNode } from '../syntax/ast';
import type { Binding } from '../syntax/scope';
import type { GeneratedFile, OffloadPlan } from './offload';
import type { JoinKind } from './plans';
import type { TextEdit } from './text-edits';

/** The changes one finding's rewrite makes, kept apart until they are known to fit with the others. */
export interface Transaction {
  readonly edits: TextEdit[];
  readonly asyncified: Set<FunctionNode>;
  readonly names: Set<string>;
  /** Calls that carry the finding's work from link to link: the chain keeps them as handles, caller updates leave them be. */
  readonly chainCalls: Set<Node>;
  /** Top-level CommonJS statements already turned into `call().then(() => exit, …)`, with the exit they absorbed. */
  readonly settled: Map<Node, Node>;
  readonly files: GeneratedFile[];
  readonly offloads: Map<Binding, OffloadPlan>;
  /** How the finding was joined, and with which handle or extender (what a suggestion says it does). */
  join: {
    readonly kind: JoinKind;
    readonly handle: string | null;
    readonly existingHandle: boolean;
    readonly extender: string | null;
  } | null;
}

export function newTransaction(): Transaction {
  return { edits: [], asyncified: new Set(), names: new Set(), chainCalls: new Set(), settled: new Map(), files: [], offloads: new Map(), join: null };
}

/** Whether two edits touch the same text (an insertion only when it lands strictly inside a replacement). */
export function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.range[0] === a.range[1] || b.range[0] === b.range[1]) {
    // An insertion conflicts only when it lands strictly inside a replaced range.
    const [point, other] = a.range[0] === a.range[1] ? [a.range[0], b] : [b.range[0], a];
    return point > other.range[0] && point < other.range[1];
  }
  return a.range[0] < b.range[1] && b.range[0] < a.range[1];
}

import type { Finding, Starvation } from '../../analysis';

/** The functions the pending work crossed, as a report says it: ` (via \`backgroundTask()\` → \`main()\`)`, or nothing. */
export function describeChain({ task, chain }: Pick<Finding | Starvation, 'task' | 'chain'>): string {
  if (task.kind === 'left-pending') return ' (the work it leaves pending in its module)';
  if (chain.length === 0) return '';
  return ` (via ${chain.map((link) => link.description).join(' → ')})`;
}

/* The `data` of no-starved-promise's reports, shared by the sections of its cases. */

export const ATOMICS = 'blocks the event loop';
export const CHILD = 'blocks the event loop until the child process exits';
export const BUSY = 'spins the event loop in a busy-wait';
export const BRIDGE = 'blocks the event loop until the synchronous call returns';
export const FS = 'blocks the event loop on file I/O';
export const CONFIGURED = 'blocks the event loop';
/** How the message shows a long `Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, …)`. */
export const WAIT = 'Atomics.wait(…)';

export interface More {
  /** The functions the pending work went through, innermost first; `(module)` for the top level. */
  readonly chain?: readonly string[];
  /** The duration the message states, in ms. */
  readonly ms?: number;
  /** Where a same-file helper blocks: its own blocking call's text and line. */
  readonly through?: readonly [string, number];
}

/** The `data` of a `starved` report. */
export function starved(task: string, block: string, line: number, verb: string, more: More = {}) {
  const chain = more.chain?.map((name) => (name === '(module)' ? 'the module top level' : `\`${name}()\``)).join(' → ');
  return {
    task,
    chain: chain === undefined ? '' : ` (via ${chain})`,
    block,
    line,
    verb,
    duration: more.ms === undefined ? '' : ` for ${more.ms} ms`,
    through: more.through ? ` (through \`${more.through[0]}\`, line ${more.through[1]})` : '',
  };
}

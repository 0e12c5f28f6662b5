import type { TSESTree } from '@typescript-eslint/types';
import { forEachChild, isFunction, skipTransparent, type FunctionNode, type Node, type Program } from '../syntax/ast';
import { getExpressionOrigin } from '../syntax/module-origin';
import type { TypeOrValueSpecifier } from '../syntax/specifier';
import { hasWord } from '../syntax/text-words';
import { CHILD_PROCESS_SYNC, CLOCKS, getBlockingCall, getBusyWait, SYNC_BRIDGES } from './blocking';
import type { FileContext } from './file-context';
import { FRAMEWORK_SOURCES } from './framework-exits';
import { EXIT_METHODS, getClosedResource, isExitCall, textMayClose } from './lifetime-ends';
import type { AnalysisOptions } from './options';
import { mayHaveRole, type OwnerRoles } from './owner-roles';
import { resolveCallee } from './resolve-callee';

/*
 * Which owners can report at all, decided before any walk. A finding needs a lifetime end and a starvation a
 * blocking call, and most functions have neither: a walk of them asks what each call returns (reading other
 * modules and declarations) only to find nothing. So one pass over the file notes, per function, the ends
 * and blocking calls it makes itself; an owner is walked only if its role ends it (a handler, a test, an
 * `exit` listener), or it, a callback it passes, or a function it calls may end or block. The answer is
 * conservative: "may" means the walk decides. A function that is not walked is still walked when a caller
 * that is needs what it leaves pending.
 */

interface OwnFacts {
  /** An end or a blocking call in the function's own body (not in nested functions). */
  local: boolean;
  /** A blocking call (or busy wait) in the function's own body. */
  blocks: boolean;
  /** Functions written as an argument (callbacks it may run), or called on the spot. */
  readonly callbacks: FunctionNode[];
  /** Calls in its own body, resolved only when asked. */
  readonly calls: TSESTree.CallExpression[];
}

const LOOPS = new Set(['WhileStatement', 'DoWhileStatement', 'ForStatement']);

export class EndReach {
  private readonly facts = new Map<FunctionNode | Program, OwnFacts>();
  private readonly answers = new Map<FunctionNode | Program, boolean>();
  private readonly blockAnswers = new Map<FunctionNode | Program, boolean>();

  /**
   * The pass also links each node to its parent where the parser did not (typescript-estree links them
   * only inside ESLint) and hands every function with a body to `onFunction`: one traversal, not two.
   */
  constructor(
    private readonly context: FileContext,
    private readonly roles: OwnerRoles,
    private readonly onFunction: (fn: FunctionNode) => void = () => {},
  ) {
    this.collect(context.program, this.factsOf(context.program));
  }

  /** The owner's walk may make a finding or a starvation. */
  mayReport(owner: FunctionNode | Program): boolean {
    if (owner.type !== 'Program' && this.roles.roleOf(owner).kind !== 'plain') return true;
    return this.mayEnd(owner);
  }

  /** A call of `fn` may exit or block: what another module asks of this one's export. */
  mayEndOrBlock(fn: FunctionNode): boolean {
    return this.mayEnd(fn);
  }

  /**
   * The owner's walk may meet a blocking call (its own, a callback's, a callee's): only then can the work
   * that left its hands be starved, and only then is it worth asking whether that work is a promise.
   */
  mayBlock(owner: FunctionNode | Program): boolean {
    return this.search(owner, this.blockAnswers, (facts) => facts.blocks);
  }

  private factsOf(owner: FunctionNode | Program): OwnFacts {
    let facts = this.facts.get(owner);
    if (!facts) {
      facts = { local: false, blocks: false, callbacks: [], calls: [] };
      this.facts.set(owner, facts);
    }
    return facts;
  }

  private collect(node: Node, facts: OwnFacts): void {
    forEachChild(node, (child) => {
      if (!child.parent) (child as { parent?: Node }).parent = node;
      if (isFunction(child)) {
        if (child.body) this.onFunction(child);
        const parent = child.parent;
        if (parent?.type === 'CallExpression' || parent?.type === 'NewExpression') facts.callbacks.push(child);
        this.collect(child, this.factsOf(child));
        return;
      }
      if (child.type === 'CallExpression') {
        const found = this.endsOrBlocks(child);
        if (found) facts.local = true;
        if (found === 'block') facts.blocks = true;
        if (!found) facts.calls.push(child);
      } else if (LOOPS.has(child.type)) {
        if (getBusyWait(child, this.context)) facts.local = facts.blocks = true;
      } else if (child.type === 'VariableDeclaration' && (child.kind === 'using' || child.kind === 'await using')) {
        facts.local = true;
      }
      this.collect(child, facts);
    });
  }

  private endsOrBlocks(call: TSESTree.CallExpression): 'end' | 'block' | null {
    const { context } = this;
    if (getBlockingCall(call, context, context.options.fsSyncBlocks) !== null) return 'block';
    return isExitCall(call, context) || getClosedResource(call, context) !== null ? 'end' : null;
  }

  /**
   * The function (or program), a callback it passes or a function it calls may end or block: a search of
   * the calls from `root`. A search that finds nothing clears every function it met (all they reach was
   * searched); one that finds an end confirms the functions on the way to it. Neither trusts a function
   * the search cut short because it was already on the way (a recursion).
   */
  private mayEnd(root: FunctionNode | Program): boolean {
    return this.search(root, this.answers, (facts) => facts.local);
  }

  /** The search behind `mayEnd` and `mayBlock`: `own` tells what a function's own body counts. */
  private search(root: FunctionNode | Program, answers: Map<FunctionNode | Program, boolean>, own: (facts: OwnFacts) => boolean): boolean {
    const known = answers.get(root);
    if (known !== undefined) return known;
    const visited = new Set<FunctionNode | Program>();
    const reaches = (owner: FunctionNode | Program): boolean => {
      const answer = answers.get(owner);
      if (answer !== undefined) return answer;
      if (visited.has(owner)) return false;
      visited.add(owner);
      const facts = this.facts.get(owner);
      const found =
        facts !== undefined &&
        (own(facts) ||
          facts.callbacks.some(reaches) ||
          facts.calls.some((call) => {
            const target = resolveCallee(call, this.context);
            // Another module's answer counts exits too: "may" is enough here.
            return target ? reaches(target) : this.importMayEnd(call);
          }));
      if (found) answers.set(owner, true);
      return found;
    };
    const answer = reaches(root);
    if (!answer) for (const owner of visited) answers.set(owner, false);
    return answer;
  }

  /** A call of another module's function that may end or block (the resolver's cheap answer for that module). */
  private importMayEnd(call: TSESTree.CallExpression): boolean {
    const resolve = this.context.options.resolveImport;
    if (!resolve) return false;
    const origin = getExpressionOrigin(skipTransparent(call.callee), this.context.scope);
    if (!origin || origin.path.length > 1) return false;
    // Without a cheap answer for the module, its functions may end.
    return resolve.mayEnd?.(this.context.options.filename, origin.source, origin.path[0] ?? 'default', this.context.options) ?? true;
  }
}

const escape = (word: string): string => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** isExitCall's `process.exit()`, `process.kill(process.pid)`, `exit` of `node:process`, `Deno.exit()`: both words. */
const EXIT_OBJECTS = ['process', 'Deno'];
const EXIT_NAMES = [...EXIT_METHODS, 'kill'];
/** A CLI framework's exits need its module named (framework-exits.ts); `Atomics.wait` and `execSync` their names. */
const FRAMEWORK_OR_BLOCKING_NAMES = [
  ...new Set([...FRAMEWORK_SOURCES.map((source) => source.replace(/^@/, '').split(/[/-]/)[0]!), 'Atomics', ...CHILD_PROCESS_SYNC, ...SYNC_BRIDGES]),
];
/*
 * getBusyWait's loops read a clock (`Date.now()`, `new Date()`, `performance.now()`, `process.hrtime()`…) in
 * the loop's test, before its body's `{`, or in an `if (…) break` of the body.
 */
const CLOCK_OBJECTS = ['Date', 'performance', 'hrtime', 'uptime'];
const CLOCK = `(?:${[...new Set([...CLOCKS].map((clock) => clock.split('.').at(-1)!)), 'Date'].map(escape).join('|')})(?![\\w$])`;
const BUSY_WAIT_PATTERN = new RegExp(
  `(?<![\\w$.])(?:(?:while|for)\\s*\\([^{]*?[^\\w$]${CLOCK}|if\\s*\\([^{]*?[^\\w$]${CLOCK}[^{]*?\\)\\s*(?:break|\\{[\\s\\S]*?[^\\w$]break(?![\\w$])))`,
);

/**
 * The words a use of the configured functions needs in a module's text: their names, and a package's own
 * name (its default export is imported under any name); a file's default export can be named anything.
 */
function specifierWords(specifiers: readonly TypeOrValueSpecifier[]): string[] | 'any' {
  const words: string[] = [];
  for (const specifier of specifiers) {
    if (typeof specifier === 'string') {
      words.push(specifier.slice(specifier.lastIndexOf('.') + 1));
      continue;
    }
    const names = typeof specifier.name === 'string' ? [specifier.name] : specifier.name;
    if (specifier.from === 'package') words.push(specifier.package);
    else if (names.includes('default')) return 'any';
    words.push(...names);
  }
  return words;
}

/**
 * Whether a module's own text may hold an exit or a blocking call, by the words each needs (`process` and
 * `exit`, `Atomics`, `execSync`, a clock in a loop's test, the configured functions' names…): false means
 * its functions can neither exit nor block except through what they import. Cheaper than a parse by far.
 */
export function textMayEndOrBlock(text: string, options: Pick<AnalysisOptions, 'exitFunctions' | 'blockingFunctions' | 'fsSyncBlocks'>): boolean {
  if (hasWord(text, EXIT_OBJECTS) && hasWord(text, EXIT_NAMES)) return true;
  if (hasWord(text, FRAMEWORK_OR_BLOCKING_NAMES)) return true;
  if (hasWord(text, CLOCK_OBJECTS) && BUSY_WAIT_PATTERN.test(text)) return true;
  if (options.fsSyncBlocks && /Sync(?![\w$])/.test(text)) return true;
  const words = [specifierWords(options.exitFunctions), specifierWords(options.blockingFunctions)];
  return words.some((list) => list === 'any' || hasWord(text, list));
}

/** The module specifiers a module's text names (`import`, `export … from`, `require()`, `import()`), read without a parse. */
export function textSpecifiers(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?:^|[^\w$.])(?:from|import|require)\s*\(?\s*(['"])([^'"\n]+)\1/g)) found.push(match[2]!);
  return found;
}

/**
 * Whether any owner of a file may report, decided by its text (and, for handler exports, its top-level
 * statements) without a walk: it may end, block, close or give a function a role (a handler, a test, an
 * `exit` listener), or a module it imports may end or block. False means `EndReach.mayReport` is false for
 * every owner, and the file's analysis has nothing to walk.
 */
export function fileMayReport(program: Program, text: string, options: AnalysisOptions): boolean {
  if (textMayEndOrBlock(text, options) || textMayClose(text, options) || mayHaveRole(program, text, options)) return true;
  const resolve = options.resolveImport;
  if (!resolve) return false;
  // A resolver that cannot answer without a parse: every import may end.
  return textSpecifiers(text).some((specifier) => resolve.mayEndModule?.(options.filename, specifier, options) ?? true);
}

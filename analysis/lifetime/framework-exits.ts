import type { TSESTree } from '@typescript-eslint/types';
import { forEachChild, getKeyName, getPropertyName, getStringValue, skipTransparent, type Node } from '../syntax/ast';
import { getExpressionOrigin, type ModuleOrigin } from '../syntax/module-origin';
import type { FileContext } from './file-context';

/*
 * The exits of well-known CLI frameworks: calls of theirs that end the process as `process.exit()` does,
 * read from their sources and run to check (a timer-backed promise started just before never settles).
 *
 * - commander: `.error(message)` and `.help()` on a command (`program` from 'commander', `new Command()`,
 *   `createCommand()`, `.command('sub')`) call `process.exit()`; `.exitOverride()` turns them into throws
 *   (or a callback of the caller's), and a subcommand inherits it, so one anywhere in the file turns them all off.
 *   `.outputHelp()` only prints; `.parse()` exits on bad input only.
 * - yargs: `.exit(code)` on an instance (`yargs(args)` from 'yargs' or 'yargs/yargs', and the singleton that
 *   `require('yargs')` is up to yargs 17) calls `process.exit()` unless `.exitProcess(false)`, or a
 *   `.parse(args, callback)`, turned exiting off: either anywhere in the file turns them all off.
 * - oclif: `this.exit()` and `this.error(message)` in the `run()` of a class extending `Command` from
 *   '@oclif/core' throw an error that oclif's runner (`execute()`, `run().catch(Errors.handle)`) turns into
 *   `process.exit()` as soon as it reaches it: only work that needs nothing but microtasks finishes first.
 *   Counted only straight in `run()`'s own body, outside any `try`, in a class that overrides none of
 *   `exit`, `error`, `catch`; `this.error(message, { exit: false })` only warns.
 *
 * Instances are followed only where they cannot change: `const` (or never reassigned) bindings, and fluent
 * calls of the library's own methods that return the instance.
 */

type Framework = 'commander' | 'yargs';

const COMMANDER_SOURCES = new Set(['commander', '@commander-js/extra-typings']);
const OCLIF_SOURCE = '@oclif/core';
/** The modules whose exits this file knows: a module that names none of them makes none of these exits. */
export const FRAMEWORK_SOURCES: readonly string[] = [...COMMANDER_SOURCES, 'yargs', OCLIF_SOURCE];
/** commander's methods that end the process. */
const COMMANDER_EXITS = new Set(['error', 'help']);
/** commander's methods that return the command they are called on (or, for `command`, a subcommand). */
const COMMANDER_FLUENT = new Set([
  'option',
  'requiredOption',
  'addOption',
  'argument',
  'arguments',
  'addArgument',
  'addCommand',
  'command',
  'action',
  'hook',
  'on',
  'helpOption',
  'addHelpOption',
  'helpCommand',
  'addHelpCommand',
  'addHelpText',
  'showHelpAfterError',
  'showSuggestionAfterError',
  'allowUnknownOption',
  'allowExcessArguments',
  'enablePositionalOptions',
  'passThroughOptions',
  'storeOptionsAsProperties',
  'combineFlagAndOptionalValue',
  'copyInheritedSettings',
  'setOptionValue',
  'setOptionValueWithSource',
  'nameFromFilename',
  'parse',
]);
/** commander's getter-setters: they return the command only when given a value (`name()` returns the name). */
const COMMANDER_SETTERS = new Set([
  'name',
  'description',
  'summary',
  'version',
  'usage',
  'alias',
  'aliases',
  'configureHelp',
  'configureOutput',
  'executableDir',
  'helpGroup',
  'commandsGroup',
  'optionsGroup',
]);

/** yargs's methods that return the instance they are called on. */
const YARGS_FLUENT = new Set([
  'alias',
  'array',
  'boolean',
  'check',
  'choices',
  'coerce',
  'command',
  'commands',
  'commandDir',
  'completion',
  'config',
  'conflicts',
  'count',
  'default',
  'defaults',
  'demand',
  'demandCommand',
  'demandOption',
  'deprecateOption',
  'describe',
  'detectLocale',
  'env',
  'epilog',
  'epilogue',
  'example',
  'exitProcess',
  'fail',
  'global',
  'group',
  'help',
  'hide',
  'implies',
  'middleware',
  'nargs',
  'normalize',
  'number',
  'option',
  'options',
  'parserConfiguration',
  'pkgConf',
  'positional',
  'recommendCommands',
  'required',
  'requiresArg',
  'scriptName',
  'showCompletionScript',
  'showHelp',
  'showHelpOnFail',
  'showHidden',
  'showVersion',
  'skipValidation',
  'strict',
  'strictCommands',
  'strictOptions',
  'string',
  'updateLocale',
  'updateStrings',
  'usage',
  'usageConfiguration',
  'version',
  'wrap',
]);
const YARGS_PARSE = new Set(['parse', 'parseAsync', 'parseSync']);

/** How deep a chain of bindings and fluent calls is followed. */
const MAX_DEPTH = 16;

/** A module member without the `default` that CommonJS interop puts in front (`import commander from 'commander'`). */
function memberPath(origin: ModuleOrigin): readonly string[] {
  return origin.path[0] === 'default' ? origin.path.slice(1) : origin.path;
}

function originOf(node: Node, context: FileContext): ModuleOrigin | null {
  const expression = skipTransparent(node);
  if (expression.type === 'CallExpression') {
    // `require('yargs/yargs')(argv)`: the callee is the `require()` itself.
    const callee = skipTransparent(expression.callee);
    const source = getStringValue(expression.arguments[0]);
    if (callee.type === 'Identifier' && callee.name === 'require' && source !== null && context.scope.isGlobalReference(callee, 'require')) {
      return { source, path: [] };
    }
    return null;
  }
  return getExpressionOrigin(expression, context.scope);
}

/** Which framework's instance `node` holds, when that cannot change: a command of commander's, or a yargs instance. */
function instanceOf(node: Node, context: FileContext, depth = 0): Framework | null {
  if (depth > MAX_DEPTH) return null;
  const expression = skipTransparent(node);
  switch (expression.type) {
    case 'Identifier': {
      const origin = originOf(expression, context);
      const binding = context.scope.bindingOf(expression);
      // A namespace import (`import * as yargs from 'yargs'`) has only the module's own exports, none of an instance's methods.
      if (origin) return binding?.kind === 'import' && binding.importedName === '*' ? null : moduleInstance(origin);
      if (!binding || !(binding.kind === 'const' || ((binding.kind === 'let' || binding.kind === 'var') && binding.writes === 0))) return null;
      const definition = binding.definition;
      if (definition.type !== 'VariableDeclarator' || definition.id !== binding.id || !definition.init) return null;
      return instanceOf(definition.init, context, depth + 1);
    }
    case 'MemberExpression': {
      const origin = originOf(expression, context);
      return origin ? moduleInstance(origin) : null;
    }
    case 'NewExpression': {
      // `new Command('name')`
      const origin = originOf(expression.callee, context);
      return origin && COMMANDER_SOURCES.has(origin.source) && memberPath(origin).join('.') === 'Command' ? 'commander' : null;
    }
    case 'CallExpression': {
      const callee = skipTransparent(expression.callee);
      const origin = originOf(callee, context);
      if (origin) {
        const path = memberPath(origin).join('.');
        // `yargs(hideBin(process.argv))`, `require('yargs/yargs')(argv)`
        if ((origin.source === 'yargs' || origin.source === 'yargs/yargs') && path === '') return 'yargs';
        if (COMMANDER_SOURCES.has(origin.source) && path === 'createCommand') return 'commander';
      }
      if (callee.type !== 'MemberExpression') return null;
      const method = getPropertyName(callee);
      if (method === null) return null;
      const framework = instanceOf(callee.object, context, depth + 1);
      if (framework === 'commander') {
        return COMMANDER_FLUENT.has(method) || (COMMANDER_SETTERS.has(method) && expression.arguments.length > 0) ? framework : null;
      }
      if (framework === 'yargs') return YARGS_FLUENT.has(method) || (method === 'locale' && expression.arguments.length > 0) ? framework : null;
      return null;
    }
    default:
      return null;
  }
}

/**
 * An instance a module itself exports: `program` from commander, the module itself up to commander 11
 * (`require('commander')` was the program), and the singleton that `require('yargs')` is up to yargs 17.
 * (In later versions these have no such methods: code calling them was written for the older ones.)
 */
function moduleInstance(origin: ModuleOrigin): Framework | null {
  const path = memberPath(origin).join('.');
  if (COMMANDER_SOURCES.has(origin.source) && (path === 'program' || path === '')) return 'commander';
  if (origin.source === 'yargs' && path === '') return 'yargs';
  return null;
}

interface ExitSwitches {
  /** `.exitOverride()` somewhere in the file. */
  readonly commanderOverridden: boolean;
  /** `.exitProcess(x)` (other than `true`), or a `.parse(args, callback)`, somewhere in the file. */
  readonly yargsExitOff: boolean;
}

const switchesByProgram = new WeakMap<Node, ExitSwitches>();

/** Whether the file turns the frameworks' exits off anywhere: read once per file, on any object (a builder's `yargs` argument is the instance too). */
function exitSwitches(context: FileContext): ExitSwitches {
  const known = switchesByProgram.get(context.program);
  if (known) return known;
  let commanderOverridden = false;
  let yargsExitOff = false;
  const visit = (node: Node): void => {
    if (node.type === 'CallExpression') {
      const callee = skipTransparent(node.callee);
      const method = callee.type === 'MemberExpression' ? getPropertyName(callee) : null;
      if (method === 'exitOverride') commanderOverridden = true;
      if (method === 'exitProcess') {
        const argument = node.arguments[0];
        if (!(argument?.type === 'Literal' && argument.value === true)) yargsExitOff = true;
      }
      // `JSON.parse(text, reviver)` is not yargs's.
      if (method !== null && YARGS_PARSE.has(method) && node.arguments.length >= 2 && callee.type === 'MemberExpression') {
        if (!context.scope.isGlobalReference(skipTransparent(callee.object))) yargsExitOff = true;
      }
    }
    forEachChild(node, visit);
  };
  visit(context.program);
  const switches = { commanderOverridden, yargsExitOff };
  switchesByProgram.set(context.program, switches);
  return switches;
}

/** A call of commander, yargs or oclif that ends the process: see the top of this file. */
export function isFrameworkExitCall(call: TSESTree.CallExpression, context: FileContext): boolean {
  const callee = skipTransparent(call.callee);
  if (callee.type !== 'MemberExpression') return false;
  const method = getPropertyName(callee);
  if (method === null) return false;
  if (skipTransparent(callee.object).type === 'ThisExpression') return (method === 'exit' || method === 'error') && isOclifExit(call, method, context);
  if (!COMMANDER_EXITS.has(method) && method !== 'exit') return false;
  const framework = instanceOf(callee.object, context);
  if (framework === 'commander') return COMMANDER_EXITS.has(method) && !exitSwitches(context).commanderOverridden;
  if (framework === 'yargs') return method === 'exit' && !exitSwitches(context).yargsExitOff;
  return false;
}

/** `this.exit()` / `this.error(message)` straight in the `run()` of an oclif command, where nothing catches what it throws. */
function isOclifExit(call: TSESTree.CallExpression, method: 'exit' | 'error', context: FileContext): boolean {
  if (method === 'error' && !errorExits(call.arguments[1])) return false;
  let child: Node = call;
  for (let current: Node | undefined = call.parent; current; child = current, current = current.parent) {
    if (current.type === 'TryStatement') {
      // Its `catch` may keep the error from oclif; its `finally` runs before oclif gets it.
      if (child === current.block || (child === current.handler && current.finalizer)) return false;
    }
    if (current.type === 'ArrowFunctionExpression' || current.type === 'FunctionDeclaration') return false;
    if (current.type === 'FunctionExpression') return isOclifRun(current, context);
  }
  return false;
}

/** `this.error(message, options)` exits unless its options say `exit: false`; options the analysis cannot read may. */
function errorExits(options: Node | undefined): boolean {
  if (options === undefined) return true;
  const expression = skipTransparent(options);
  if (expression.type !== 'ObjectExpression') return false;
  for (const property of expression.properties) {
    if (property.type !== 'Property') return false;
    const name = getKeyName(property.key, property.computed);
    if (name === null) return false;
    if (name === 'exit') {
      const value = skipTransparent(property.value);
      return value.type === 'Literal' && typeof value.value === 'number';
    }
  }
  return true;
}

/** The function is the (instance) `run()` method of a class that extends `Command` from '@oclif/core' and keeps its `exit`, `error` and `catch`. */
function isOclifRun(fn: TSESTree.FunctionExpression, context: FileContext): boolean {
  const method = fn.parent;
  if (method?.type !== 'MethodDefinition' || method.static || method.kind !== 'method' || getKeyName(method.key, method.computed) !== 'run') return false;
  const body = method.parent;
  const declaration = body.parent;
  if (declaration.type !== 'ClassDeclaration' && declaration.type !== 'ClassExpression') return false;
  for (const member of body.body) {
    if (member.type !== 'MethodDefinition' && member.type !== 'PropertyDefinition') continue;
    const name = getKeyName(member.key, member.computed);
    if (name === null || name === 'exit' || name === 'error' || name === 'catch') return false;
  }
  return declaration.superClass !== null && isOclifCommand(declaration.superClass, context);
}

function isOclifCommand(superClass: Node, context: FileContext): boolean {
  const origin = originOf(superClass, context);
  return origin !== null && origin.source === OCLIF_SOURCE && memberPath(origin).join('.') === 'Command';
}

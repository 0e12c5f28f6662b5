import type { TSESTree } from '@typescript-eslint/types';
import { getOwnerFunction, skipTransparent, type FunctionNode, type Node, type Range } from '../syntax/ast';
import type { AnalyzedFile } from '../lifetime/analyze';
import type { TextEdit } from './text-edits';
import { getBindingOrigin } from '../syntax/module-origin';
import { visitOwnBody } from '../syntax/ast';
import { getBindingFunction } from '../lifetime/resolve-callee';
import type { Binding } from '../syntax/scope';
import type { TakenNames } from './handle-names';
import { declarationOf, declaringStatement, flavorOf, generateModule, generateWorker, importEdit, specifier, statementBlock } from './offload-module';

/*
 * The worker-thread offload of a task (the second classic asyncio fix: run the async work in its own
 * thread so it proceeds while this one blocks). The task's function and the same-file helpers it uses
 * move into a side-effect-free module that both the original file and a worker entry import; the call
 * becomes `taskInWorker(…)`, a promise that settles when the worker finishes. Each condition that makes
 * this safe is checked first; when one fails, the reason is returned instead and nothing is planned.
 */

/** A file the offload creates, next to the source file. */
export interface GeneratedFile {
  /** The file name, in the source file's folder. */
  readonly name: string;
  readonly text: string;
}

export interface OffloadPlan {
  /** The new text of the task's call (`taskInWorker(data)`). */
  readonly call: string;
  readonly edits: readonly TextEdit[];
  readonly files: readonly GeneratedFile[];
  /** Names the plan adds to the original file. */
  readonly names: readonly string[];
}

export class OffloadRefused extends Error {}

/** A literal value the structured clone algorithm copies as it is. */
function isCloneable(node: Node, file: AnalyzedFile, depth = 0): boolean {
  const value = skipTransparent(node);
  switch (value.type) {
    case 'Literal':
      return !('regex' in value && value.regex);
    case 'TemplateLiteral':
      return value.expressions.every((expression) => isCloneable(expression, file, depth + 1));
    case 'UnaryExpression':
      return (value.operator === '-' || value.operator === '+' || value.operator === '!') && isCloneable(value.argument, file, depth + 1);
    case 'ArrayExpression':
      return value.elements.every((element) => element !== null && element.type !== 'SpreadElement' && isCloneable(element, file, depth + 1));
    case 'ObjectExpression':
      return value.properties.every(
        (property) =>
          property.type === 'Property' && !property.computed && property.kind === 'init' && !property.method && isCloneable(property.value, file, depth + 1),
      );
    case 'Identifier': {
      if (value.name === 'undefined') return true;
      // A `const` whose value is itself a literal of the above.
      const binding = file.context.scope.bindingOf(value);
      const definition = binding?.definition;
      return (
        depth < 8 &&
        binding?.kind === 'const' &&
        definition?.type === 'VariableDeclarator' &&
        definition.id === binding.id &&
        definition.init !== null &&
        isCloneable(definition.init, file, depth + 1)
      );
    }
    default:
      return false;
  }
}

function moduleBindings(file: AnalyzedFile): Binding[] {
  return [...file.context.scope.moduleScope.bindings.values()];
}

function isReferencedWithin(binding: Binding, ranges: readonly Range[]): boolean {
  return binding.references.some((reference) => ranges.some(([start, end]) => reference.range[0] >= start && reference.range[1] <= end));
}

/** `this` in the function's own body: the worker would call it without its object. */
function usesOwnThis(fn: FunctionNode): boolean {
  let found = false;
  visitOwnBody(fn.body, (node) => {
    if (node.type === 'ThisExpression') found = true;
  });
  return found;
}

/**
 * Plans the offload of the task call `call`, or throws OffloadRefused with the reason.
 * `fileExists` says whether a name in the source file's folder is taken; `names` are the names in use.
 */
export function planOffload(file: AnalyzedFile, call: TSESTree.CallExpression, fileExists: (name: string) => boolean, names: TakenNames): OffloadPlan {
  const { context } = file;
  const { source, scope } = context;
  const callee = skipTransparent(call.callee);
  const calleeText = context.text(callee);
  if (callee.type !== 'Identifier') throw new OffloadRefused(`\`${calleeText}\` is not a module-level function the worker can import`);
  const binding = scope.bindingOf(callee);
  if (!binding || binding.scope !== scope.moduleScope) throw new OffloadRefused(`\`${calleeText}\` is not a module-level function the worker can import`);
  for (const argument of call.arguments) {
    if (!isCloneable(argument, file)) {
      throw new OffloadRefused(
        `the argument \`${context.displayText(argument)}\` may not survive the copy to a worker thread (only literals and plain objects and arrays of them do)`,
      );
    }
  }
  if (file.runsAs === undefined) {
    throw new OffloadRefused(
      'nothing says whether the file runs as an ES module or as CommonJS (no package.json says), and a worker thread is started differently in each: pass --module-kind',
    );
  }
  const flavor = flavorOf(file);
  const original = context.options.filename.replace(/\\/g, '/').split('/').pop() ?? 'module';
  const base = original.replace(/\.[cm]?[jt]sx?$/, '');
  const fnName = binding.name;
  const moduleBase = `${base}.${fnName}`;
  const moduleFile = `${moduleBase}.${flavor.extension}`;
  const workerFile = `${moduleBase}.worker.${flavor.extension}`;
  for (const name of [moduleFile, workerFile]) {
    if (fileExists(name)) throw new OffloadRefused(`\`${name}\` already exists, and generated files never replace existing ones`);
  }

  // An imported function: the worker imports it from the same module, nothing moves.
  const origin = getBindingOrigin(binding);
  const moved: Binding[] = [];
  const copiedImports = new Map<Node, Binding[]>();
  const copiedConsts: Binding[] = [];
  if (binding.kind === 'import') {
    if (!origin || !(binding.importSource ?? '').startsWith('.')) {
      throw new OffloadRefused(`\`${fnName}\` comes from a package: run it in a worker yourself if it is safe there`);
    }
    copiedImports.set(binding.definition.parent as Node, [binding]);
  } else {
    collectMoved(file, binding, moved, copiedImports, copiedConsts);
  }

  const movedRanges = moved.map((entry) => declaringStatement(entry)!.range);
  const inWorker = freshName(`${fnName}InWorker`, names);
  const usedNames = new Set<string>([...moved.map((entry) => entry.name), inWorker]);
  const helperName = freshName('startWorker', usedNames);
  // Names the rest of the original file still uses: it imports them back.
  const importBack = moved.filter((entry) =>
    entry.references.some(
      (reference) =>
        reference !== entry.id && reference !== callee && !movedRanges.some(([start, end]) => reference.range[0] >= start && reference.range[1] <= end),
    ),
  );

  const typeNames = moduleTypeNames(file);
  for (const entry of moved) {
    const text = context.text(declaringStatement(entry)!);
    const used = typeNames.find((name) => new RegExp(`\\b${name}\\b`).test(text));
    if (used) throw new OffloadRefused(`\`${entry.name}\` uses the type \`${used}\` declared in this file; move it to a module of its own first`);
  }

  const moduleText = generateModule(file, flavor, {
    original,
    fnName,
    inWorker,
    helperName,
    workerFile,
    moved,
    copiedImports,
    copiedConsts,
  });
  const workerText = generateWorker(flavor, { original, fnName, moduleSpecifier: specifier(flavor, moduleBase) });

  const edits: TextEdit[] = [];
  for (const entry of moved) {
    const statement = declaringStatement(entry)!;
    edits.push({ range: statementBlock(source, statement), text: '' });
  }
  // Imports and constants that only the moved code used go with it.
  const usedOnlyByMoved = (entry: Binding): boolean =>
    entry.references.every(
      (reference) => reference === entry.id || movedRanges.some(([start, end]) => reference.range[0] >= start && reference.range[1] <= end),
    );
  for (const [declaration] of copiedImports) {
    const all = moduleBindings(file).filter((entry) =>
      entry.kind === 'import' ? entry.definition.parent === declaration : declaringStatement(entry) === declaration,
    );
    if (binding.kind !== 'import' && all.length > 0 && all.every(usedOnlyByMoved)) edits.push({ range: statementBlock(source, declaration), text: '' });
  }
  for (const constant of copiedConsts) {
    const statement = declaringStatement(constant);
    // An exported constant stays an export of this module, whoever else uses it.
    if (statement && statement.type !== 'ExportNamedDeclaration' && usedOnlyByMoved(constant))
      edits.push({ range: statementBlock(source, statement), text: '' });
  }
  const imported = [inWorker, ...importBack.map((entry) => entry.name)];
  const reexported = moved.filter((entry) => declaringStatement(entry)?.type === 'ExportNamedDeclaration').map((entry) => entry.name);
  const importLine = importEdit(file, flavor, imported, specifier(flavor, moduleBase), edits, reexported);
  if (!flavor.esm && !flavor.typescript) refuseEarlyUses(file, importBack, movedRanges, importLine.range[0]);
  edits.push(importLine);
  const args = call.arguments.map((argument) => context.text(argument)).join(', ');
  return {
    call: `${inWorker}(${args})`,
    edits,
    files: [
      { name: moduleFile, text: moduleText },
      { name: workerFile, text: workerText },
    ],
    names: [inWorker],
  };
}

/**
 * A `require()` is an ordinary statement: a moved function that top-level code uses above it (say
 * `exports.task = task;` at the top, which hoisting made work) would be read before it is assigned.
 */
function refuseEarlyUses(file: AnalyzedFile, importBack: readonly Binding[], movedRanges: readonly Range[], requiredAt: number): void {
  for (const entry of importBack) {
    for (const reference of entry.references) {
      if (
        reference === entry.id ||
        reference.range[0] >= requiredAt ||
        movedRanges.some(([start, end]) => reference.range[0] >= start && reference.range[1] <= end)
      )
        continue;
      if (getOwnerFunction(reference)?.type !== 'Program') continue;
      throw new OffloadRefused(
        `\`${entry.name}\` is used on line ${file.context.lineAt(reference.range[0])}, above the \`require()\` that would bring it back from the generated module`,
      );
    }
  }
}

function freshName(wanted: string, names: TakenNames): string {
  let name = wanted;
  for (let index = 2; names.has(name); index++) name = `${wanted}${index}`;
  return name;
}

/** Names of types, interfaces, enums and classes declared at the top of the file. */
function moduleTypeNames(file: AnalyzedFile): string[] {
  const names: string[] = [];
  for (const statement of file.context.program.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' && statement.declaration ? statement.declaration : statement;
    if (
      (declaration.type === 'TSInterfaceDeclaration' ||
        declaration.type === 'TSTypeAliasDeclaration' ||
        declaration.type === 'TSEnumDeclaration' ||
        declaration.type === 'ClassDeclaration') &&
      declaration.id
    ) {
      names.push(declaration.id.name);
    }
  }
  return names;
}

/**
 * The function and every module-level function it uses, transitively; the imports and constant
 * primitives they read are copied. Anything else at module level is state the worker would only get a
 * copy of, so it refuses.
 */
function collectMoved(file: AnalyzedFile, start: Binding, moved: Binding[], imports: Map<Node, Binding[]>, consts: Binding[]): void {
  const queue = [start];
  while (queue.length > 0) {
    const binding = queue.pop()!;
    if (moved.includes(binding)) continue;
    const fn = getBindingFunction(binding, file.context);
    // `export function task` is re-exported from the generated module, and `export { task }` or
    // `module.exports = { task }` export the name imported back from it: either way the exports stay.
    // A default export declaration would need its own re-export, so it stays where it is.
    if (fn?.parent?.type === 'ExportDefaultDeclaration') {
      throw new OffloadRefused(
        `\`${binding.name}\` is declared by \`export default\`, and moving it would take this module's default export along: declare it apart and add \`export default ${binding.name};\` first`,
      );
    }
    const statement = declaringStatement(binding);
    const declaration = statement ? declarationOf(statement) : null;
    if (!fn || !declaration || (declaration.type === 'VariableDeclaration' && declaration.declarations.length !== 1)) {
      throw new OffloadRefused(`\`${binding.name}\` is not a function declared at the top of this file`);
    }
    if (fn.generator) throw new OffloadRefused(`\`${binding.name}\` is a generator`);
    if (fn.type !== 'ArrowFunctionExpression' && usesOwnThis(fn)) throw new OffloadRefused(`\`${binding.name}\` uses \`this\``);
    moved.push(binding);
    for (const other of moduleBindings(file)) {
      if (other === binding || moved.includes(other) || !isReferencedWithin(other, [fn.range])) continue;
      if (other.kind === 'import') {
        const declaration = other.definition.parent as Node;
        const list = imports.get(declaration) ?? [];
        if (!list.includes(other)) list.push(other);
        imports.set(declaration, list);
        continue;
      }
      if (getBindingFunction(other, file.context)) {
        queue.push(other);
        continue;
      }
      const definition = other.definition;
      if (other.kind === 'const' && definition.type === 'VariableDeclarator' && definition.init) {
        const init = skipTransparent(definition.init);
        const required =
          init.type === 'CallExpression' &&
          skipTransparent(init.callee).type === 'Identifier' &&
          (skipTransparent(init.callee) as TSESTree.Identifier).name === 'require';
        if (required) {
          const declaration = declaringStatement(other);
          if (declaration) {
            imports.set(declaration, [other]);
            continue;
          }
        }
        if (isCloneable(init, file) && init.type !== 'ObjectExpression' && init.type !== 'ArrayExpression') {
          if (!consts.includes(other)) consts.push(other);
          continue;
        }
      }
      const what = other.kind === 'let' || other.kind === 'var' ? 'a module-level variable' : 'module-level state';
      throw new OffloadRefused(`\`${binding.name}\` uses \`${other.name}\`, ${what} the worker would only get its own copy of`);
    }
  }
}

import { builtinModules } from 'node:module';
import { getPropertyName, getStringValue, skipTransparent, type Node } from './ast';
import type { Binding, ScopeInfo } from './scope';

/** Where a value comes from when it is imported: `import { x } from 'm'`, `const { x } = require('m')`. */
export interface ModuleOrigin {
  /** The module specifier, with a `node:` prefix removed so `fs` and `node:fs` compare equal. */
  readonly source: string;
  /** A path of names read from the module: `[]` for the namespace, `['promises', 'readFile']` for `fs.promises.readFile`. */
  readonly path: readonly string[];
}

const NODE_BUILTINS = new Set(builtinModules);

/** Drops the `node:` scheme: `node:fs/promises` and `fs/promises` are the same module. */
export function normalizeModule(source: string): string {
  return source.startsWith('node:') ? source.slice(5) : source;
}

/** The module origin of a binding (import or `require`), or null for anything else. */
export function getBindingOrigin(binding: Binding): ModuleOrigin | null {
  if (binding.kind === 'import' && binding.importSource !== null) {
    const source = normalizeModule(binding.importSource);
    // `import fs from 'node:fs'` is the whole module, as `require('node:fs')` is.
    const whole = binding.importedName === '*' || binding.importedName === null || (binding.importedName === 'default' && NODE_BUILTINS.has(source));
    return { source, path: whole ? [] : [binding.importedName ?? ''] };
  }
  const definition = binding.definition;
  if (definition.type !== 'VariableDeclarator' || !definition.init) return null;
  const base = getRequireOrigin(definition.init);
  if (!base) return null;
  if (definition.id.type === 'Identifier') return base;
  if (definition.id.type === 'ObjectPattern') {
    for (const property of definition.id.properties) {
      if (property.type !== 'Property' || property.computed || property.key.type !== 'Identifier') continue;
      const target = property.value.type === 'AssignmentPattern' ? property.value.left : property.value;
      if (target === binding.id) return { source: base.source, path: [...base.path, property.key.name] };
    }
  }
  return null;
}

/** `require('m')`, `require('m').a.b`, `await import('m')` as an origin. */
function getRequireOrigin(node: Node): ModuleOrigin | null {
  const expression = skipTransparent(node.type === 'AwaitExpression' ? node.argument : node);
  if (expression.type === 'CallExpression') {
    const callee = skipTransparent(expression.callee);
    const source = getStringValue(expression.arguments[0]);
    if (callee.type === 'Identifier' && callee.name === 'require' && source !== null) {
      return { source: normalizeModule(source), path: [] };
    }
    return null;
  }
  if (expression.type === 'ImportExpression') {
    const source = getStringValue(expression.source);
    return source === null ? null : { source: normalizeModule(source), path: [] };
  }
  if (expression.type === 'MemberExpression') {
    const base = getRequireOrigin(expression.object);
    const name = getPropertyName(expression);
    return base && name !== null ? { source: base.source, path: [...base.path, name] } : null;
  }
  return null;
}

/**
 * The origin of an expression: an imported binding followed by property reads
 * (`fsp.readFile`, `fs.promises.writeFile`, `readFile`), or null.
 */
export function getExpressionOrigin(node: Node, scope: ScopeInfo): ModuleOrigin | null {
  const expression = skipTransparent(node);
  if (expression.type === 'Identifier') {
    const binding = scope.bindingOf(expression);
    return binding ? getBindingOrigin(binding) : null;
  }
  if (expression.type === 'MemberExpression') {
    const object = skipTransparent(expression.object);
    // `require('node:child_process').execSync`
    const base = object.type === 'CallExpression' ? getRequireOrigin(object) : getExpressionOrigin(object, scope);
    const name = getPropertyName(expression);
    return base && name !== null ? { source: base.source, path: [...base.path, name] } : null;
  }
  return null;
}

import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  NODE_PROMISE_FUNCTIONS,
  NODE_PROMISE_INSTANCES,
  WEB_PROMISE_FUNCTIONS,
  WEB_PROMISE_METHODS,
  type NodeInstanceApi,
} from '../../analysis/lifetime/platform-api-table';

/*
 * The platform's promise table (analysis/lifetime/platform-api-table.ts) against the platform's own
 * declarations, read with the TypeScript compiler: @types/node for Node's modules, TypeScript's lib.dom for
 * the web platform. (a) Every entry is a function that returns a promise on every overload; (b) nothing is
 * missing: every exported function of every Node built-in module (and of the objects and namespaces under
 * it, down to `timers.promises.scheduler.wait`) that returns a promise on every overload is in the table,
 * and so is every such method of the instances and web objects the table lists.
 */

interface Tables {
  readonly nodeFunctions: Readonly<Record<string, readonly string[]>>;
  readonly nodeInstances: readonly NodeInstanceApi[];
  readonly webFunctions: readonly string[];
  readonly webMethods: Readonly<Record<string, readonly string[]>>;
}

const TABLES: Tables = {
  nodeFunctions: NODE_PROMISE_FUNCTIONS,
  nodeInstances: NODE_PROMISE_INSTANCES,
  webFunctions: WEB_PROMISE_FUNCTIONS,
  webMethods: WEB_PROMISE_METHODS,
};

/** The global objects of the web table whose promise methods must all be listed (as `navigator.clipboard.*`). */
const WEB_ROOTS = ['navigator', 'caches', 'crypto'];
/**
 * Promise functions of Node's declarations left out of the table, on purpose:
 * - `process`'s stdio streams (`process.stdin.toArray()`): Readable's iterator helpers, experimental in Node 20,
 *   on streams the syntax rarely reaches through an import;
 * - `stream`'s `once`: EventEmitter's static `once`, which the `Stream` class inherits; `events`'s is listed.
 */
const EXCLUDED_PREFIXES = ['process: stdin.', 'process: stdout.', 'process: stderr.', 'stream: once'];
const MODULES = builtinModules.filter((name) => !name.startsWith('_') && name !== 'sys');
/** A CommonJS file, so that `import m = require('node:events')` is the whole module, `export =` or not. */
const PROBE_FILE = path.join(__dirname, '__platform-probe.cts');

interface Probe {
  /** What the problem report calls it: `fs/promises: readFile`, `Response#json`. */
  readonly label: string;
  /** A type expression for the probed function: `typeof m0.readFile`. */
  readonly type: string;
}

function moduleAlias(module: string): string {
  return `m${MODULES.indexOf(module)}`;
}

function instanceType(api: NodeInstanceApi): string {
  const value = `typeof ${moduleAlias(api.module)}.${api.from}`;
  if (api.made === 'new') return `InstanceType<${value}>`;
  return api.made === 'call' ? `ReturnType<${value}>` : `Awaited<ReturnType<${value}>>`;
}

function probesOf(tables: Tables): { source: string; probes: Probe[]; instances: Map<string, string> } {
  const lines = MODULES.map((module, index) => `import m${index} = require('node:${module}');`);
  const probes: Probe[] = [];
  for (const [module, paths] of Object.entries(tables.nodeFunctions)) {
    for (const name of paths) probes.push({ label: `${module}: ${name}`, type: `typeof ${moduleAlias(module)}.${name}` });
  }
  // Each made object (or web kind) as a declared value `i<n>`, whose methods are probed.
  const instances = new Map<string, string>();
  tables.nodeInstances.forEach((api, index) => {
    lines.push(`declare const i${index}: ${instanceType(api)};`);
    instances.set(`i${index}`, `${api.module}: ${api.from} → ${api.type}`);
    for (const method of api.methods) probes.push({ label: `${api.module}: ${api.from} → ${api.type}#${method}`, type: `typeof i${index}.${method}` });
  });
  for (const kind of Object.keys(tables.webMethods)) {
    lines.push(`declare const w${kind}: ${kind};`);
    instances.set(`w${kind}`, kind);
    for (const method of tables.webMethods[kind] ?? []) probes.push({ label: `${kind}#${method}`, type: `typeof w${kind}.${method}` });
  }
  for (const name of tables.webFunctions) probes.push({ label: name, type: `typeof ${name}` });
  probes.forEach((probe, index) => lines.push(`export declare const p${index}: ${probe.type};`));
  for (const name of instances.keys()) lines.push(`export { ${name} };`);
  for (const root of WEB_ROOTS) lines.push(`export const g${root} = ${root};`);
  return { source: lines.join('\n'), probes, instances };
}

/** What is wrong with `tables`, as the checker sees Node's and the web platform's declarations: nothing, if it is right. */
function problemsOf(tables: Tables): string[] {
  const { source, probes, instances } = probesOf(tables);
  const host = ts.createCompilerHost({});
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.getSourceFile = (file, language, ...rest) =>
    path.resolve(file) === PROBE_FILE ? ts.createSourceFile(file, source, language, true) : getSourceFile(file, language, ...rest);
  host.fileExists = (file) => path.resolve(file) === PROBE_FILE || fileExists(file);
  const program = ts.createProgram(
    [PROBE_FILE],
    {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
      types: ['node'],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
    },
    host,
  );
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(PROBE_FILE);
  if (!file) throw new Error('the probe file was not read');
  const problems: string[] = program.getSemanticDiagnostics(file).map((d) => `does not type-check: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);

  const isPromise = (type: ts.Type): boolean => {
    if (type.flags & ts.TypeFlags.Conditional) {
      // `stream/promises`'s `pipeline` returns `PipelinePromise<…>`, a conditional type: both its branches are promises.
      const constraint = checker.getBaseConstraintOfType(type);
      return constraint !== undefined && constraint !== type && isPromise(constraint);
    }
    if (type.isUnion()) return type.types.every(isPromise);
    return type.getSymbol()?.getName() === 'Promise';
  };
  const returnsPromise = (type: ts.Type): boolean => {
    const signatures = type.getCallSignatures();
    return signatures.length > 0 && signatures.every((signature) => isPromise(checker.getReturnTypeOfSignature(signature)));
  };
  const exported = (name: string): ts.Type => {
    const symbol = checker.getExportsOfModule(checker.getSymbolAtLocation(file)!).find((item) => item.getName() === name);
    if (!symbol) throw new Error(`the probe file does not export ${name}`);
    return checker.getTypeOfSymbolAtLocation(symbol, file);
  };

  // (a) every entry returns a promise on every overload.
  probes.forEach((probe, index) => {
    if (!returnsPromise(exported(`p${index}`))) problems.push(`not a promise on every overload: ${probe.label}`);
  });

  // (b) every promise function under each Node module, and every promise method of the listed objects, is listed.
  const listed = new Set(probes.map((probe) => probe.label));
  const walk = (symbol: ts.Symbol, name: string, depth: number, found: (name: string) => void, seen: Set<ts.Type>): void => {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    if (!(target.flags & ts.SymbolFlags.Value) || name.endsWith('__promisify__') || symbol.getName().startsWith('__@')) return;
    const type = checker.getTypeOfSymbolAtLocation(target, file);
    if (returnsPromise(type)) found(name);
    if (depth >= 3 || type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0 || seen.has(type)) return;
    seen.add(type);
    for (const property of checker.getPropertiesOfType(type)) walk(property, `${name}.${property.getName()}`, depth + 1, found, seen);
  };
  for (const statement of file.statements) {
    if (!ts.isImportEqualsDeclaration(statement) || !ts.isExternalModuleReference(statement.moduleReference)) continue;
    const specifier = statement.moduleReference.expression as ts.StringLiteral;
    const module = specifier.text.slice('node:'.length);
    // The imported value: a namespace's members, or those of what `export =` gives (`assert/strict`'s `strict`, `events`'s class).
    const members = checker.getPropertiesOfType(checker.getTypeAtLocation(statement.name));
    const seen = new Set<ts.Type>();
    for (const member of members) {
      walk(
        member,
        member.getName(),
        1,
        (name) => {
          const label = `${module}: ${name}`;
          if (!listed.has(label) && !EXCLUDED_PREFIXES.some((prefix) => label.startsWith(prefix))) problems.push(`missing: ${label}`);
        },
        seen,
      );
    }
  }
  for (const [alias, label] of instances) {
    for (const property of checker.getPropertiesOfType(exported(alias))) {
      const name = property.getName();
      if (name.startsWith('__@') || !returnsPromise(checker.getTypeOfSymbolAtLocation(property, file))) continue;
      if (!listed.has(`${label}#${name}`)) problems.push(`missing: ${label}#${name}`);
    }
  }
  for (const root of WEB_ROOTS) {
    walk(
      checker.getExportsOfModule(checker.getSymbolAtLocation(file)!).find((item) => item.getName() === `g${root}`)!,
      root,
      1,
      (name) => {
        if (!listed.has(name)) problems.push(`missing: ${name}`);
      },
      new Set(),
    );
  }
  return problems;
}

describe('the platform promise table', () => {
  it('agrees with @types/node and lib.dom: every entry is a promise, and none is missing', () => {
    expect(problemsOf(TABLES)).toEqual([]);
  });

  it('fails for an entry that is not a promise and for a promise left out', () => {
    const wrong: Tables = {
      nodeFunctions: {
        ...NODE_PROMISE_FUNCTIONS,
        // `watch` is an async iterator, `setInterval` too; `readFile` is left out.
        'fs/promises': [...NODE_PROMISE_FUNCTIONS['fs/promises']!.filter((name) => name !== 'readFile'), 'watch'],
        'timers/promises': [...NODE_PROMISE_FUNCTIONS['timers/promises']!, 'setInterval'],
      },
      nodeInstances: NODE_PROMISE_INSTANCES.map((api) => (api.type === 'FileHandle' ? { ...api, methods: [...api.methods, 'createReadStream'] } : api)),
      webFunctions: [...WEB_PROMISE_FUNCTIONS.filter((name) => name !== 'crypto.subtle.digest'), 'navigator.sendBeacon'],
      webMethods: { ...WEB_PROMISE_METHODS, Response: [...WEB_PROMISE_METHODS.Response, 'clone'] },
    };
    expect(problemsOf(wrong)).toEqual(
      expect.arrayContaining([
        'not a promise on every overload: fs/promises: watch',
        'not a promise on every overload: timers/promises: setInterval',
        'not a promise on every overload: fs/promises: open → FileHandle#createReadStream',
        'not a promise on every overload: navigator.sendBeacon',
        'not a promise on every overload: Response#clone',
        'missing: fs/promises: readFile',
        'missing: crypto.subtle.digest',
      ]),
    );
  });
});

import path from 'node:path';
import { parse } from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import { createAnalysisOptions, createImportResolver, type AnalysisOptions, type ModuleHost, type Program } from '../../analysis';
import { parseJsonc } from '../../analysis/project/jsonc';

// The project's other modules on a virtual file system: what their exports do, as an importing file sees it.

const root = path.resolve('/project/src');
const at = (name: string): string => path.join(root, name);

/**
 * `links`: symbolic links, from the link's path to where it leads (a workspace package in `node_modules`).
 */
function virtualHost(files: Record<string, string>, links: Record<string, string> = {}) {
  const parsed: string[] = [];
  const versions = new Map<string, number>();
  const isThere = (file: string): boolean => file in files || Object.keys(files).some((name) => name.startsWith(file + path.sep));
  const host: ModuleHost = {
    readFile: (file) => files[file] ?? null,
    parse: (file, source) => {
      parsed.push(file);
      try {
        return parse(source, { range: true, loc: true, sourceType: 'module', filePath: file }) as unknown as Program;
      } catch {
        return null;
      }
    },
    // As `stat` answers: a time for files and folders that exist, nothing for the others.
    version: (file) => (isThere(file) ? (versions.get(file) ?? 0) : null),
    // Links are only followed by realPath: the tests' files are named by their real paths.
    realPath: (file) => {
      for (const [link, target] of Object.entries(links)) {
        if (file === link || file.startsWith(link + path.sep)) return isThere(target + file.slice(link.length)) ? target + file.slice(link.length) : null;
      }
      return isThere(file) ? file : null;
    },
  };
  return { host, parsed, files, touch: (file: string) => versions.set(file, (versions.get(file) ?? 0) + 1) };
}

const modules = {
  [at('log.ts')]:
    `export function fatal(message: string): never { console.error(message); process.exit(1); }\nexport function warn(message: string) { console.error(message); }\n`,
  [at('upload.ts')]:
    `export async function upload(data: string) { await fetch('x', { body: data }); }\nexport { fatal as die } from './log.js';\nexport * from './build';\n`,
  [at('build.ts')]: `import { execSync } from 'node:child_process';\nexport function build() { execSync('make'); }\n`,
  [at('track/index.ts')]: `export function track(event: string) { fetch(event).catch(() => {}); }\n`,
  [at('a.ts')]: `import { b } from './b';\nexport async function a() { await b(); }\n`,
  [at('b.ts')]: `import { a } from './a';\nexport async function b() { await a(); }\n`,
};

/** The resolver, asked with the default options unless a test gives some. */
function resolverOf(host: ModuleHost) {
  const resolve = createImportResolver(host);
  return (from: string, specifier: string, name: string, options: AnalysisOptions = createAnalysisOptions({ filename: from })) =>
    resolve(from, specifier, name, options);
}

describe('createImportResolver', () => {
  it('knows what the exports of a module do', () => {
    const resolve = resolverOf(virtualHost(modules).host);
    const from = at('main.ts');
    expect(resolve(from, './log', 'fatal')).toMatchObject({ mayExit: true, returnsPendingPromise: false, leavesWorkPending: false });
    expect(resolve(from, './log', 'warn')).toMatchObject({ mayExit: false, returnsPendingPromise: false, mayBlock: null });
    expect(resolve(from, './upload.js', 'upload')).toMatchObject({ returnsPendingPromise: true, mayExit: false });
    expect(resolve(from, './track', 'track')).toMatchObject({ leavesWorkPending: true, returnsPendingPromise: false });
  });

  it('follows re-exports and export *', () => {
    const resolve = resolverOf(virtualHost(modules).host);
    expect(resolve(at('main.ts'), './upload', 'die')).toMatchObject({ mayExit: true });
    expect(resolve(at('main.ts'), './upload', 'build')?.mayBlock).toEqual({ kind: 'child-process', durationMs: null });
  });

  it('does not reason about what it cannot read: missing modules, packages, unknown names', () => {
    const resolve = resolverOf(virtualHost(modules).host);
    expect(resolve(at('main.ts'), './missing', 'x')).toBeNull();
    expect(resolve(at('main.ts'), 'some-package', 'fatal')).toBeNull();
    expect(resolve(at('main.ts'), './log', 'nothing')).toBeNull();
  });

  it('survives an import cycle', () => {
    const resolve = resolverOf(virtualHost(modules).host);
    expect(resolve(at('main.ts'), './a', 'a')).toMatchObject({ returnsPendingPromise: true });
  });

  it('reads each module once, and again when it changes', () => {
    const { host, parsed, files, touch } = virtualHost({ ...modules });
    const resolve = resolverOf(host);
    resolve(at('main.ts'), './log', 'fatal');
    resolve(at('other.ts'), './log.js', 'warn');
    expect(parsed).toEqual([at('log.ts')]);
    files[at('log.ts')] = 'export function fatal(message: string) { console.error(message); }\n';
    touch(at('log.ts'));
    expect(resolve(at('main.ts'), './log', 'fatal')).toMatchObject({ mayExit: false });
  });

  it('finds a module added since the specifier was first looked up', () => {
    const { host, files, touch } = virtualHost({ ...modules });
    const resolve = resolverOf(host);
    expect(resolve(at('main.ts'), './later', 'fatal')).toBeNull();
    files[at('later.ts')] = modules[at('log.ts')]!;
    touch(root);
    expect(resolve(at('main.ts'), './later', 'fatal')).toMatchObject({ mayExit: true });
  });
});

describe('createImportResolver: mayEnd, the cheap question asked before any walk', () => {
  const options = createAnalysisOptions({ filename: at('main.ts') });
  const quiet = {
    [at('format.ts')]: `import { pad } from './pad';\nexport function format(value: string) { return pad(value); }\n`,
    [at('pad.ts')]: `export function pad(value: string) { return value.padStart(8); }\n`,
  };

  it('answers per export: the one that exits or blocks (directly, re-exported, through export *) may, its neighbour may not', () => {
    const { mayEnd } = createImportResolver(virtualHost(modules).host);
    const from = at('main.ts');
    expect(mayEnd!(from, './log', 'fatal', options)).toBe(true);
    expect(mayEnd!(from, './log', 'warn', options)).toBe(false);
    expect(mayEnd!(from, './upload', 'die', options)).toBe(true);
    expect(mayEnd!(from, './upload', 'build', options)).toBe(true);
    expect(mayEnd!(from, './upload', 'upload', options)).toBe(false);
    expect(mayEnd!(from, './missing', 'x', options)).toBe(false);
  });

  it('follows an export into the module it calls, and survives a cycle', () => {
    const files = {
      ...modules,
      [at('cli.ts')]: `import { fatal } from './log';\nexport function check(ok: boolean) { if (!ok) fatal('no'); }\nexport function noop() {}\n`,
    };
    const { mayEnd } = createImportResolver(virtualHost(files).host);
    expect(mayEnd!(at('main.ts'), './cli', 'check', options)).toBe(true);
    expect(mayEnd!(at('main.ts'), './cli', 'noop', options)).toBe(false);
    expect(mayEnd!(at('main.ts'), './a', 'a', options)).toBe(false);
  });

  it('parses nothing when no module on the way names an exit or a blocking call', () => {
    const { host, parsed } = virtualHost({ ...modules, ...quiet });
    const { mayEnd } = createImportResolver(host);
    expect(mayEnd!(at('main.ts'), './format', 'format', options)).toBe(false);
    expect(parsed).toEqual([]);
    // A module that names one is parsed, once, to tell its exports apart.
    expect(mayEnd!(at('main.ts'), './log', 'warn', options)).toBe(false);
    expect(mayEnd!(at('other.ts'), './log', 'fatal', options)).toBe(true);
    expect(parsed).toEqual([at('log.ts')]);
  });
});

describe('createImportResolver: mayEndModule, the question asked of a whole import before the file is parsed', () => {
  const options = createAnalysisOptions({ filename: at('main.ts') });
  const files = {
    ...modules,
    [at('format.ts')]: `import { pad } from './pad';\nexport function format(value: string) { return pad(value); }\n`,
    [at('pad.ts')]: `export function pad(value: string) { return value.padStart(8); }\n`,
    [at('report.ts')]: `import { format } from './format';\nimport { warn } from './log';\nexport const report = (x: string) => warn(format(x));\n`,
  };

  it('is true when the module or anything it imports names an exit or a blocking call, and reads only texts', () => {
    const { host, parsed } = virtualHost(files);
    const { mayEndModule } = createImportResolver(host);
    expect(mayEndModule!(at('main.ts'), './format', options)).toBe(false);
    expect(mayEndModule!(at('main.ts'), './log', options)).toBe(true);
    expect(mayEndModule!(at('main.ts'), './report', options)).toBe(true);
    expect(mayEndModule!(at('main.ts'), './upload', options)).toBe(true);
    expect(mayEndModule!(at('main.ts'), './a', options)).toBe(false);
    expect(mayEndModule!(at('main.ts'), './missing', options)).toBe(false);
    expect(parsed).toEqual([]);
  });

  it('keeps both answers until a module changes: a module that starts to exit makes its importers noisy', () => {
    const { host, files: texts, touch } = virtualHost({ ...files });
    const { mayEndModule } = createImportResolver(host);
    expect(mayEndModule!(at('main.ts'), './report', options)).toBe(true);
    expect(mayEndModule!(at('main.ts'), './pad', options)).toBe(false);
    texts[at('pad.ts')] = `export function pad(value: string) { process.exit(1); }\n`;
    touch(at('pad.ts'));
    expect(mayEndModule!(at('main.ts'), './pad', options)).toBe(true);
  });
});

// ── non-relative specifiers the project maps to its own files ───────────────────────────────────────

const project = path.resolve('/project');
const inProject = (name: string): string => path.join(project, name);
const uploadSource = `export async function upload(data: string) { await fetch('x', { body: data }); }\n`;
const fatalSource = `export function fatal(message: string): never { console.error(message); process.exit(1); }\n`;

describe('createImportResolver: tsconfig paths and baseUrl', () => {
  const files = {
    [inProject('tsconfig.json')]: `{
  // JSON with comments and trailing commas, as tsconfig.json is written
  "extends": ["@tsconfig/node20/tsconfig.json", "./tsconfig.base.json"],
  "compilerOptions": {
    /* the aliases */
    "paths": { "@/*": ["./generated/*", "./src/*",], "~log": ["./src/lib/log.ts"] },
  },
}`,
    [inProject('tsconfig.base.json')]: `{ "compilerOptions": { "baseUrl": "." } }`,
    [inProject('node_modules/@tsconfig/node20/tsconfig.json')]: `{ "compilerOptions": { "target": "es2022", "paths": { "ignored/*": ["./nowhere/*"] } } }`,
    [inProject('src/lib/upload.ts')]: uploadSource,
    [inProject('src/lib/log.ts')]: fatalSource,
    [inProject('generated/lib/upload.ts')]: `export function upload(data: string) { console.log(data); }\n`,
    [inProject('src/main.ts')]: '',
  };

  it('follows a wildcard alias, trying its targets in order, and an exact one', () => {
    const resolve = resolverOf(virtualHost(files).host);
    const from = inProject('src/main.ts');
    expect(resolve(from, '@/lib/log', 'fatal')).toMatchObject({ mayExit: true });
    expect(resolve(from, '@/lib/upload', 'upload')).toMatchObject({ returnsPendingPromise: false }); // ./generated/* first
    expect(resolve(from, '~log', 'fatal')).toMatchObject({ mayExit: true });
  });

  it("resolves against baseUrl, set by a config it extends, and takes a config's own paths over those it extends", () => {
    const resolve = resolverOf(virtualHost(files).host);
    expect(resolve(inProject('src/main.ts'), 'src/lib/upload', 'upload')).toMatchObject({ returnsPendingPromise: true });
    expect(resolve(inProject('src/main.ts'), 'ignored/x', 'x')).toBeNull();
  });

  it('uses the nearest config above the importing file, jsconfig.json too', () => {
    const resolve = resolverOf(
      virtualHost({
        ...files,
        [inProject('tools/jsconfig.json')]: `{ "compilerOptions": { "paths": { "@/*": ["../src/lib/*"] } } }`,
        [inProject('tools/run.js')]: '',
      }).host,
    );
    expect(resolve(inProject('tools/run.js'), '@/upload', 'upload')).toMatchObject({ returnsPendingPromise: true });
  });

  it('does not reason about an alias that points nowhere', () => {
    const resolve = resolverOf(virtualHost(files).host);
    expect(resolve(inProject('src/main.ts'), '@/lib/missing', 'upload')).toBeNull();
  });

  it('notices an edited tsconfig.json', () => {
    const { host, files: edited, touch } = virtualHost({ ...files });
    const resolve = resolverOf(host);
    expect(resolve(inProject('src/main.ts'), '#log', 'fatal')).toBeNull();
    expect(resolve(inProject('src/main.ts'), 'log', 'fatal')).toBeNull();
    edited[inProject('tsconfig.json')] = `{ "compilerOptions": { "paths": { "log": ["./src/lib/log.ts"] } } }`;
    touch(inProject('tsconfig.json'));
    expect(resolve(inProject('src/main.ts'), 'log', 'fatal')).toMatchObject({ mayExit: true });
  });
});

describe('createImportResolver: workspace packages', () => {
  const files = {
    [inProject('packages/utils/package.json')]: JSON.stringify({
      name: '@acme/utils',
      exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' }, './*': { default: './dist/*.js' } },
    }),
    [inProject('packages/utils/src/index.ts')]: uploadSource,
    [inProject('packages/utils/src/log.ts')]: fatalSource,
    [inProject('packages/legacy/package.json')]: JSON.stringify({ name: 'legacy', main: 'build/esm/index.js' }),
    [inProject('packages/legacy/src/index.ts')]: fatalSource,
    [inProject('packages/plain/package.json')]: JSON.stringify({ name: 'plain', main: 'lib/index.js' }),
    [inProject('packages/plain/lib/index.js')]: `export function fatal() { process.exit(1); }\n`,
    [inProject('packages/built/package.json')]: JSON.stringify({ name: 'built', main: 'out/main.js' }),
    [inProject('packages/built/tsconfig.json')]: `{ "compilerOptions": { "outDir": "out", "rootDir": "source" } }`,
    [inProject('packages/built/source/main.ts')]: uploadSource,
    // An installed package, with its own source next to its output: still not analysed.
    [inProject('node_modules/installed/package.json')]: JSON.stringify({ name: 'installed', main: 'index.js' }),
    [inProject('node_modules/installed/index.js')]: `export function fatal() { process.exit(1); }\n`,
    [inProject('node_modules/.pnpm/linked@1.0.0/node_modules/linked/package.json')]: JSON.stringify({ main: 'index.js' }),
    [inProject('node_modules/.pnpm/linked@1.0.0/node_modules/linked/index.js')]: `export function fatal() { process.exit(1); }\n`,
    [inProject('apps/web/src/main.ts')]: '',
  };
  const links = {
    [inProject('node_modules/@acme/utils')]: inProject('packages/utils'),
    [inProject('node_modules/legacy')]: inProject('packages/legacy'),
    [inProject('node_modules/plain')]: inProject('packages/plain'),
    [inProject('apps/web/node_modules/built')]: inProject('packages/built'),
    [inProject('node_modules/linked')]: inProject('node_modules/.pnpm/linked@1.0.0/node_modules/linked'),
  };
  const from = inProject('apps/web/src/main.ts');

  it('reads a linked package from its source: exports, subpath patterns, main under build folders or outDir', () => {
    const resolve = resolverOf(virtualHost(files, links).host);
    expect(resolve(from, '@acme/utils', 'upload')).toMatchObject({ returnsPendingPromise: true });
    expect(resolve(from, '@acme/utils/log', 'fatal')).toMatchObject({ mayExit: true });
    expect(resolve(from, 'legacy', 'fatal')).toMatchObject({ mayExit: true });
    expect(resolve(from, 'built', 'upload')).toMatchObject({ returnsPendingPromise: true });
    expect(resolve(from, 'plain', 'fatal')).toMatchObject({ mayExit: true });
  });

  it('does not reason about installed packages (pnpm links into node_modules too) nor Node built-ins', () => {
    const resolve = resolverOf(virtualHost(files, links).host);
    expect(resolve(from, 'installed', 'fatal')).toBeNull();
    expect(resolve(from, 'linked', 'fatal')).toBeNull();
    expect(resolve(from, '@acme/utils/missing', 'fatal')).toBeNull();
    expect(resolve(from, 'fs', 'readFileSync')).toBeNull();
    expect(resolve(from, 'child_process', 'execSync')).toBeNull();
  });
});

describe('createImportResolver: package.json imports and babel module-resolver', () => {
  const files = {
    [inProject('package.json')]: JSON.stringify({ imports: { '#lib/*': { types: './src/lib/*.ts', default: './dist/lib/*.js' }, '#log': './dist/log.js' } }),
    [inProject('src/lib/upload.ts')]: uploadSource,
    [inProject('src/log.ts')]: fatalSource,
    [inProject('app/.babelrc')]:
      `{ "plugins": [["module-resolver", { "root": ["./lib"], "alias": { "@log": "../src/log", "^~(.+)$": "../src/lib/\\\\1" } }]] }`,
    [inProject('app/lib/helpers.js')]: `export function fatal() { process.exit(1); }\n`,
    [inProject('app/main.js')]: '',
    [inProject('src/main.ts')]: '',
  };

  it('follows subpath imports, to the source of an output target', () => {
    const resolve = resolverOf(virtualHost(files).host);
    expect(resolve(inProject('src/main.ts'), '#lib/upload', 'upload')).toMatchObject({ returnsPendingPromise: true });
    expect(resolve(inProject('src/main.ts'), '#log', 'fatal')).toMatchObject({ mayExit: true });
    expect(resolve(inProject('src/main.ts'), '#nothing', 'fatal')).toBeNull();
  });

  it("follows babel-plugin-module-resolver's alias and root", () => {
    const resolve = resolverOf(virtualHost(files).host);
    expect(resolve(inProject('app/main.js'), '@log', 'fatal')).toMatchObject({ mayExit: true });
    expect(resolve(inProject('app/main.js'), '~upload', 'upload')).toMatchObject({ returnsPendingPromise: true });
    expect(resolve(inProject('app/main.js'), 'helpers', 'fatal')).toMatchObject({ mayExit: true });
  });
});

describe("createImportResolver: the importing file's options", () => {
  const files = {
    [at('shutdown.ts')]: `import { shutdown } from 'graceful';\nexport function stop() { shutdown(); }\nexport function work() { queue.push(1); }\n`,
  };

  it('summarises another module with them, once per configuration', () => {
    const { host, parsed } = virtualHost(files);
    const resolve = resolverOf(host);
    const from = at('main.ts');
    const configured = createAnalysisOptions({ filename: from, exitFunctions: [{ from: 'package', package: 'graceful', name: 'shutdown' }] });
    expect(resolve(from, './shutdown', 'stop')).toMatchObject({ mayExit: false });
    const first = resolve(from, './shutdown', 'stop', configured);
    expect(first).toMatchObject({ mayExit: true });
    // Another file with the same configuration gets the same summary; the default one still its own.
    expect(resolve(at('other.ts'), './shutdown', 'stop', { ...configured, filename: at('other.ts') })).toBe(first);
    expect(resolve(from, './shutdown', 'stop')).toMatchObject({ mayExit: false });
    expect(parsed).toEqual([at('shutdown.ts')]);
  });
});

describe('parseJsonc', () => {
  it('reads JSON with comments and trailing commas, leaving strings as they are', () => {
    const text = '\ufeff{ // a comment\n "a": "http://x/*y*/", /* another */ "b": [1, 2,], "c": "\\" // not a comment",\n}';
    expect(parseJsonc(text)).toEqual({ a: 'http://x/*y*/', b: [1, 2], c: '" // not a comment' });
    expect(parseJsonc('{ "a": }')).toBeNull();
  });
});

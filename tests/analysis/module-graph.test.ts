import path from 'node:path';
import { parse } from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import { createImportResolver, type ModuleHost, type Program } from '../../analysis';

// The project's other modules on a virtual file system: what their exports do, as an importing file sees it.

const root = path.resolve('/project/src');
const at = (name: string): string => path.join(root, name);

function virtualHost(files: Record<string, string>) {
  const parsed: string[] = [];
  const versions = new Map<string, number>();
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
    version: (file) => (file in files || Object.keys(files).some((name) => name.startsWith(file + path.sep)) ? (versions.get(file) ?? 0) : null),
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

describe('createImportResolver', () => {
  it('knows what the exports of a module do', () => {
    const resolve = createImportResolver(virtualHost(modules).host);
    const from = at('main.ts');
    expect(resolve(from, './log', 'fatal')).toMatchObject({ mayExit: true, returnsPendingPromise: false, leavesWorkPending: false });
    expect(resolve(from, './log', 'warn')).toMatchObject({ mayExit: false, returnsPendingPromise: false, mayBlock: null });
    expect(resolve(from, './upload.js', 'upload')).toMatchObject({ returnsPendingPromise: true, mayExit: false });
    expect(resolve(from, './track', 'track')).toMatchObject({ leavesWorkPending: true, returnsPendingPromise: false });
  });

  it('follows re-exports and export *', () => {
    const resolve = createImportResolver(virtualHost(modules).host);
    expect(resolve(at('main.ts'), './upload', 'die')).toMatchObject({ mayExit: true });
    expect(resolve(at('main.ts'), './upload', 'build')?.mayBlock).toEqual({ kind: 'child-process', durationMs: null });
  });

  it('does not reason about what it cannot read: missing modules, packages, unknown names', () => {
    const resolve = createImportResolver(virtualHost(modules).host);
    expect(resolve(at('main.ts'), './missing', 'x')).toBeNull();
    expect(resolve(at('main.ts'), 'some-package', 'fatal')).toBeNull();
    expect(resolve(at('main.ts'), './log', 'nothing')).toBeNull();
  });

  it('survives an import cycle', () => {
    const resolve = createImportResolver(virtualHost(modules).host);
    expect(resolve(at('main.ts'), './a', 'a')).toMatchObject({ returnsPendingPromise: true });
  });

  it('reads each module once, and again when it changes', () => {
    const { host, parsed, files, touch } = virtualHost({ ...modules });
    const resolve = createImportResolver(host);
    resolve(at('main.ts'), './log', 'fatal');
    resolve(at('other.ts'), './log.js', 'warn');
    expect(parsed).toEqual([at('log.ts')]);
    files[at('log.ts')] = 'export function fatal(message: string) { console.error(message); }\n';
    touch(at('log.ts'));
    expect(resolve(at('main.ts'), './log', 'fatal')).toMatchObject({ mayExit: false });
  });

  it('finds a module added since the specifier was first looked up', () => {
    const { host, files, touch } = virtualHost({ ...modules });
    const resolve = createImportResolver(host);
    expect(resolve(at('main.ts'), './later', 'fatal')).toBeNull();
    files[at('later.ts')] = modules[at('log.ts')]!;
    touch(root);
    expect(resolve(at('main.ts'), './later', 'fatal')).toMatchObject({ mayExit: true });
  });
});

// Bundles the parts of typescript-eslint the rules load when TypeScript is there into
// dist/vendor/typescript-eslint.js (why: rules/utils/typescript-eslint.ts). `typescript` and `eslint` stay
// external: they are the user's. Each bundled package's licence goes into dist/vendor/ next to the bundle.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist', 'vendor');
// The export list is the loader's own (compiled by `tsc` just before), so the bundle and the loader cannot drift.
const { BUNDLED_EXPORTS } = await import(path.join(root, 'dist', 'rules', 'utils', 'typescript-eslint.js'));
const entry = Object.entries(BUNDLED_EXPORTS)
  .map(([pkg, names]) => `export { ${names.join(', ')} } from ${JSON.stringify(pkg)};`)
  .join('\n');

const result = await build({
  stdin: { contents: entry, resolveDir: root, sourcefile: 'typescript-eslint-entry.js', loader: 'js' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['typescript', 'typescript/*', 'eslint', 'eslint/*'],
  outfile: path.join(outDir, 'typescript-eslint.js'),
  metafile: true,
  legalComments: 'eof',
  logLevel: 'warning',
  banner: { js: '// Bundled by eslint-plugin-promise-lifetime from the packages listed in typescript-eslint.LICENSES.txt, under their licences.' },
});

/** The package a bundled file belongs to: the path after the last node_modules/. */
function packageDir(file) {
  const parts = file.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return null;
  const scoped = parts[at + 1]?.startsWith('@');
  return parts.slice(0, at + (scoped ? 3 : 2)).join('/');
}

const packages = [...new Set(Object.keys(result.metafile.inputs).map(packageDir).filter(Boolean))].sort();
const notices = packages.map((dir) => {
  const { name, version, license } = JSON.parse(readFileSync(path.join(root, dir, 'package.json'), 'utf8'));
  const licenseFile = readdirSync(path.join(root, dir)).find((file) => /^licen[cs]e/i.test(file));
  if (!licenseFile) throw new Error(`${name}@${version} is bundled but has no LICENSE file to ship with it`);
  return `${name}@${version} (${license})\n\n${readFileSync(path.join(root, dir, licenseFile), 'utf8').trim()}\n`;
});
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'typescript-eslint.LICENSES.txt'), `${notices.join('\n---\n\n')}`);
console.log(`dist/vendor/typescript-eslint.js: ${packages.length} packages bundled`);

import type { AnalyzedFile } from '../lifetime/analyze';

/** Why no top-level `await` is written: the file runs as CommonJS, or may. */
export function topLevelAwaitRefusal(file: AnalyzedFile): string {
  return file.runsAs === 'cjs'
    ? 'top-level `await` needs an ES module, and this file is CommonJS'
    : 'top-level `await` needs an ES module, and nothing says this file runs as one (no package.json says; pass --module-kind=esm if it does)';
}

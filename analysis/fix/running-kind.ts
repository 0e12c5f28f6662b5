import { certainModuleKind, type ModuleKind } from '../syntax/module-kind';
import type { AnalyzedFile } from '../lifetime/analyze';

/**
 * The module kind the rewritten file will start as, when that is certain: a rewrite writes top-level
 * `await` or `import.meta` only into a file that runs as an ES module whoever runs it.
 */
export function runningKind(file: AnalyzedFile): ModuleKind | undefined {
  const { program, options } = file.context;
  return certainModuleKind(program, options.filename, options.moduleKind);
}

/** Why no top-level `await` is written: the file runs as CommonJS, or may. */
export function topLevelAwaitRefusal(file: AnalyzedFile): string {
  return runningKind(file) === 'cjs'
    ? 'top-level `await` needs an ES module, and this file is CommonJS'
    : 'top-level `await` needs an ES module, and nothing says this file runs as one (no package.json says; pass --module-kind=esm if it does)';
}

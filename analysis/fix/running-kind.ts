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

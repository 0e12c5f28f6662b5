import type { AnalyzedFile } from '../lifetime/analyze';
import type { Finding } from '../lifetime/model';
import { getFunctionName } from '../lifetime/resolve-callee';

/**
 * A readable name for a task's handle, from the function it calls: `uploadResults` → `uploadResultsTask`,
 * `task` → `taskPromise` (a name already ending in "task"); never one that `isTaken` says is in use.
 */
export function createHandleName(base: string | null, isTaken: (name: string) => boolean): string {
  const stem = base !== null && /^[A-Za-z_$][\w$]*$/.test(base) ? base : 'pending';
  const suffix = /task$/i.test(stem) ? 'Promise' : 'Task';
  let name = `${stem}${suffix}`;
  for (let index = 2; isTaken(name); index++) name = `${stem}${suffix}${index}`;
  return name;
}

/** Names a rewrite must not take: whether one is in use. */
export interface TakenNames {
  has(name: string): boolean;
}

const fileNames = new WeakMap<AnalyzedFile, ReadonlySet<string>>();

/** Every name the file declares or refers to, gathered once per file (a file's suggestions each ask). */
export function namesOf(file: AnalyzedFile): ReadonlySet<string> {
  let names = fileNames.get(file);
  if (!names) {
    const { scope } = file.context;
    names = new Set([...scope.declaredNames, ...scope.globalReferences.keys()]);
    fileNames.set(file, names);
  }
  return names;
}

/** The file's names and those a plan adds, without copying the file's. */
export class NameSet implements TakenNames {
  private readonly added = new Set<string>();

  constructor(private readonly base: ReadonlySet<string>) {}

  has(name: string): boolean {
    return this.added.has(name) || this.base.has(name);
  }

  add(name: string): void {
    this.added.add(name);
  }
}

const planned = new WeakMap<AnalyzedFile, ReadonlyMap<Finding, string>>();

/**
 * The handle each finding's task is kept in: its existing handle, or a new name that collides with no
 * name of the file nor with another finding's. Named for the whole file at once, in the order the
 * analysis made the findings, so that a suggestion for one finding names it as the codemod does.
 */
export function plannedHandleNames(file: AnalyzedFile): ReadonlyMap<Finding, string> {
  const known = planned.get(file);
  if (known) return known;
  const used = new NameSet(namesOf(file));
  const names = new Map<Finding, string>();
  for (const [finding, { task }] of file.sites) {
    if (task.handle) {
      names.set(finding, task.handle.name);
      continue;
    }
    // The work a callee leaves is named for the callee the owner calls (`upload()` → `uploadTask`).
    const carrier = task.hops.at(-1);
    const carrierName = carrier ? getFunctionName(carrier.fn) : null;
    const name = createHandleName(carrierName || task.root.calleeName, (candidate) => used.has(candidate));
    used.add(name);
    names.set(finding, name);
  }
  planned.set(file, names);
  return names;
}

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

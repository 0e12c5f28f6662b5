/*
 * What package.json's `exports` and `imports` map a subpath to, as Node reads them: exact subpaths, then
 * `*` patterns (the longest prefix wins), arrays tried in order, conditions nested at will. We look for
 * the package's source, not for what one runtime loads, so conditions are taken in the order that finds
 * it first (CONDITIONS), whatever their order in the file; every target is a candidate the caller checks.
 */

/** `source` (a convention for the TypeScript entry), `types` (its declarations, next to or mapped to the source), then the runtimes'. */
export const CONDITIONS = ['source', 'types', 'import', 'require', 'node', 'module', 'default'] as const;

type Json = unknown;

const isObject = (value: Json): value is Record<string, Json> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The targets `map` gives `subpath` (`.`, `./sub`, `#lib/x`), best first: `exports` or `imports` of a
 * package.json. `exports` that is a string, an array or an object of conditions is the package's `.`.
 */
export function subpathTargets(map: Json, subpath: string): string[] {
  const keyed = isObject(map) && Object.keys(map).some((key) => key.startsWith('.') || key.startsWith('#'));
  const entries: Record<string, Json> = keyed ? (map as Record<string, Json>) : { '.': map };
  if (Object.hasOwn(entries, subpath) && !subpath.includes('*')) return targetsOf(entries[subpath], null);
  let best: { readonly key: string; readonly captured: string } | null = null;
  for (const key of Object.keys(entries)) {
    const star = key.indexOf('*');
    if (star === -1 || key.indexOf('*', star + 1) !== -1) continue;
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (!subpath.startsWith(prefix) || !subpath.endsWith(suffix) || subpath.length < key.length) continue;
    if (best && best.key.indexOf('*') >= star) continue;
    best = { key, captured: subpath.slice(prefix.length, subpath.length - suffix.length) };
  }
  return best ? targetsOf(entries[best.key], best.captured) : [];
}

function targetsOf(target: Json, captured: string | null): string[] {
  if (typeof target === 'string') return [captured === null ? target : target.replaceAll('*', captured)];
  if (Array.isArray(target)) return target.flatMap((item) => targetsOf(item, captured));
  if (!isObject(target)) return []; // null: excluded
  return CONDITIONS.filter((condition) => Object.hasOwn(target, condition)).flatMap((condition) => targetsOf(target[condition], captured));
}

/** `@acme/utils/sub` → `@acme/utils` and `./sub`; null for what cannot name a package (`data:…`, `/abs`, `@scope` alone). */
export function splitPackageSpecifier(specifier: string): { readonly name: string; readonly subpath: string } | null {
  if (specifier === '' || specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(specifier))
    return null;
  const parts = specifier.split('/');
  const length = specifier.startsWith('@') ? 2 : 1;
  if (parts.length < length || parts.slice(0, length).some((part) => part === '')) return null;
  const rest = parts.slice(length).join('/');
  return { name: parts.slice(0, length).join('/'), subpath: rest === '' ? '.' : `./${rest}` };
}

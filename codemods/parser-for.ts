/**
 * The jscodeshift parser for a file: `ts` for TypeScript files (the `tsx` parser rejects `<T>value`
 * assertions), `tsx` for TSX and for JavaScript (a superset that also reads JSX).
 */
export function parserFor(path: string): 'ts' | 'tsx' {
  return /\.[cm]?ts$/.test(path) ? 'ts' : 'tsx';
}

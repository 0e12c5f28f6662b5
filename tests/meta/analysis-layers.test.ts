import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCycle, importGraph } from '../helpers/import-graph';

/*
 * The shape of analysis/: four layers, each a folder, each importing only itself and the layers below
 * (syntax ← lifetime ← project ← fix), no import cycle anywhere, and files small enough to read whole.
 * eslint.config.mjs enforces the layer order in the editor; this test also catches cycles inside a layer.
 */

const ANALYSIS = path.join(__dirname, '..', '..', 'analysis');
const LAYERS = ['syntax', 'lifetime', 'project', 'fix'];
const MAX_LINES = 500;

const layerOf = (file: string): number => (file.includes('/') ? LAYERS.indexOf(file.slice(0, file.indexOf('/'))) : LAYERS.length);

describe('analysis/ layers', () => {
  const graph = importGraph(ANALYSIS);

  it('keeps every file in a layer folder (index.ts, the public entry, stands above them)', () => {
    const stray = [...graph.keys()].filter((file) => file !== 'index.ts' && layerOf(file) === -1);
    expect(stray).toEqual([]);
  });

  it('imports only from the same layer or one below', () => {
    const upward = [...graph].flatMap(([file, targets]) => targets.filter((target) => layerOf(target) > layerOf(file)).map((target) => `${file} → ${target}`));
    expect(upward).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(findCycle(graph)?.join(' → ') ?? null).toBeNull();
  });

  it(`has no file over ${MAX_LINES} lines`, () => {
    const long = [...graph.keys()].filter((file) => readFileSync(path.join(ANALYSIS, file), 'utf8').split('\n').length > MAX_LINES);
    expect(long).toEqual([]);
  });
});

describe('the cycle check itself', () => {
  it('finds a cycle, including one that does not start at the first file', () => {
    expect(
      findCycle(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['b']],
        ]),
      ),
    ).toEqual(['b', 'c', 'b']);
  });

  it('finds none in a graph with shared dependencies', () => {
    expect(
      findCycle(
        new Map([
          ['a', ['b', 'c']],
          ['b', ['c']],
          ['c', []],
        ]),
      ),
    ).toBeNull();
  });
});

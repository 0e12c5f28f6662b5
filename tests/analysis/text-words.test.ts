import { describe, expect, it } from 'vitest';
import { hasMethodCall, hasNamedCall, hasWord } from '../../analysis/syntax/text-words';

// The word gates read positions one pass over a text recorded (text-words.ts). A wrong "no" hides every
// finding of a file, so the index must agree with a plain whole-word search on any text, including texts
// indexed before a word was first asked, and words with characters the index does not cover.

const WORD = '[\\w$\\u0080-\\uffff]';
const reference = (text: string, word: string): boolean =>
  word !== '' && new RegExp(`(?<!${WORD})${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!${WORD})`).test(text);

/** A seeded generator (mulberry32), so a failure names its case. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FRAGMENTS = ['exit', 'process', 'close', 'end', 'append', '$end', 'end_', 'é', 'x', '1', ' ', '.', '(', '\n', "'", '[', ']', '?.', '//'];
const WORDS = ['exit', 'process', 'close', 'end', 'x', 'endx', 'é', 'a.b', ''];

describe('hasWord', () => {
  it('agrees with a whole-word search on generated texts', () => {
    const next = random(7);
    for (let round = 0; round < 2000; round++) {
      const text = Array.from({ length: Math.floor(next() * 12) }, () => FRAGMENTS[Math.floor(next() * FRAGMENTS.length)]).join('');
      const words = WORDS.filter(() => next() < 0.4);
      const expected = words.some((word) => reference(text, word));
      expect(hasWord(text, words), `${JSON.stringify(text)} ${JSON.stringify(words)}`).toBe(expected);
    }
  });

  it('finds a word first asked after the text was indexed', () => {
    const text = 'const a = 1;\nneverAskedBefore(a);';
    expect(hasWord(text, ['const'])).toBe(true);
    expect(hasWord(text, ['neverAskedBefore'])).toBe(true);
    expect(hasWord(text, ['neverAsked'])).toBe(false);
  });

  it('tells apart texts of the same length', () => {
    expect(hasWord('aaa exit', ['exit'])).toBe(true);
    expect(hasWord('aaa exis', ['exit'])).toBe(false);
  });

  it('reads words longer than 31 characters', () => {
    const long = 'aVeryLongIdentifierNameThatGoesOnAndOn';
    expect(hasWord(`call(${long})`, [long])).toBe(true);
    expect(hasWord(`call(${long}X)`, [long])).toBe(false);
  });
});

describe('hasMethodCall', () => {
  it.each([
    ['r.close()', true],
    ['r?.close ()', true],
    ["r['close']()", true],
    ['r.close', false],
    ['close()', false],
    ['r.closeAll()', false],
    ['r[\'close"]()', false],
  ])('%s: %s', (text, expected) => {
    expect(hasMethodCall(text, ['close'])).toBe(expected);
  });
});

// (`.only` is spelled through a constant so that no focused-test check mistakes this text for one.)
const ONLY = 'only';

describe('hasNamedCall', () => {
  it.each([
    ["it('works', () => {})", true],
    [`it.${ONLY}(() => {})`, true],
    ['test.each`a`', true],
    ['/x/.test(s)', false],
    ['f(...test())', true],
    ['it is', false],
  ])('%s: %s', (text, expected) => {
    expect(hasNamedCall(text, ['it', 'test'])).toBe(expected);
  });
});

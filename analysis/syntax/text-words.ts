/*
 * Word tests on a module's text, without a parse: what the cheap pass over another module asks before
 * anything parses it (analysis/lifetime/end-reach.ts). The gates ask a few dozen words of the same text, and
 * one `indexOf` scan per word cost more than the rules' walks: so one pass over a text notes where each
 * watched word stands as a whole word, and every question after it reads those positions. A word is watched
 * from its first question on; a text indexed before a new word came re-reads itself once.
 */

const isWordCharacter = (code: number): boolean =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 36 || code > 127;

/** Words made only of word characters, by length and first character code, each with its index. */
class WatchedWords {
  /** `length * 65536 + first character code` → the words of that length and start. */
  readonly byShape = new Map<number, string[]>();
  readonly all = new Set<string>();
  /** Bit n: some word has length n (lengths up to 31); longer ones set bit 0. */
  lengths = 0;
  readonly firstCharacters = new Uint8Array(65536);
  version = 0;

  add(word: string): void {
    if (this.all.has(word)) return;
    this.all.add(word);
    const shape = word.length * 65536 + word.charCodeAt(0);
    const words = this.byShape.get(shape);
    if (words) words.push(word);
    else this.byShape.set(shape, [word]);
    this.lengths |= word.length < 32 ? 1 << word.length : 1;
    this.firstCharacters[word.charCodeAt(0)] = 1;
    this.version++;
  }
}

const watched = new WatchedWords();
const isIndexable = (word: string): boolean => {
  for (let i = 0; i < word.length; i++) if (!isWordCharacter(word.charCodeAt(i))) return false;
  return word.length > 0;
};

interface TextIndex {
  readonly text: string;
  readonly version: number;
  /** Each watched word's whole-word positions, in text order; absent words have none. */
  readonly positions: Map<string, number[]>;
}

function buildIndex(text: string): TextIndex {
  const positions = new Map<string, number[]>();
  const { lengths, firstCharacters, byShape } = watched;
  const length = text.length;
  let at = 0;
  while (at < length) {
    if (!isWordCharacter(text.charCodeAt(at))) {
      at++;
      continue;
    }
    const start = at;
    const first = text.charCodeAt(start);
    while (at < length && isWordCharacter(text.charCodeAt(at))) at++;
    const size = at - start;
    if (firstCharacters[first] === 0 || (lengths & (size < 32 ? 1 << size : 1)) === 0) continue;
    const candidates = byShape.get(size * 65536 + first);
    if (candidates === undefined) continue;
    for (const word of candidates) {
      if (!text.startsWith(word, start)) continue;
      const found = positions.get(word);
      if (found) found.push(start);
      else positions.set(word, [start]);
    }
  }
  return { text, version: watched.version, positions };
}

/** The last few texts' indexes: the gates of one file ask its text, and the texts of the modules it imports, in turn. */
const recent: TextIndex[] = [];
const RECENT_TEXTS = 4;

function textIndex(text: string): TextIndex {
  for (let i = 0; i < recent.length; i++) {
    const index = recent[i]!;
    if (index.text === text && index.version === watched.version) return index;
  }
  const index = buildIndex(text);
  recent.unshift(index);
  if (recent.length > RECENT_TEXTS) recent.pop();
  return index;
}

/** Whether some whole-word occurrence of one of `words` (`at` to `end`) passes `accept`. */
function someWord(text: string, words: Iterable<string>, accept: (at: number, end: number) => boolean): boolean {
  const list = [...words];
  for (const word of list) if (isIndexable(word)) watched.add(word);
  const index = textIndex(text);
  for (const word of list) {
    if (word === '') continue;
    if (isIndexable(word)) {
      for (const at of index.positions.get(word) ?? []) if (accept(at, at + word.length)) return true;
      continue;
    }
    for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
      const end = at + word.length;
      if ((at === 0 || !isWordCharacter(text.charCodeAt(at - 1))) && !isWordCharacter(text.charCodeAt(end)) && accept(at, end)) return true;
    }
  }
  return false;
}

/** `text` holds one of `words` as a whole word: no letter, digit, `_` or `$` either side. */
export function hasWord(text: string, words: Iterable<string>): boolean {
  return someWord(text, words, () => true);
}

const isSpace = (code: number): boolean => code === 32 || code === 9 || code === 10 || code === 13;
const QUOTES = new Set([39, 34, 96]); // ' " `
/** What may follow a method's name where it is called: `(`, `?.(`, `!(` (TypeScript), `<T>(`, or `)` of `(r.close)()`. */
const CALL_FOLLOWERS = new Set([40, 63, 33, 60, 41]);

const spaceBefore = (text: string, at: number): number => {
  let before = at;
  while (before >= 0 && isSpace(text.charCodeAt(before))) before--;
  return before;
};
const spaceAfter = (text: string, at: number): number => {
  let after = at;
  while (after < text.length && isSpace(text.charCodeAt(after))) after++;
  return after;
};

/**
 * `text` may call one of `words` as a method: the name written after a `.` (`r.close(`, `r?.close (`) or
 * quoted after a `[` (`r['close'](`), and followed by what a call's callee may be followed by.
 */
export function hasMethodCall(text: string, words: Iterable<string>): boolean {
  return someWord(text, words, (at, end) => {
    let before = spaceBefore(text, at - 1);
    let after = end;
    if (QUOTES.has(text.charCodeAt(before))) {
      if (text.charCodeAt(end) !== text.charCodeAt(before)) return false;
      before = spaceBefore(text, before - 1);
      const close = text.indexOf(']', end);
      if (text.charCodeAt(before) !== 91 || close === -1) return false; // [
      after = close + 1;
    } else if (text.charCodeAt(before) !== 46) return false; // .
    return CALL_FOLLOWERS.has(text.charCodeAt(spaceAfter(text, after)));
  });
}

/**
 * `text` may call one of `words` as a function of its own name: the word not written after a `.`, and
 * followed by `(`, a `.` (`it.only(`) or a template (`test.each\``…) — not the `.test(` of a regular expression.
 */
export function hasNamedCall(text: string, words: Iterable<string>): boolean {
  return someWord(text, words, (at, end) => {
    const before = spaceBefore(text, at - 1);
    if (before >= 0 && text.charCodeAt(before) === 46 && text.charCodeAt(before - 1) !== 46) return false; // `.test`, not `...test`
    const next = text.charCodeAt(spaceAfter(text, end));
    return next === 40 || next === 46 || next === 96; // ( . `
  });
}

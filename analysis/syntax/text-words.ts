/*
 * Word tests on a module's text, without a parse: what the cheap pass over another module asks before
 * anything parses it (analysis/lifetime/end-reach.ts). `indexOf` over the text is far faster than a
 * regular expression tried at every position.
 */

const isWordCharacter = (code: number): boolean =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 36 || code > 127;

/** Whether some whole-word occurrence of one of `words` (`at` to `end`) passes `accept`. */
function someWord(text: string, words: Iterable<string>, accept: (at: number, end: number) => boolean): boolean {
  for (const word of words) {
    if (word === '') continue;
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

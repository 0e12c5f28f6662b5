/*
 * Word tests on a module's text, without a parse: what the cheap pass over another module asks before
 * anything parses it (analysis/lifetime/end-reach.ts). `indexOf` over the text is far faster than a
 * regular expression tried at every position.
 */

const isWordCharacter = (code: number): boolean =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 36 || code > 127;

/** `text` holds one of `words` as a whole word: no letter, digit, `_` or `$` either side. */
export function hasWord(text: string, words: Iterable<string>): boolean {
  for (const word of words) {
    if (word === '') continue;
    for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
      if ((at === 0 || !isWordCharacter(text.charCodeAt(at - 1))) && !isWordCharacter(text.charCodeAt(at + word.length))) return true;
    }
  }
  return false;
}

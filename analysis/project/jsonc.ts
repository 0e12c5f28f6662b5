/*
 * JSON with comments and trailing commas, as tsconfig.json, jsconfig.json and .babelrc are written
 * (TypeScript's own reader is an optional peer, absent at runtime). Comments become spaces and a comma
 * before `}` or `]` is dropped, outside strings; what is left must be JSON.
 */

/** The value of a JSONC text, or null when it is not one. */
export function parseJsonc(text: string): unknown {
  try {
    return JSON.parse(stripJsonc(text));
  } catch {
    return null;
  }
}

/** The text without its comments and trailing commas (strings untouched). */
export function stripJsonc(text: string): string {
  let out = '';
  /** Where the last comma outside a string was written to `out`, until something other than blanks follows it. */
  let comma = -1;
  let index = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a byte order mark
  while (index < text.length) {
    const char = text[index]!;
    const next = text[index + 1];
    if (char === '"') {
      const start = index;
      for (index++; index < text.length && text[index] !== '"'; index++) if (text[index] === '\\') index++;
      out += text.slice(start, ++index);
      comma = -1;
    } else if (char === '/' && next === '/') {
      while (index < text.length && text[index] !== '\n') index++;
    } else if (char === '/' && next === '*') {
      const end = text.indexOf('*/', index + 2);
      index = end === -1 ? text.length : end + 2;
      out += ' ';
    } else {
      if ((char === '}' || char === ']') && comma !== -1) out = out.slice(0, comma) + ' ' + out.slice(comma + 1);
      if (char === ',') comma = out.length;
      else if (!/\s/.test(char)) comma = -1;
      out += char;
      index++;
    }
  }
  return out;
}

/**
 * The few Go text primitives whose exact behaviour shows in Docker's Dockerfile
 * messages and parsing: unicode.IsSpace, strings.TrimSpace and strconv.Quote
 * (what `%q` prints). JavaScript's own trim() and JSON.stringify differ at the
 * edges (BOM, \v, control characters), and those edges reach users.
 */

const UNICODE_SPACES = new Set([0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000]);

/** Go's unicode.IsSpace. */
export function isSpace(ch: string): boolean {
  const c = ch.codePointAt(0) ?? -1;
  if (c <= 0xff) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0x85 || c === 0xa0;
  return (c >= 0x2000 && c <= 0x200a) || UNICODE_SPACES.has(c);
}

export function trimLeftSpace(s: string): string {
  let i = 0;
  while (i < s.length && isSpace(s[i] as string)) i++;
  return s.slice(i);
}

function trimRightSpace(s: string): string {
  let j = s.length;
  while (j > 0 && isSpace(s[j - 1] as string)) j--;
  return s.slice(0, j);
}

export function trimSpace(s: string): string {
  return trimRightSpace(trimLeftSpace(s));
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
const NAMED_ESCAPES: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' };

/** Go's strconv.Quote: the `%q` form Docker puts in its error messages. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (PRINTABLE.test(ch)) out += ch;
    else if (NAMED_ESCAPES[ch] !== undefined) out += NAMED_ESCAPES[ch];
    else {
      const c = ch.codePointAt(0) as number;
      if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
      else if (c < 0x10000) out += '\\u' + c.toString(16).padStart(4, '0');
      else out += '\\U' + c.toString(16).padStart(8, '0');
    }
  }
  return out + '"';
}

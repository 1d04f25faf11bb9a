/**
 * The text of JSON number literals. JSON.parse turns `1e300`, `2^70` and
 * `9223372036854775808` into doubles that still look like integers, so a Go-range
 * check needs the literal as written (and Go's error message quotes it). Only
 * literals that are not small plain integers are kept: the common body keeps none.
 */

import { invalidArgument } from '../errdefs/index.js';

const PLAIN_SAFE_INT = /^-?\d{1,15}$/;
/** Docker bodies nest a few levels; the scan recurses, so a hostile depth is refused before the stack runs out. */
const MAX_DEPTH = 1000;

/** Path of a value inside a document: object keys and array indexes. */
export type JsonPath = readonly (string | number)[];

const literalsByRoot = new WeakMap<object, Map<string, string>>();

const pathKey = (path: JsonPath): string => JSON.stringify(path);

/**
 * Scan text that JSON.parse has already accepted and remember, under `root`,
 * every number literal that a double may not represent exactly.
 */
export function rememberNumberLiterals(root: object, text: string): void {
  const found = new Map<string, string>();
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  const str = (): string => {
    const start = i;
    i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  /** The members of an object or array: `each` reads one, separators and the close are consumed here. */
  const members = (close: string, each: (n: number) => void): void => {
    i++;
    ws();
    if (text[i] === close) {
      i++;
      return;
    }
    for (let n = 0; ; n++) {
      each(n);
      ws();
      if (text[i++] === close) return;
    }
  };
  const value = (path: (string | number)[]): void => {
    if (path.length > MAX_DEPTH) throw invalidArgument('invalid JSON: exceeded max depth');
    ws();
    const c = text[i];
    if (c === '{') {
      members('}', () => {
        ws();
        const key = str();
        ws();
        i++; // ':'
        value([...path, key]);
      });
      return;
    }
    if (c === '[') {
      members(']', (n) => value([...path, n]));
      return;
    }
    if (c === '"') {
      str();
      return;
    }
    const m = /^-?[\d.eE+-]+|^[a-z]+/.exec(text.slice(i, i + 1100));
    const token = m?.[0] ?? '';
    i += token.length;
    if (/^-?\d/.test(token) && !PLAIN_SAFE_INT.test(token)) found.set(pathKey(path), token);
  };
  value([]);
  if (found.size > 0) literalsByRoot.set(root, found);
}

/** The literal written at `path` of the document `root`, when it was remembered. */
export function numberLiteral(root: object, path: JsonPath): string | undefined {
  return literalsByRoot.get(root)?.get(pathKey(path));
}

/**
 * The text of JSON number literals. JSON.parse turns `1e300`, `2^70` and
 * `9223372036854775808` into doubles that still look like integers, so a Go-range
 * check needs the literal as written (and Go's error message quotes it). Only
 * literals that are not small plain integers are kept: the common body keeps none.
 */

const PLAIN_SAFE_INT = /^-?\d{1,15}$/;
const NUMBER_CHAR = /[\d.eE+-]/;

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
  // One entry per open object or array: the key or index of the value being read.
  // A loop, not recursion, and the path is built only for a hit: nesting costs nothing.
  const path: (string | number)[] = [];
  const open: string[] = [];
  let expectKey = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      const start = i;
      i++;
      while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i++;
      if (expectKey) path[path.length - 1] = JSON.parse(text.slice(start, i)) as string;
      expectKey = false;
    } else if (c === '{' || c === '[') {
      open.push(c);
      path.push(0);
      expectKey = c === '{';
      i++;
    } else if (c === '}' || c === ']') {
      open.pop();
      path.pop();
      i++;
    } else if (c === ',') {
      const top = open.length - 1;
      if (open[top] === '{') expectKey = true;
      else path[top] = (path[top] as number) + 1;
      i++;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      const start = i;
      while (i < text.length && NUMBER_CHAR.test(text[i]!)) i++;
      const token = text.slice(start, i);
      if (!PLAIN_SAFE_INT.test(token)) found.set(pathKey(path), token);
    } else i++; // white space, ':' and the letters of true, false and null
  }
  if (found.size > 0) literalsByRoot.set(root, found);
}

/** The literal written at `path` of the document `root`, when it was remembered. */
export function numberLiteral(root: object, path: JsonPath): string | undefined {
  return literalsByRoot.get(root)?.get(pathKey(path));
}

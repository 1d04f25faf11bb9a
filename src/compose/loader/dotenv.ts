/**
 * `.env`, `--env-file` and `env_file:` files, read as compose-go reads them:
 * `KEY=value` lines, an optional `export `, `#` comments, single quotes taken
 * literally, double quotes with escapes, and `${VAR}` in unquoted and
 * double-quoted values (from the keys above, then the lookup). A bare `KEY`
 * takes its value from the lookup, or is left out.
 */
import { invalidArgument } from '../../errdefs/index.js';
import { interpolateString, type Lookup } from './interpolate.js';

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', '"': '"', $: '$$' };

/** The value after `=`: quoted (possibly over several lines) or up to a ` #` comment. Returns it and the index after it. */
function readValue(text: string, from: number, file: string, line: number): { raw: string; kind: 'single' | 'double' | 'plain'; end: number } {
  const q = text[from];
  if (q === "'" || q === '"') {
    let i = from + 1;
    let raw = '';
    while (i < text.length && text[i] !== q) {
      if (q === '"' && text[i] === '\\' && i + 1 < text.length) {
        raw += ESCAPES[text[i + 1]!] ?? `\\${text[i + 1]}`;
        i += 2;
      } else raw += text[i++];
    }
    if (i >= text.length) throw invalidArgument(`failed to read ${file}: line ${line}: unterminated quoted value`);
    const eol = text.indexOf('\n', i);
    return { raw, kind: q === "'" ? 'single' : 'double', end: eol < 0 ? text.length : eol + 1 };
  }
  const eol = text.indexOf('\n', from);
  const end = eol < 0 ? text.length : eol;
  const raw = text.slice(from, end).replace(/\s+#.*$/, '').trim();
  return { raw, kind: 'plain', end: end + 1 };
}

export function parseDotenv(text: string, file: string, lookup: Lookup): Record<string, string> {
  const vars: Record<string, string> = {};
  const resolve: Lookup = (name) => lookup(name) ?? vars[name];
  let i = 0;
  let line = 1;
  const src = text.replace(/\r\n/g, '\n');
  while (i < src.length) {
    const eol = src.indexOf('\n', i);
    const rawLine = src.slice(i, eol < 0 ? src.length : eol);
    const trimmed = rawLine.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      i = eol < 0 ? src.length : eol + 1;
      line++;
      continue;
    }
    const body = trimmed.replace(/^export\s+/, '');
    const eq = body.indexOf('=');
    const key = (eq < 0 ? body : body.slice(0, eq)).trim();
    if (!KEY.test(key)) throw invalidArgument(`failed to read ${file}: line ${line}: unexpected character in variable name "${key}"`);
    if (eq < 0) {
      const inherited = lookup(key);
      if (inherited !== undefined) vars[key] = inherited;
      i = eol < 0 ? src.length : eol + 1;
      line++;
      continue;
    }
    let start = i + rawLine.indexOf('=') + 1;
    while (src[start] === ' ' || src[start] === '\t') start++;
    const { raw, kind, end } = readValue(src, start, file, line);
    vars[key] = kind === 'single' ? raw : interpolateString(raw, { lookup: resolve }, key);
    line += src.slice(i, end).split('\n').length - 1 || 1;
    i = end;
  }
  return vars;
}

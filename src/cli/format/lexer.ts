/**
 * Tokenizer for the Go text/template subset `--format` accepts: text between
 * `{{ }}` actions, trim markers (`{{- ` / ` -}}`), comments, and inside actions
 * fields, variables, identifiers, literals, `|`, `(`, `)`, `:=`, `=` and `,`.
 */
import { TemplateError } from './errors.js';

export type TokenType =
  | 'text'
  | 'left'
  | 'right'
  | 'field'
  | 'variable'
  | 'identifier'
  | 'dot'
  | 'string'
  | 'number'
  | 'bool'
  | 'nil'
  | 'pipe'
  | 'lparen'
  | 'rparen'
  | 'declare'
  | 'assign'
  | 'comma'
  | 'eof';

export interface Token {
  type: TokenType;
  /** Decoded value: field/variable names without `.`, unquoted strings, text with trims applied. */
  value: string;
  pos: number;
}

const TRIM_SPACE = /[ \t\r\n]/;
const KEYWORD_LITERALS: Record<string, TokenType> = { true: 'bool', false: 'bool', nil: 'nil' };

function isAlnum(c: string): boolean {
  return /[\p{L}\p{N}_]/u.test(c);
}

export function lex(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let trimNextText = false;

  const pushText = (start: number, end: number, trimRight: boolean): void => {
    let text = src.slice(start, end);
    if (trimNextText) text = text.replace(/^[ \t\r\n]+/, '');
    if (trimRight) text = text.replace(/[ \t\r\n]+$/, '');
    if (text !== '') tokens.push({ type: 'text', value: text, pos: start });
  };

  while (i < src.length) {
    const open = src.indexOf('{{', i);
    if (open < 0) {
      pushText(i, src.length, false);
      break;
    }
    const trimLeft = src[open + 2] === '-' && TRIM_SPACE.test(src[open + 3] ?? '');
    pushText(i, open, trimLeft);
    trimNextText = false;
    let p = open + 2 + (trimLeft ? 2 : 0);

    if (src.startsWith('/*', p)) {
      const close = src.indexOf('*/', p + 2);
      if (close < 0) throw new TemplateError('unclosed comment', src, open);
      p = close + 2;
      const trimRight = src.startsWith(' -}}', p);
      if (!trimRight && !src.startsWith('}}', p)) throw new TemplateError('comment ends before closing delimiter', src, open);
      i = p + (trimRight ? 4 : 2);
      trimNextText = trimRight;
      continue;
    }

    tokens.push({ type: 'left', value: '{{', pos: open });
    p = lexAction(src, p, tokens);
    const trimRight = src.startsWith('-}}', p);
    i = p + (trimRight ? 3 : 2);
    tokens.push({ type: 'right', value: '}}', pos: p });
    trimNextText = trimRight;
  }
  tokens.push({ type: 'eof', value: '', pos: src.length });
  return tokens;
}

/** Lexes one action's inside from p; returns the position of its `}}` or ` -}}`'s dash. */
function lexAction(src: string, p: number, tokens: Token[]): number {
  for (;;) {
    if (p >= src.length) throw new TemplateError('unclosed action', src, p);
    const c = src[p]!;
    if (src.startsWith('}}', p)) return p;
    if (c === '-' && src.startsWith('-}}', p) && TRIM_SPACE.test(src[p - 1] ?? '')) return p;
    if (TRIM_SPACE.test(c)) {
      p++;
      continue;
    }
    const start = p;
    if (c === '|') {
      tokens.push({ type: 'pipe', value: c, pos: p++ });
    } else if (c === '(') {
      tokens.push({ type: 'lparen', value: c, pos: p++ });
    } else if (c === ')') {
      tokens.push({ type: 'rparen', value: c, pos: p++ });
    } else if (c === ',') {
      tokens.push({ type: 'comma', value: c, pos: p++ });
    } else if (src.startsWith(':=', p)) {
      tokens.push({ type: 'declare', value: ':=', pos: p });
      p += 2;
    } else if (c === '=') {
      tokens.push({ type: 'assign', value: '=', pos: p++ });
    } else if (c === '"') {
      p = lexQuoted(src, p, tokens);
    } else if (c === '`') {
      const close = src.indexOf('`', p + 1);
      if (close < 0) throw new TemplateError('unterminated raw quoted string', src, p);
      tokens.push({ type: 'string', value: src.slice(p + 1, close), pos: p });
      p = close + 1;
    } else if (c === '.' && !/[0-9]/.test(src[p + 1] ?? '')) {
      p++;
      while (p < src.length && isAlnum(src[p]!)) p++;
      const name = src.slice(start + 1, p);
      tokens.push(name === '' ? { type: 'dot', value: '.', pos: start } : { type: 'field', value: name, pos: start });
    } else if (c === '$') {
      p++;
      while (p < src.length && isAlnum(src[p]!)) p++;
      tokens.push({ type: 'variable', value: src.slice(start, p), pos: start });
    } else if (/[0-9+\-.]/.test(c)) {
      const m = /^[+-]?(0x[0-9a-fA-F_]+|[0-9_]*\.?[0-9_]+(?:[eE][+-]?[0-9]+)?)/.exec(src.slice(p));
      if (!m) throw new TemplateError(`bad number syntax: "${c}"`, src, p);
      tokens.push({ type: 'number', value: m[0], pos: p });
      p += m[0].length;
    } else if (isAlnum(c)) {
      while (p < src.length && isAlnum(src[p]!)) p++;
      const word = src.slice(start, p);
      tokens.push({ type: KEYWORD_LITERALS[word] ?? 'identifier', value: word, pos: start });
    } else {
      throw new TemplateError(`unexpected "${c}" in command`, src, p);
    }
  }
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0' };

function lexQuoted(src: string, p: number, tokens: Token[]): number {
  const start = p;
  let out = '';
  p++;
  for (;;) {
    const c = src[p];
    if (c === undefined || c === '\n') throw new TemplateError('unterminated quoted string', src, start);
    if (c === '"') break;
    if (c === '\\') {
      const e = src[p + 1] ?? '';
      if (e === 'x' || e === 'u' || e === 'U') {
        const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        const hex = src.slice(p + 2, p + 2 + len);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) throw new TemplateError('invalid syntax', src, p);
        out += String.fromCodePoint(parseInt(hex, 16));
        p += 2 + len;
        continue;
      }
      const decoded = ESCAPES[e];
      if (decoded === undefined) throw new TemplateError('invalid syntax', src, p);
      out += decoded;
      p += 2;
      continue;
    }
    out += c;
    p++;
  }
  tokens.push({ type: 'string', value: out, pos: start });
  return p + 1;
}

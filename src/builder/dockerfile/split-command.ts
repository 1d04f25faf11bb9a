/**
 * Splits one logical Dockerfile line into its instruction keyword, its leading
 * `--flag[=value]` words and the rest, as BuildKit's parser does before
 * handing the rest to the instruction's own line parser.
 */
import { isSpace, trimSpace } from './go-text.js';

/** Go's reWhitespace in the Dockerfile parser: deliberately not \n, which cannot occur in a joined line. */
export const WHITESPACE = /[\t\v\f\r ]+/;

/** Go's regexp.Split(s, n) for n > 0: at most n pieces, the last one holding the rest. */
export function splitWhitespace(s: string, n: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (out.length < n - 1) {
    const m = WHITESPACE.exec(rest);
    if (!m) break;
    out.push(rest.slice(0, m.index));
    rest = rest.slice(m.index + m[0].length);
  }
  out.push(rest);
  return out;
}

export interface SplitCommand {
  keyword: string;
  flags: string[];
  rest: string;
}

export function splitCommand(line: string, escapeToken: string): SplitCommand {
  const [keyword = '', after] = splitWhitespace(trimSpace(line), 2);
  if (after === undefined) return { keyword, flags: [], rest: '' };
  const { flags, rest } = extractFlags(after, escapeToken);
  return { keyword, flags, rest: trimSpace(rest) };
}

/**
 * Leading words that start with `--`, quotes removed and escapes applied; a bare
 * `--` ends them. Whatever follows is returned untouched. (line-parsers'
 * parseWords scans alike but keeps quotes and escapes, as BuildKit's does.)
 */
function extractFlags(line: string, escapeToken: string): { flags: string[]; rest: string } {
  const flags: string[] = [];
  let word = '';
  let quote = '';
  let inWord = false;
  let blankOk = false;
  for (let pos = 0; pos < line.length; pos++) {
    let ch = line[pos] as string;
    if (!inWord) {
      if (isSpace(ch)) continue;
      if (!line.startsWith('--', pos)) return { flags, rest: line.slice(pos) };
      inWord = true;
    }
    if (quote === '') {
      if (isSpace(ch)) {
        if (word === '--') return { flags, rest: line.slice(pos) };
        if (blankOk || word !== '') flags.push(word);
        word = '';
        blankOk = false;
        inWord = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOk = true;
        continue;
      }
    } else if (ch === quote) {
      quote = '';
      continue;
    }
    if (ch === escapeToken) {
      if (pos + 1 === line.length) {
        quote = '';
        continue; // an escape at the end of the line is dropped
      }
      ch = line[++pos] as string;
    }
    word += ch;
  }
  if (inWord && word !== '--' && (blankOk || word !== '')) flags.push(word);
  return { flags, rest: '' };
}

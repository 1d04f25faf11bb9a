/**
 * Per-instruction argument parsers of BuildKit's Dockerfile parser: they turn
 * the text after the keyword (and its flags) into a flat argument list. Quotes
 * survive here on purpose: variable expansion removes them later.
 */
import { invalidArgument } from '../../errdefs/index.js';
import { goQuote, isSpace, trimLeftSpace } from './go-text.js';
import { WHITESPACE, splitWhitespace } from './split-command.js';

export interface LineArgs {
  args: string[];
  /** The arguments came from a JSON array (exec form). */
  json: boolean;
}

const none = (): LineArgs => ({ args: [], json: false });

const NOT_STRING_ARRAY = 'when using JSON array syntax, arrays must be comprised of strings only';

/**
 * Words split at unquoted whitespace, quotes and escapes kept as written.
 * Not shared with split-command's extractFlags: BuildKit's two scanners differ
 * (that one drops quotes, applies escapes inside single quotes and stops at the
 * first non-flag word), and each copy follows its own original.
 */
export function parseWords(rest: string, escapeToken: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote = '';
  let inWord = false;
  let blankOk = false;
  const chars = [...rest];
  for (let pos = 0; pos < chars.length; pos++) {
    let ch = chars[pos] as string;
    if (!inWord) {
      if (isSpace(ch)) continue;
      inWord = true;
    }
    if (quote === '') {
      if (isSpace(ch)) {
        if (blankOk || word !== '') words.push(word);
        word = '';
        blankOk = false;
        inWord = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOk = true;
      } else if (ch === escapeToken) {
        if (pos + 1 === chars.length) continue; // an escape at the end of the line is dropped
        word += ch;
        ch = chars[++pos] as string;
      }
      word += ch;
      continue;
    }
    if (ch === quote) quote = '';
    else if (ch === escapeToken && quote !== "'") {
      // Nothing can be escaped inside single quotes.
      if (pos + 1 === chars.length) {
        quote = '';
        continue;
      }
      word += ch;
      ch = chars[++pos] as string;
    }
    word += ch;
  }
  if (inWord && (blankOk || word !== '')) words.push(word);
  return words;
}

/** ENV and LABEL: `KEY value…` (legacy) or `k=v k2="v 2"…`, as [key, value, separator] triples. */
export function parseNameVal(rest: string, keyword: 'ENV' | 'LABEL', escapeToken: string): LineArgs {
  const words = parseWords(rest, escapeToken);
  if (words.length === 0) return none();
  if (!(words[0] as string).includes('=')) {
    const parts = splitWhitespace(rest, 2);
    if (parts.length < 2) throw invalidArgument(`${keyword} must have two arguments`);
    return { args: [parts[0] as string, parts[1] as string, ''], json: false };
  }
  const args: string[] = [];
  for (const word of words) {
    const eq = word.indexOf('=');
    if (eq < 0) throw invalidArgument(`Syntax error - can't find = in ${goQuote(word)}. Must be of the form: name=value`);
    args.push(word.slice(0, eq), word.slice(eq + 1), '=');
  }
  return { args, json: false };
}

/** ARG: names with optional `=default`, split into words. */
export function parseNameOrNameVal(rest: string, escapeToken: string): LineArgs {
  return { args: parseWords(rest, escapeToken), json: false };
}

/** FROM, EXPOSE and the non-JSON forms of ADD, COPY and VOLUME. */
export function parseStringsWhitespaceDelimited(rest: string): LineArgs {
  if (rest === '') return none();
  return { args: rest.split(WHITESPACE), json: false };
}

/** MAINTAINER, STOPSIGNAL, USER, WORKDIR: the whole rest is one argument. */
export function parseString(rest: string): LineArgs {
  return rest === '' ? none() : { args: [rest], json: false };
}

/** A JSON array of strings, or undefined when `rest` is not a JSON array at all. */
function parseJSON(rest: string): LineArgs | undefined {
  const text = trimLeftSpace(rest);
  if (!text.startsWith('[')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed)) return undefined;
  if (!parsed.every((v): v is string => typeof v === 'string')) throw invalidArgument(NOT_STRING_ARRAY);
  return { args: parsed, json: true };
}

/** RUN, CMD, ENTRYPOINT, SHELL: exec form (JSON) or the whole rest as one shell-form string. */
export function parseMaybeJSON(rest: string): LineArgs {
  if (rest === '') return none();
  return parseJSON(rest) ?? { args: [rest], json: false };
}

/** ADD, COPY, VOLUME: a JSON array or whitespace-separated words. */
export function parseMaybeJSONToList(rest: string): LineArgs {
  return parseJSON(rest) ?? parseStringsWhitespaceDelimited(rest);
}

/** HEALTHCHECK: a type word (CMD, NONE…) then an optional command in either form. */
export function parseHealthConfig(rest: string): LineArgs {
  let sep = 0;
  while (sep < rest.length && !isSpace(rest[sep] as string)) sep++;
  if (sep === 0) return none();
  let next = sep;
  while (next < rest.length && isSpace(rest[next] as string)) next++;
  const cmd = parseMaybeJSON(rest.slice(next));
  return { args: [rest.slice(0, sep), ...cmd.args], json: cmd.json };
}

/**
 * The shell patterns of `${v#pat}`, `${v%pat}` and `${v/pat/repl}`: `*` and `?`
 * wildcards (no bracket expressions, as in BuildKit), matched as BuildKit does
 * through Go's regexp: linear time, so a Dockerfile's `${v//*a*a*a*b/x}`
 * cannot hold the daemon; Go's ReplaceAllString is reproduced (empty matches
 * abutting a match are skipped).
 */
import { invalidArgument } from '../../errdefs/index.js';
import { compileGoRegexp, type GoRegexp } from '../../util/re2.js';

const REGEX_SPECIALS = new Set(['[', ']', '{', '}', '.', '+', '(', ')', '|', '^', '$']);
/** Room for any pattern a Dockerfile author writes (each wildcard costs about two instructions). */
const PATTERN_PROGRAM_BUDGET = 1024;

function patternRegex(pattern: string, greedy: boolean, anchored: boolean): GoRegexp {
  const chars = [...pattern];
  let out = anchored ? '^' : '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    // Go's `.` is anything but a newline.
    if (ch === '*') out += greedy ? '.*' : '.*?';
    else if (ch === '?') out += '.';
    else if (ch === '\\') {
      const next = chars[i + 1];
      // `\}` and `\/` only keep the ${} syntax from ending: the escape is not part of the pattern.
      if (next === '}' || next === '/') continue;
      i++;
      if (next !== '*' && next !== '?' && next !== '\\') {
        throw invalidArgument(`invalid pattern (${pattern}) in substitution: invalid escape '\\${next ?? '\uFFFD'}'`);
      }
      out += '\\' + next;
    } else out += REGEX_SPECIALS.has(ch) ? '\\' + ch : ch;
  }
  return compileGoRegexp(out, PATTERN_PROGRAM_BUDGET);
}

function reverse(s: string): string {
  return [...s].reverse().join('');
}

/** Reverses a pattern keeping each `\x` escape pair in order, so a suffix search becomes a prefix search. */
function reversePattern(pattern: string): string {
  const chars = [...pattern];
  const out: string[] = new Array<string>(chars.length);
  const last = chars.length - 1;
  for (let i = 0; i <= last; ) {
    const ch = chars[i] as string;
    if (ch === '\\' && i !== last) {
      out[last - i - 1] = ch;
      out[last - i] = chars[i + 1] as string;
      i += 2;
    } else {
      out[last - i] = ch;
      i++;
    }
  }
  return out.join('');
}

/** `${v#pat}` (shortest) and `${v##pat}` (greedy). */
export function trimPrefix(pattern: string, value: string, greedy: boolean): string {
  const m = patternRegex(pattern, greedy, true).matcher(value);
  return m.find() ? value.slice(m.end()) : value;
}

/** `${v%pat}` (shortest) and `${v%%pat}` (greedy). */
export function trimSuffix(pattern: string, value: string, greedy: boolean): string {
  return reverse(trimPrefix(reversePattern(pattern), reverse(value), greedy));
}

/** `${v/pat/repl}` replaces the first match literally; `${v//pat/repl}` every match, expanding `$0` as Go's ReplaceAllString does. */
export function replacePattern(pattern: string, value: string, replacement: string, all: boolean): string {
  const m = patternRegex(pattern, true, false).matcher(value);
  if (!all) return m.find() ? value.slice(0, m.start()) + replacement + value.slice(m.end()) : value;
  let out = '';
  let lastEnd = 0;
  let searchPos = 0;
  while (searchPos <= value.length) {
    if (!m.find(searchPos)) break;
    const start = m.start();
    const end = m.end();
    out += value.slice(lastEnd, start);
    // An empty match right after a match is not replaced again.
    if (end > lastEnd || start === 0) out += expandTemplate(replacement, value.slice(start, end));
    lastEnd = end;
    const width = searchPos < value.length ? ((value.codePointAt(searchPos) as number) > 0xffff ? 2 : 1) : 0;
    if (searchPos + width > end) searchPos += width;
    else if (searchPos + 1 > end) searchPos++;
    else searchPos = end;
  }
  return out + value.slice(lastEnd);
}

/** Go's Regexp.Expand for a regexp with no groups: `$0`/`${0}` is the match, `$$` a dollar, other names nothing. */
function expandTemplate(template: string, match: string): string {
  let out = '';
  let rest = template;
  for (;;) {
    const i = rest.indexOf('$');
    if (i < 0) break;
    out += rest.slice(0, i);
    rest = rest.slice(i + 1);
    if (rest.startsWith('$')) {
      out += '$';
      rest = rest.slice(1);
      continue;
    }
    const ref = /^(?:\{([\p{L}\p{Nd}_]+)\}|([\p{L}\p{Nd}_]+))/u.exec(rest);
    if (!ref) {
      out += '$';
      continue;
    }
    rest = rest.slice(ref[0].length);
    if ((ref[1] ?? ref[2]) === '0') out += match;
  }
  return out + rest;
}

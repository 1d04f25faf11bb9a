/**
 * Go's path.Match (filepath.Match on Linux): Docker matches image reference
 * filters, COPY wildcards and .dockerignore validity with it. Go's algorithm
 * is kept because it never backtracks past the last `*`: the work is at most
 * the pattern's length times the name's, whatever either holds, so a hostile
 * pattern cannot hold the daemon.
 */
import { invalidArgument } from '../errdefs/index.js';

const badPattern = () => invalidArgument('syntax error in pattern');

/** Splits off leading stars and the chunk up to the next star outside a [class]. */
function scanChunk(pattern: string[], start: number): { star: boolean; chunk: string[]; next: number } {
  let i = start;
  let star = false;
  while (pattern[i] === '*') {
    i++;
    star = true;
  }
  const chunkStart = i;
  let inRange = false;
  for (; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      if (i + 1 < pattern.length) i++;
    } else if (c === '[') inRange = true;
    else if (c === ']') inRange = false;
    else if (c === '*' && !inRange) break;
  }
  return { star, chunk: pattern.slice(chunkStart, i), next: i };
}

/** A class bound: one character, escapes allowed; '-' and ']' must be escaped. */
function classChar(chunk: string[], i: number): { ch: string; next: number } {
  let c = chunk[i];
  if (c === undefined || c === '-' || c === ']') throw badPattern();
  if (c === '\\') {
    i++;
    c = chunk[i];
    if (c === undefined) throw badPattern();
  }
  if (i + 1 >= chunk.length) throw badPattern();
  return { ch: c, next: i + 1 };
}

/**
 * Matches one chunk at the start of `s` (from `si`); returns where the rest of
 * `s` starts, or -1. Keeps scanning a failed chunk to report a malformed pattern.
 */
function matchChunk(chunk: string[], s: string[], si: number): number {
  let failed = false;
  let ci = 0;
  while (ci < chunk.length) {
    if (!failed && si >= s.length) failed = true;
    const c = chunk[ci] as string;
    if (c === '[') {
      const r = failed ? '' : (s[si++] as string);
      ci++;
      const negated = chunk[ci] === '^';
      if (negated) ci++;
      let match = false;
      for (let n = 0; ; n++) {
        if (chunk[ci] === ']' && n > 0) {
          ci++;
          break;
        }
        const lo = classChar(chunk, ci);
        let hi = lo;
        if (chunk[lo.next] === '-') hi = classChar(chunk, lo.next + 1);
        ci = hi.next;
        if (!failed && (lo.ch.codePointAt(0) as number) <= (r.codePointAt(0) as number) && (r.codePointAt(0) as number) <= (hi.ch.codePointAt(0) as number)) match = true;
      }
      if (match === negated) failed = true;
    } else if (c === '?') {
      if (!failed && s[si++] === '/') failed = true;
      ci++;
    } else {
      let lit = c;
      if (c === '\\') {
        ci++;
        if (ci >= chunk.length) throw badPattern();
        lit = chunk[ci] as string;
      }
      if (!failed && s[si++] !== lit) failed = true;
      ci++;
    }
  }
  return failed ? -1 : si;
}

/** filepath.Match: `*` and `?` never match '/'; `[...]`/`[^...]` classes; `\` escapes. Throws on a malformed pattern. */
export function pathMatch(pattern: string, name: string): boolean {
  const p = [...pattern];
  const s = [...name];
  let pi = 0;
  let si = 0;
  outer: while (pi < p.length) {
    const { star, chunk, next } = scanChunk(p, pi);
    pi = next;
    if (star && chunk.length === 0) return !s.slice(si).includes('/');
    const t = matchChunk(chunk, s, si);
    // The last chunk must consume the whole name.
    if (t >= 0 && (t === s.length || pi < p.length)) {
      si = t;
      continue;
    }
    if (star) {
      for (let i = si; i < s.length && s[i] !== '/'; i++) {
        const t2 = matchChunk(chunk, s, i + 1);
        if (t2 >= 0) {
          if (pi >= p.length && t2 < s.length) continue;
          si = t2;
          continue outer;
        }
      }
    }
    // No match: still report a malformed remainder of the pattern.
    while (pi < p.length) {
      const rest = scanChunk(p, pi);
      pi = rest.next;
      matchChunk(rest.chunk, [], 0);
    }
    return false;
  }
  return si === s.length;
}

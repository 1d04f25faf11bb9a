/**
 * Go's regexp for patterns that users send (filter values, .dockerignore
 * lines): RE2 syntax and semantics through re2js, which matches in time
 * linear in the input, never backtracking. JavaScript's RegExp would both
 * read the pattern differently (lookahead, backreferences) and let
 * `^(a+)+b` hold the event loop for seconds.
 *
 * Linear is not yet cheap: re2js compiles at a few microseconds per program
 * instruction and matches in time proportional to input × program size, and
 * a counted repetition (`a{1000}`) multiplies the program. So a pattern whose
 * program would exceed a budget is refused before it is compiled, with Go's
 * own "expression too large" (Go's limit is far higher; no name filter or
 * ignore line comes near this one).
 */
import { RE2JS, RE2JSException } from 're2js';
import { invalidArgument } from '../errdefs/index.js';

export type GoRegexp = RE2JS;

/** Enough for any filter a person writes (`^/?web-[0-9]+$` is about 20). */
export const FILTER_PROGRAM_BUDGET = 256;

/** regexp.Compile: throws invalid-argument with Go's message (`error parsing regexp: …`). */
export function compileGoRegexp(pattern: string, budget = FILTER_PROGRAM_BUDGET): GoRegexp {
  if (programSizeBound(pattern) > budget) throw invalidArgument('error parsing regexp: expression too large');
  try {
    return RE2JS.compile(pattern);
  } catch (err) {
    if (err instanceof RE2JSException) throw invalidArgument(err.message, err);
    throw err;
  }
}

/**
 * Docker's filters.Args.Match: a value that is not a valid expression matches
 * nothing (dockerd answers 200, skipping it). Compiled once per value.
 */
export class RegexpFilter {
  private readonly compiled = new Map<string, GoRegexp | undefined>();

  /** Exactly one of the values, or any of them matching somewhere in `source`. */
  matches(values: Iterable<string>, source: string): boolean {
    for (const v of values) {
      if (v === source) return true;
      if (this.regexp(v)?.test(source)) return true;
    }
    return false;
  }

  private regexp(pattern: string): GoRegexp | undefined {
    if (!this.compiled.has(pattern)) {
      let re: GoRegexp | undefined;
      try {
        re = compileGoRegexp(pattern);
      } catch {
        re = undefined;
      }
      this.compiled.set(pattern, re);
    }
    return this.compiled.get(pattern);
  }
}

/**
 * An upper bound of the program size, from the text alone: every character
 * costs one instruction (two for a group's parentheses), times the counts of
 * the repetitions `{n}`, `{n,}`, `{n,m}` around it (`*`, `+`, `?` add one).
 * Overestimates are fine; the point is never to compile something large to
 * find out that it is.
 */
export function programSizeBound(pattern: string): number {
  let i = 0;
  const sequence = (depth: number): number => {
    // Go refuses nesting deeper than 1000 too; stop before the stack would.
    if (depth > 1000) return Infinity;
    let total = 0;
    while (i < pattern.length && pattern[i] !== ')') {
      const start = i;
      let cost: number;
      if (pattern[i] === '(') {
        i++;
        cost = sequence(depth + 1) + 2;
        if (pattern[i] === ')') i++;
      } else {
        skipAtom();
        cost = i - start;
      }
      const [count, extra] = repetition();
      total += cost * count + extra;
    }
    return total;
  };
  const skipAtom = (): void => {
    if (pattern.startsWith('\\Q', i)) {
      const end = pattern.indexOf('\\E', i + 2);
      i = end < 0 ? pattern.length : end + 2;
    } else if (pattern[i] === '\\') {
      i += 2;
      // `\pN`, `\p{Greek}`, `\x{263a}`: the braces belong to the escape.
      if (pattern[i] === '{') skipTo('}');
      else if (pattern[i - 1] === 'p' || pattern[i - 1] === 'P') i++;
    } else if (pattern[i] === '[') {
      i++;
      if (pattern[i] === '^') i++;
      if (pattern[i] === ']') i++;
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' || pattern.startsWith('[:', i) ? 2 : 1;
      i++;
    } else i++;
  };
  const skipTo = (ch: string): void => {
    const end = pattern.indexOf(ch, i);
    i = end < 0 ? pattern.length : end + 1;
  };
  /** The product of the counted repetitions after an atom, and one branch per `*`, `+`, `?`. */
  const repetition = (): [number, number] => {
    let count = 1;
    let extra = 0;
    for (;;) {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i, i + 16));
      if (m) {
        i += m[0].length;
        count *= Math.min(Math.max(Number(m[1]), Number(m[3] || 0)) + (m[2] !== undefined && !m[3] ? 1 : 0), 1001);
      } else if (pattern[i] === '*' || pattern[i] === '+' || pattern[i] === '?') {
        i++;
        extra++;
      } else return [count, extra];
      if (pattern[i] === '?') i++;
    }
  };
  let total = 0;
  // A stray `)` is a syntax error for the compiler to report; keep counting past it.
  while (i < pattern.length) {
    total += sequence(0);
    i++;
  }
  return total;
}

/**
 * `.dockerignore` with Docker's exact semantics (moby/patternmatcher and its
 * ignorefile reader): patterns are cleaned like Go's filepath.Clean with a
 * leading `/` dropped; `*` and `?` stop at `/`, `**` spans any number of
 * directories; a pattern matching a directory matches everything below it;
 * `!` re-includes; the last matching pattern wins.
 *
 * @balena/dockerignore was considered: it implements the deprecated
 * single-parent `Matches` with its own `**` twist, not the parent-tracking walk
 * Docker's context tar uses, so it disagrees with Docker on nested paths.
 */
import { invalidArgument } from '../../errdefs/index.js';
import { compileGoRegexp, type GoRegexp } from '../../util/re2.js';
import { trimSpace } from '../dockerfile/go-text.js';
import { pathMatch } from '../../util/glob.js';
import { cleanPath } from './go-path.js';

/** ignorefile.ReadAll: the patterns of a .dockerignore file. */
export function readDockerignore(text: string): string[] {
  const out: string[] = [];
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  for (const line of body.split('\n')) {
    // Only a '#' in the very first column starts a comment.
    if (line.startsWith('#')) continue;
    let pattern = trimSpace(line.replace(/\r$/, ''));
    if (pattern === '') continue;
    const invert = pattern.startsWith('!');
    if (invert) pattern = trimSpace(pattern.slice(1));
    if (pattern !== '') {
      pattern = cleanPath(pattern);
      if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
    }
    out.push(invert ? '!' + pattern : pattern);
  }
  return out;
}

type MatchKind = 'exact' | 'prefix' | 'suffix' | 'regexp';

const ESCAPED = new Set(['.', '+', '(', ')', '|', '{', '}', '$']);
/**
 * Patterns come with the build context, so the daemon matches what a client
 * wrote: Go's regexp (linear time) with room for any path a pattern names.
 */
const PATTERN_PROGRAM_BUDGET = 4096;

export class Pattern {
  readonly exclusion: boolean;
  /** The cleaned pattern, without its `!`. */
  readonly cleaned: string;
  private kind: MatchKind = 'exact';
  private regexp?: GoRegexp;

  constructor(raw: string) {
    let p = cleanPath(trimSpace(raw));
    this.exclusion = p.startsWith('!');
    if (this.exclusion) {
      if (p.length === 1) throw invalidArgument('illegal exclusion pattern: "!"');
      p = p.slice(1);
    }
    // Validity is judged by filepath.Match, as Docker does.
    pathMatch(p, '.');
    this.cleaned = p;
    this.compile();
  }

  /** patternmatcher's compile: plain patterns compare as strings, the rest become a regular expression. */
  private compile(): void {
    let re = '^';
    let kind: MatchKind = 'exact';
    const chars = [...this.cleaned];
    for (let i = 0, token = 0; i < chars.length; i++, token++) {
      const ch = chars[i] as string;
      if (ch === '*' && chars[i + 1] === '*') {
        i++;
        if (chars[i + 1] === '/') i++; // `**/` is `**`
        if (i + 1 < chars.length) {
          re += '(.*/)?';
          kind = 'regexp';
        } else if (kind === 'exact') kind = 'prefix'; // a trailing `**` accepts anything, as in .gitignore
        else {
          re += '.*';
          kind = 'regexp';
        }
        if (token === 0) kind = 'suffix';
      } else if (ch === '*') {
        re += '[^/]*';
        kind = 'regexp';
      } else if (ch === '?') {
        re += '[^/]';
        kind = 'regexp';
      } else if (ESCAPED.has(ch)) re += '\\' + ch;
      else if (ch === '\\') {
        const next = chars[i + 1];
        // A trailing backslash stays, escaping whatever the expression puts after it (Go does the same).
        if (next === undefined) re += '\\';
        else {
          i++;
          re += '\\' + next;
          kind = 'regexp';
        }
      } else if (ch === '[' || ch === ']') {
        re += ch;
        kind = 'regexp';
      } else re += ch;
    }
    this.kind = kind;
    if (kind !== 'regexp') return;
    try {
      this.regexp = compileGoRegexp(re + '$', PATTERN_PROGRAM_BUDGET);
    } catch (err) {
      throw invalidArgument('syntax error in pattern', err);
    }
  }

  matches(path: string): boolean {
    switch (this.kind) {
      case 'exact':
        return path === this.cleaned;
      case 'prefix':
        return path.startsWith(this.cleaned.slice(0, -2));
      case 'suffix': {
        const suffix = this.cleaned.slice(2);
        return path.endsWith(suffix) || (suffix.startsWith('/') && path === suffix.slice(1));
      }
      case 'regexp':
        return (this.regexp as GoRegexp).test(path);
    }
  }
}

/** Per-pattern results for a directory, handed to its children (patternmatcher.MatchInfo). */
export type ParentMatches = readonly boolean[];

/** The parent directories of a path, outermost first, as Docker derives them (via filepath.Dir). */
function parentsOf(file: string): string[] {
  const dir = cleanPath(file.slice(0, file.lastIndexOf('/') + 1));
  if (dir === '.') return [];
  const parts = dir.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

export class PatternMatcher {
  readonly patterns: Pattern[];
  /** Some pattern is a `!` exception. */
  readonly hasExclusions: boolean;

  constructor(patterns: readonly string[]) {
    this.patterns = patterns.filter((p) => trimSpace(p) !== '').map((p) => new Pattern(p));
    this.hasExclusions = this.patterns.some((p) => p.exclusion);
  }

  /** MatchesOrParentMatches: excluded when the path or one of its parent directories matches. */
  excludes(path: string): boolean {
    const file = cleanPath(path);
    // The context root itself is never excluded.
    if (file === '.') return false;
    const parents = parentsOf(file);
    let matched = false;
    for (const p of this.patterns) {
      // An include can only change an unmatched path, an exception only a matched one.
      if (p.exclusion !== matched) continue;
      if (p.matches(file) || parents.some((d) => p.matches(d))) matched = !p.exclusion;
    }
    return matched;
  }

  /**
   * The deprecated `Matches`, which checks only the parent as deep as the
   * pattern: the Docker CLI still uses it to decide whether Dockerfile and
   * .dockerignore need re-including.
   */
  matchesLegacy(path: string): boolean {
    const file = cleanPath(path);
    if (file === '.') return false;
    const parent = parentsOf(file).pop()?.split('/') ?? [];
    let matched = false;
    for (const p of this.patterns) {
      if (p.exclusion !== matched) continue;
      let match = p.matches(file);
      const depth = p.cleaned.split('/').length;
      if (!match && parent.length > 0 && depth <= parent.length) match = p.matches(parent.slice(0, depth).join('/'));
      if (match) matched = !p.exclusion;
    }
    return matched;
  }

  /** MatchesUsingParentResults: the walk form, reusing the parent directory's per-pattern results. */
  excludesInWalk(file: string, parent?: ParentMatches): { excluded: boolean; info: ParentMatches } {
    const info: boolean[] = new Array<boolean>(this.patterns.length).fill(false);
    const parents = parent ? [] : parentsOf(file);
    let matched = false;
    this.patterns.forEach((p, i) => {
      let match = parent?.[i] ?? false;
      if (!match) {
        if (p.exclusion !== matched) return;
        match = p.matches(file) || parents.some((d) => p.matches(d));
      }
      info[i] = match;
      if (match) matched = !p.exclusion;
    });
    return { excluded: matched, info };
  }

  /** Whether an exception pattern names something inside `dir`, so an excluded dir must still be walked. */
  exceptionInside(dir: string): boolean {
    const prefix = dir + '/';
    return this.patterns.some((p) => p.exclusion && (p.cleaned + '/').startsWith(prefix));
  }
}

/** The matcher for a .dockerignore file's text. */
export function ignoreMatcher(text: string): PatternMatcher {
  return new PatternMatcher(readDockerignore(text));
}

/**
 * The patterns the client applies when sending a context: the Dockerfile and
 * .dockerignore are re-included even if ignored, since the daemon needs them
 * (it drops them itself afterwards if they were ignored).
 */
export function contextPatterns(patterns: readonly string[], dockerfile = 'Dockerfile'): string[] {
  const pm = new PatternMatcher(patterns);
  const out = [...patterns];
  if (pm.matchesLegacy('.dockerignore')) out.push('!.dockerignore');
  const df = cleanPath(dockerfile);
  if (pm.matchesLegacy(df)) out.push('!' + df);
  return out;
}

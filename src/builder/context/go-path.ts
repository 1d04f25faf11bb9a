/**
 * Go's path/filepath Clean on Linux, reproduced exactly: Docker cleans
 * .dockerignore patterns and COPY sources with it, and users see the
 * difference at the edges. Matching is util/glob's pathMatch.
 */

/** filepath.Clean: the shortest equivalent path, purely lexical. */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part !== '..') out.push(part);
    else if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (!rooted) out.push('..');
  }
  const joined = out.join('/');
  if (rooted) return '/' + joined;
  return joined === '' ? '.' : joined;
}

/** Whether a COPY source uses wildcards (`*`, `?`, `[`), escapes skipped. */
export function hasWildcards(p: string): boolean {
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?' || c === '[') return true;
  }
  return false;
}

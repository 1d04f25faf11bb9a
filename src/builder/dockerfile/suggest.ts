/**
 * Docker's "did you mean X?" hints: the closest option within an edit distance
 * of 2, in the casing the user typed when matching case-insensitively.
 */
export function withSuggestion(message: string, value: string, options: readonly string[], caseSensitive: boolean): string {
  const match = closest(value, options, caseSensitive);
  return match === undefined ? message : `${message} (did you mean ${match}?)`;
}

function closest(value: string, options: readonly string[], caseSensitive: boolean): string | undefined {
  const val = caseSensitive ? value : value.toLowerCase();
  let best: string | undefined;
  let min = 3;
  // Sorted so ties resolve the same way every time (Go iterates a map here).
  for (const raw of [...options].sort()) {
    const opt = caseSensitive ? raw : raw.toLowerCase();
    if (opt === val) return undefined;
    const d = distance(val, opt);
    if (d < min) {
      min = d;
      best = caseSensitive ? opt : matchCase(opt, value);
    }
  }
  return best;
}

function matchCase(opt: string, typed: string): string {
  if (typed === typed.toLowerCase()) return opt.toLowerCase();
  if (typed === typed.toUpperCase()) return opt.toUpperCase();
  return opt;
}

function distance(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
    }
    prev = cur;
  }
  return prev[t.length] as number;
}

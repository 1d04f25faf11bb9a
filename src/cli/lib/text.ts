/** Text helpers for tables: docker's Ellipsis (display width, `…`) and label lists. */

const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u;

const charWidth = (c: string): number => (WIDE.test(c) ? 2 : 1);

/** Truncates s to maxWidth display columns, the last one being `…`. */
export function ellipsis(s: string, maxWidth: number): string {
  if (maxWidth <= 0) return '';
  const chars = [...s];
  if (maxWidth === 1) return chars[0] ?? '';
  const widths = chars.map(charWidth);
  if (widths.reduce((a, b) => a + b, 0) <= maxWidth) return s;
  let used = 0;
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    if (used + widths[i]! > maxWidth - 1) break;
    used += widths[i]!;
    out += chars[i];
  }
  return out + '…';
}

/** `k=v` pairs sorted and joined with commas: the Labels column of `ps` and `volume ls`. */
export function sortedLabels(labels: Readonly<Record<string, string>> | null | undefined): string {
  return Object.entries(labels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .sort()
    .join(',');
}

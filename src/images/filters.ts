/** Docker's image filter vocabulary (`dangling`, `label`, `reference`, `until` …), shared by list and prune. */
import type { Filters } from '../apitypes/containers.js';
import { invalidArgument } from '../errdefs/index.js';
import { familiarName, familiarString, parseStoredReference } from '../oci/reference.js';
import { pathMatch } from '../util/glob.js';

export function checkFilterKeys(filters: Filters, allowed: string[]): void {
  for (const key of Object.keys(filters)) {
    if (!allowed.includes(key)) throw invalidArgument(`invalid filter '${key}'`);
  }
}

/** undefined when the filter is absent. */
export function danglingFilter(filters: Filters): boolean | undefined {
  const values = filters.dangling;
  if (!values || values.length === 0) return undefined;
  const v = values[values.length - 1].toLowerCase();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw invalidArgument(`invalid filter 'dangling=${values[values.length - 1]}'`);
}

/** `label=k`, `label=k=v` must all match; `label!=…` must all not match. */
export function labelsMatch(filters: Filters, labels: Record<string, string> | null | undefined): boolean {
  const has = (expr: string): boolean => {
    const eq = expr.indexOf('=');
    if (eq === -1) return labels?.[expr] !== undefined;
    return labels?.[expr.slice(0, eq)] === expr.slice(eq + 1);
  };
  return (filters.label ?? []).every(has) && !(filters['label!'] ?? []).some(has);
}

/**
 * Docker's FamiliarMatch: the pattern against `name:tag`, then against the name
 * alone, with Go's path.Match (a malformed pattern is `syntax error in pattern`).
 */
export function referenceMatches(patterns: string[], fullRef: string): boolean {
  const ref = parseStoredReference(fullRef);
  return patterns.some((p) => pathMatch(p, familiarString(ref)) || pathMatch(p, familiarName(ref)));
}

/**
 * Docker's timestamp forms for `until`/`since`: RFC 3339 (or a date), Unix
 * seconds with optional fraction, or a Go duration before now (`24h`, `90m`).
 * Returns milliseconds.
 */
export function parseTimestamp(value: string, now = Date.now()): number {
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const dur = /^(\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/.test(value) ? goDuration(value) : undefined;
  if (dur !== undefined) return now - dur;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw invalidArgument(`failed to parse value as time or duration: "${value}"`);
  return t;
}

function goDuration(s: string): number {
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) total += Number(m[1]) * unit[m[2]];
  return total;
}

export function untilMatches(filters: Filters, createdMs: number): boolean {
  return (filters.until ?? []).every((v) => createdMs < parseTimestamp(v));
}

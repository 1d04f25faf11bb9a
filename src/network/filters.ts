/**
 * `GET /networks?filters=` and `POST /networks/prune?filters=`, as moby's
 * daemon/network/filter.go matches them: values are exact or a regular
 * expression (name, id), labels `key` or `key=value`.
 */
import type { Filters } from '../apitypes/containers.js';
import { invalidArgument } from '../errdefs/index.js';
import { RegexpFilter } from '../util/re2.js';
import type { NetworkRecord } from './types.js';

const LIST_KEYS = new Set(['dangling', 'driver', 'id', 'label', 'name', 'scope', 'type']);
const PRUNE_KEYS = new Set(['label', 'label!', 'until']);

function validate(filters: Filters, allowed: Set<string>): void {
  for (const key of Object.keys(filters)) if (!allowed.has(key)) throw invalidArgument(`invalid filter '${key}'`);
}

function labelMatches(values: readonly string[], labels: Record<string, string>): boolean {
  return values.every((v) => {
    const eq = v.indexOf('=');
    if (eq < 0) return v in labels;
    return labels[v.slice(0, eq)] === v.slice(eq + 1);
  });
}

function boolFilter(key: string, values: readonly string[]): boolean {
  const v = values[0]?.toLowerCase() ?? '';
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw invalidArgument(`Invalid filter '${key}=${values[0] ?? ''}'`);
}

export function listFilter(filters: Filters | undefined, endpointCount: (networkId: string) => number): (n: NetworkRecord) => boolean {
  const f = filters ?? {};
  validate(f, LIST_KEYS);
  for (const t of f.type ?? []) if (t !== 'custom' && t !== 'builtin') throw invalidArgument(`invalid filter: 'type'='${t}'`);
  const dangling = f.dangling?.length ? boolFilter('dangling', f.dangling) : undefined;
  // moby's filters.Args.Match: any value equal to, or matching as a regexp, the field.
  const regexps = new RegexpFilter();
  return (n) => {
    if (f.name?.length && !regexps.matches(f.name, n.name)) return false;
    if (f.id?.length && !regexps.matches(f.id, n.id)) return false;
    if (f.driver?.length && !f.driver.includes(n.driver)) return false;
    if (f.scope?.length && !f.scope.includes('local')) return false;
    if (f.label?.length && !labelMatches(f.label, n.labels)) return false;
    if (f.type?.length && !f.type.includes(n.builtin ? 'builtin' : 'custom')) return false;
    // Dangling: user-defined and unused; the predefined networks never are.
    if (dangling !== undefined && dangling !== (!n.builtin && endpointCount(n.id) === 0)) return false;
    return true;
  };
}

/** `until` is a Unix timestamp or an RFC 3339 date (Go durations are the CLI's to convert). */
function untilMs(v: string): number {
  const n = Number(v);
  const ms = Number.isFinite(n) ? n * 1000 : Date.parse(v);
  if (Number.isNaN(ms)) throw invalidArgument(`invalid filter 'until=${v}'`);
  return ms;
}

export function pruneFilter(filters: Filters | undefined): (n: NetworkRecord) => boolean {
  const f = filters ?? {};
  validate(f, PRUNE_KEYS);
  const until = f.until?.length ? Math.min(...f.until.map(untilMs)) : undefined;
  return (n) => {
    if (until !== undefined && Date.parse(n.created) >= until) return false;
    if (f.label?.length && !labelMatches(f.label, n.labels)) return false;
    if (f['label!']?.length && f['label!'].some((v) => labelMatches([v], n.labels))) return false;
    return true;
  };
}

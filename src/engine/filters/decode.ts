/** The `filters=` query parameter's JSON, in both shapes Docker accepts. */
import type { Filters } from '../../apitypes/containers.js';
import { invalidArgument } from '../../errdefs/index.js';

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `{"key":{"value":true}}` (what clients send today) or the legacy
 * `{"key":["value"]}`; empty or `null` means no filters. Anything else is
 * Docker's `invalid filter`.
 */
export function decodeFilters(raw: string): Filters {
  if (raw === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalidArgument('invalid filter');
  }
  if (parsed === null) return {};
  if (!isPlainObject(parsed)) throw invalidArgument('invalid filter');
  const values = Object.values(parsed);
  const filters: Filters = {};
  if (values.every((v) => isPlainObject(v) && Object.values(v).every((b) => typeof b === 'boolean'))) {
    for (const [key, set] of Object.entries(parsed as Record<string, Record<string, boolean>>)) filters[key] = Object.keys(set);
    return filters;
  }
  if (values.every((v) => Array.isArray(v) && v.every((s) => typeof s === 'string'))) {
    for (const [key, list] of Object.entries(parsed as Record<string, string[]>)) filters[key] = [...new Set(list)];
    return filters;
  }
  throw invalidArgument('invalid filter');
}

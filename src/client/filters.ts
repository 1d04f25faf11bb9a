/**
 * The `filters` query parameter as the docker CLI sends it:
 * `{"key":{"value":true}}` (the daemon also reads the older `{"key":["value"]}`).
 */
import type { Filters } from '../apitypes/containers.js';

export function encodeFilters(filters: Filters | undefined): string | undefined {
  if (!filters || Object.keys(filters).length === 0) return undefined;
  const wire: Record<string, Record<string, boolean>> = {};
  for (const [key, values] of Object.entries(filters)) {
    wire[key] = Object.fromEntries(values.map((v) => [v, true]));
  }
  return JSON.stringify(wire);
}

/** `--filter key=value` flags (repeatable) as the filters map the API takes. */
import { invalidArgument } from '../../errdefs/index.js';
import type { Filters } from '../../apitypes/containers.js';

export function parseFilterFlags(values: readonly string[]): Filters {
  const filters: Filters = {};
  for (const raw of values) {
    const eq = raw.indexOf('=');
    if (eq < 0) throw invalidArgument('bad format of filter (expected name=value)');
    const key = raw.slice(0, eq).trim().toLowerCase();
    const value = raw.slice(eq + 1).trim();
    (filters[key] ??= []).push(value);
  }
  return filters;
}

/** Image filter values (`dangling`, `reference`) as Docker's image list and prune read them. */
import type { Filters } from '../../apitypes/containers.js';
import { invalidArgument } from '../../errdefs/index.js';
import { familiarName, familiarString, parseStoredReference } from '../../oci/reference.js';
import { pathMatch } from '../../util/glob.js';

/** undefined when the filter is absent. */
export function danglingFilter(filters: Filters): boolean | undefined {
  const values = filters.dangling;
  if (!values || values.length === 0) return undefined;
  const v = values[values.length - 1].toLowerCase();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw invalidArgument(`invalid filter 'dangling=${values[values.length - 1]}'`);
}

/**
 * Docker's FamiliarMatch: the pattern against `name:tag`, then against the name
 * alone, with Go's path.Match (a malformed pattern is `syntax error in pattern`).
 */
export function referenceMatches(patterns: string[], fullRef: string): boolean {
  const ref = parseStoredReference(fullRef);
  return patterns.some((p) => pathMatch(p, familiarString(ref)) || pathMatch(p, familiarName(ref)));
}

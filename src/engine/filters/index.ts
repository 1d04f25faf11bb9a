/**
 * Docker's `filters=` semantics, once for every engine service: each service
 * validates its own accepted keys and reads the shared predicates.
 */
export { FilterArgs } from './args.js';
export { decodeFilters } from './decode.js';
export { danglingFilter, referenceMatches } from './images.js';
export { parseTimestamp } from './time.js';

/**
 * `GET /networks?filters=` and `POST /networks/prune?filters=`, as moby's
 * daemon/network/filter.go matches them: name and id exact or a regular
 * expression, labels `key` or `key=value`, `until` a timestamp or a duration.
 */
import type { Filters } from '../../apitypes/containers.js';
import { invalidArgument } from '../../errdefs/index.js';
import type { NetworkRecord } from '../../network/index.js';
import { FilterArgs } from '../filters/index.js';

const LIST_KEYS = ['dangling', 'driver', 'id', 'label', 'name', 'scope', 'type'];
const PRUNE_KEYS = ['label', 'label!', 'until'];

/** The first value decides; anything but 1/true/0/false is refused (the network list's own message). */
function boolFilter(key: string, values: readonly string[]): boolean {
  const v = values[0]?.toLowerCase() ?? '';
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw invalidArgument(`Invalid filter '${key}=${values[0] ?? ''}'`);
}

export function listFilter(filters: Filters | undefined, endpointCount: (networkId: string) => number): (n: NetworkRecord) => boolean {
  const f = new FilterArgs(filters).validate(LIST_KEYS);
  for (const t of f.get('type')) if (t !== 'custom' && t !== 'builtin') throw invalidArgument(`invalid filter: 'type'='${t}'`);
  const dangling = f.contains('dangling') ? boolFilter('dangling', f.get('dangling')) : undefined;
  return (n) =>
    f.match('name', n.name) &&
    f.match('id', n.id) &&
    f.exactMatch('driver', n.driver) &&
    f.exactMatch('scope', 'local') &&
    f.matchKVList('label', n.labels) &&
    f.exactMatch('type', n.builtin ? 'builtin' : 'custom') &&
    // Dangling: user-defined and unused; the predefined networks never are.
    (dangling === undefined || dangling === (!n.builtin && endpointCount(n.id) === 0));
}

export function pruneFilter(filters: Filters | undefined): (n: NetworkRecord) => boolean {
  const f = new FilterArgs(filters).validate(PRUNE_KEYS);
  const until = f.until();
  return (n) => until(Date.parse(n.created)) && f.matchLabels(n.labels);
}

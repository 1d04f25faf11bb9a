/**
 * Which events a `GET /events?filters=` subscriber sees, with Docker's rules:
 * ids and names match by prefix, `image` also matches the repository without
 * its tag, and `exec_create`/`exec_start`/`health_status` match the longer
 * actions (`exec_start: sh -c …`) they begin.
 */
import type { EventMessage } from '../../apitypes/system.js';
import type { Filters } from '../../apitypes/containers.js';
import { FilterArgs } from '../filters/index.js';

const ACCEPTED = ['config', 'container', 'daemon', 'event', 'image', 'label', 'network', 'node', 'plugin', 'scope', 'secret', 'service', 'type', 'volume'] as const;
const NAMED_TYPES = ['config', 'container', 'daemon', 'network', 'node', 'plugin', 'secret', 'service', 'volume'] as const;
const PREFIX_ACTIONS = new Set(['exec_create', 'exec_start', 'health_status']);

export type EventPredicate = (ev: EventMessage) => boolean;

/** Validates eagerly so a bad filter is a 400 before the stream starts. */
export function eventFilter(filters: Filters | undefined): EventPredicate {
  const args = new FilterArgs(filters).validate(ACCEPTED);
  const fuzzyAction = args.get('event').some((v) => PREFIX_ACTIONS.has(v));
  return (ev) =>
    (fuzzyAction ? args.fuzzyMatch('event', ev.Action) : args.exactMatch('event', ev.Action)) &&
    args.exactMatch('type', ev.Type) &&
    args.exactMatch('scope', ev.scope) &&
    NAMED_TYPES.every((t) => args.fuzzyMatch(t, ev.Actor.ID) || args.fuzzyMatch(t, ev.Actor.Attributes['name'] ?? '')) &&
    matchImage(args, ev) &&
    args.matchKVList('label', ev.Actor.Attributes);
}

function matchImage(args: FilterArgs, ev: EventMessage): boolean {
  const name = ev.Actor.Attributes[ev.Type === 'image' ? 'name' : 'image'] ?? '';
  const id = ev.Actor.ID;
  return args.exactMatch('image', id) || args.exactMatch('image', name) || args.exactMatch('image', stripTag(id)) || args.exactMatch('image', stripTag(name));
}

/** `docker.io/library/busybox:1.36` → `busybox`; leaves ids and unparsable text alone. */
export function stripTag(image: string): string {
  let name = image;
  const at = name.indexOf('@');
  if (at >= 0) name = name.slice(0, at);
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) name = name.slice(0, colon);
  if (name.startsWith('docker.io/')) name = name.slice('docker.io/'.length);
  if (name.startsWith('library/') && name.indexOf('/', 'library/'.length) < 0) name = name.slice('library/'.length);
  return name;
}

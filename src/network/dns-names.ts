/**
 * What the embedded DNS server knows: the names of containers sharing a user
 * network with the one asking — container name, aliases, short id and
 * `<name>.<network>` — answered from the networks the asker is on, the network
 * it asked through first; the asker's own link aliases (`--link` on a user
 * network) name the containers they link to. Anything else goes to the host's resolvers, except
 * from internal networks, which have no way out (Docker's behaviour).
 */
import { type Answer, type DnsQuery, CLASS_IN, TYPE_A, TYPE_AAAA, TYPE_PTR, reverseName } from './dns-message.js';
import type { EndpointRecord, NetworkRecord } from './types.js';

export interface NameView {
  network(id: string): NetworkRecord | undefined;
  endpoints(): Iterable<EndpointRecord>;
}

export type Resolution = { kind: 'answer'; answers: Answer[] } | { kind: 'refused' } | { kind: 'nxdomain' } | { kind: 'forward' };

export function dnsNames(e: EndpointRecord, networkName: string): string[] {
  const base = [e.containerName, ...e.aliases, e.containerId.slice(0, 12)].filter((n) => n !== '');
  return [...base, `${e.containerName}.${networkName}`].map((n) => n.toLowerCase());
}

/** The networks whose names `source` may see through `listener`, listener first; undefined for strangers. */
function scopes(listener: NetworkRecord, source: string, all: readonly EndpointRecord[], view: NameView): NetworkRecord[] | undefined {
  if (source === listener.bridge?.gateway) return [listener];
  const self = all.find((e) => e.networkId === listener.id && e.ip === source);
  if (!self) return undefined;
  const others = all
    .filter((e) => e.containerId === self.containerId && e.networkId !== listener.id)
    .map((e) => view.network(e.networkId))
    .filter((n): n is NetworkRecord => n?.bridge?.dns === true);
  return [listener, ...others];
}

/** A link alias of the asker's endpoint on `networkId` stands for the linked container's name (libnetwork's endpoint aliases). */
function unalias(name: string, asker: EndpointRecord | undefined, networkId: string, all: readonly EndpointRecord[]): string {
  const mine = asker && all.find((e) => e.networkId === networkId && e.containerId === asker.containerId);
  const link = mine?.links?.find((l) => l.alias.toLowerCase() === name);
  return link ? link.name.toLowerCase() : name;
}

/** As libnetwork's resolver shuffles a name's addresses: clients taking the first answer spread over the containers sharing an alias. */
function shuffled<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

export function resolveName(q: DnsQuery, listener: NetworkRecord, source: string, view: NameView): Resolution {
  const all = [...view.endpoints()];
  const nets = scopes(listener, source, all, view);
  if (!nets) return { kind: 'refused' };
  const asker = all.find((e) => e.networkId === listener.id && e.ip === source);
  if (q.class === CLASS_IN) {
    const ptrIp = q.type === TYPE_PTR ? reverseName(q.name) : undefined;
    for (const net of nets) {
      const here = all.filter((e) => e.networkId === net.id);
      if (ptrIp) {
        const e = here.find((x) => x.ip === ptrIp || x.ip6 === ptrIp);
        if (e) return { kind: 'answer', answers: [{ type: TYPE_PTR, name: `${e.containerName}.${net.name}` }] };
        continue;
      }
      const name = unalias(q.name, asker, net.id, all);
      // A container whose readiness check fails keeps its own name but answers for no alias (a Service's name).
      const hits = here.filter((e) => dnsNames(e.notReady ? { ...e, aliases: [] } : e, net.name).includes(name));
      if (hits.length === 0) continue;
      // A name we own with no record of the asked type (AAAA on an IPv4-only network…) is an empty NOERROR, never a forward.
      const type = q.type === TYPE_A || q.type === TYPE_AAAA ? q.type : undefined;
      const addrs = hits.map((e) => (type === TYPE_A ? e.ip : type === TYPE_AAAA ? e.ip6 : undefined)).filter((ip): ip is string => Boolean(ip));
      return { kind: 'answer', answers: type ? shuffled([...new Set(addrs)]).map((ip) => ({ type, ip })) : [] };
    }
  }
  return listener.internal ? { kind: 'nxdomain' } : { kind: 'forward' };
}

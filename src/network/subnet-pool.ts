/**
 * Picking a subnet for a network that did not name one: the first /16 of
 * 172.17–172.31, then of 10.0–10.255, that overlaps neither another network nor
 * anything the host routes (so a test daemon next to a real one, or a VPN route,
 * is never shadowed).
 */
import { unavailable } from '../errdefs/index.js';
import { mustRun } from './exec.js';
import { type Cidr, overlaps, tryParseCidr, parseIp } from './ipv4.js';

function* candidatePools(): Generator<Cidr> {
  for (let b = 17; b <= 31; b++) yield { base: ((172 << 24) | (b << 16)) >>> 0, prefix: 16 };
  for (let b = 0; b <= 255; b++) yield { base: ((10 << 24) | (b << 16)) >>> 0, prefix: 16 };
}

export function pickSubnet(inUse: readonly Cidr[]): Cidr {
  for (const pool of candidatePools()) {
    if (!inUse.some((u) => overlaps(u, pool))) return pool;
  }
  throw unavailable('could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network');
}

interface IpRoute {
  dst?: string;
}

/** Destinations of the host's IPv4 routes (all tables, so policy routing counts too). */
export async function hostRoutes(): Promise<Cidr[]> {
  const routes = JSON.parse(await mustRun('ip', ['-j', '-4', 'route', 'show', 'table', 'all'])) as IpRoute[];
  const out: Cidr[] = [];
  for (const r of routes) {
    if (!r.dst || r.dst === 'default') continue;
    const c = r.dst.includes('/') ? tryParseCidr(r.dst) : ((ip) => (ip === undefined ? undefined : { base: ip, prefix: 32 }))(parseIp(r.dst));
    // Loopback and local-broadcast entries of the local table say nothing about free pools.
    if (c && c.prefix > 0 && (c.base >>> 24) !== 127) out.push(c);
  }
  return out;
}

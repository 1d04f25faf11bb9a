/**
 * The IPv6 side of `network create --ipv6`: the user's subnet (checked as
 * libnetwork checks it) or a /64 of the daemon's ULA /48, its gateway and range,
 * and whether the host has IPv6 to give at all.
 */
import { readFile } from 'node:fs/promises';
import { failedPrecondition, forbidden, invalidArgument, unavailable } from '../errdefs/index.js';
import type { IpamConfig } from '../apitypes/networks.js';
import { type Cidr6, contains6, formatCidr6, formatIp6, lastAddress6, overlaps6, parseCidr6, parseIp6, pickSubnet6, within6 } from './ipv6.js';
import type { NetworkRecord, Pool6 } from './types.js';

/** Ranges no bridge may take: loopback, link-local and multicast are not routable to a bridge. */
const RESERVED6: readonly { cidr: Cidr6; what: string }[] = [
  { cidr: parseCidr6('::1/128'), what: 'loopback' },
  { cidr: parseCidr6('fe80::/10'), what: 'link-local' },
  { cidr: parseCidr6('ff00::/8'), what: 'multicast' },
];

/**
 * The host must have IPv6 on: Wharf never switches it on for a network (that would change
 * the host for everyone), it refuses instead.
 */
export async function hostHasIPv6(procRoot = '/proc'): Promise<boolean> {
  return requireHostIPv6(procRoot).then(
    () => true,
    () => false,
  );
}

export async function requireHostIPv6(procRoot = '/proc'): Promise<void> {
  for (const scope of ['all', 'default']) {
    const flag = await readFile(`${procRoot}/sys/net/ipv6/conf/${scope}/disable_ipv6`, 'utf8').catch(() => undefined);
    if (flag === undefined) throw failedPrecondition('IPv6 is not available on this host (the kernel has no IPv6 support): cannot create an IPv6 network');
    if (flag.trim() !== '0') throw failedPrecondition(`IPv6 is disabled on this host (net.ipv6.conf.${scope}.disable_ipv6=${flag.trim()}): cannot create an IPv6 network`);
  }
}

export function resolvePool6(cfg: IpamConfig | undefined, taken: readonly Cidr6[], hostId: string): Pool6 {
  let subnet: Cidr6;
  if (cfg?.Subnet) {
    subnet = parseCidr6(cfg.Subnet);
    const reserved = RESERVED6.find((r) => overlaps6(r.cidr, subnet));
    if (reserved) throw invalidArgument(`invalid subnet ${formatCidr6(subnet)}: it overlaps ${formatCidr6(reserved.cidr)}, ${reserved.what} addresses a bridge network cannot use`);
    if (subnet.prefix > 126) throw invalidArgument(`invalid subnet ${formatCidr6(subnet)}: too small for a bridge network`);
    if (taken.some((t) => overlaps6(t, subnet))) throw forbidden('Pool overlaps with other one on this address space');
  } else {
    const picked = pickSubnet6(hostId, taken);
    if (!picked) throw unavailable('could not find an available, non-overlapping IPv6 address pool among the defaults to assign to the network');
    subnet = picked;
  }
  let gateway = subnet.base + 1n;
  if (cfg?.Gateway) {
    const gw = parseIp6(cfg.Gateway);
    if (gw === undefined) throw invalidArgument(`invalid gateway address ${cfg.Gateway}`);
    if (!contains6(subnet, gw)) throw forbidden(`no matching subnet for gateway ${cfg.Gateway}`);
    // The subnet-router anycast address (all host bits zero) is no host's.
    if (gw === subnet.base) throw invalidArgument(`invalid gateway address ${cfg.Gateway}`);
    gateway = gw;
  }
  const pool: Pool6 = { subnet: formatCidr6(subnet), gateway: formatIp6(gateway), userSubnet: Boolean(cfg?.Subnet) };
  if (cfg?.IPRange) {
    const range = parseCidr6(cfg.IPRange);
    if (!within6(range, subnet)) throw forbidden(`no matching subnet for range ${cfg.IPRange}`);
    pool.ipRange = formatCidr6(range);
  }
  return pool;
}

/** host-local's range for the pool: first and last usable addresses when a range narrows it. */
export function ipamRange6(pool: Pool6): Record<string, string> {
  const out: Record<string, string> = { subnet: pool.subnet, gateway: pool.gateway };
  if (pool.ipRange) {
    const subnet = parseCidr6(pool.subnet);
    const r = parseCidr6(pool.ipRange);
    const first = r.base > subnet.base ? r.base : subnet.base + 1n;
    out.rangeStart = formatIp6(first);
    out.rangeEnd = formatIp6(lastAddress6(r));
  }
  return out;
}

/**
 * `--ip6` against the network, as dockerd validates endpoint settings at create and
 * connect (an invalid-parameter error with its "invalid endpoint settings" heading).
 */
export function checkRequestedIp6(net: NetworkRecord, ip6: string): void {
  const fail = (why: string): never => {
    throw invalidArgument(`invalid endpoint settings:\n${why}`);
  };
  const ip = parseIp6(ip6);
  if (ip === undefined || ip === 0n) fail(`invalid IPv6 address: ${ip6}`);
  if (net.builtin) fail('user specified IP address is supported on user defined networks only');
  const pool = net.bridge?.ipv6;
  if (!pool?.userSubnet) fail('user specified IP address is supported only when connecting to networks with user configured subnets');
  if (!contains6(parseCidr6(pool!.subnet), ip!)) fail(`no configured subnet or ip-range contain the IP address ${ip6}`);
}

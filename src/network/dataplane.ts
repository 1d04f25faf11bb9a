/**
 * Bringing the host in line with the network records: one bridge per bridge
 * network (made or repaired), this daemon's stale bridges deleted, iptables
 * rules synced (ip6tables too for dual-stack networks), forwarding on when some network routes out.
 */
import { writeFile } from 'node:fs/promises';
import { applyIpBatch, bridgeCommands, deleteBridge, listBridges, taggedNetwork } from './bridge-device.js';
import { syncRules } from './iptables.js';
import { hostHasIPv6 } from './pool6.js';
import { logger } from '../util/logger.js';
import type { NetworkRecord } from './types.js';

const log = logger('network');

/** The records as the host can carry them: a host whose IPv6 was switched off since gets IPv4 alone, not a daemon that cannot start. */
async function withinHost(nets: readonly NetworkRecord[]): Promise<readonly NetworkRecord[]> {
  if (!nets.some((n) => n.bridge?.ipv6) || (await hostHasIPv6())) return nets;
  log.warn('IPv6 is disabled on this host: dual-stack networks get IPv4 only until it is back');
  return nets.map((n) => {
    if (!n.bridge?.ipv6) return n;
    const { ipv6: _dropped, ...v4only } = n.bridge;
    return { ...n, bridge: v4only };
  });
}

export async function syncDataplane(all: readonly NetworkRecord[], prefix: string, dnsPort: number): Promise<void> {
  const nets = await withinHost(all);
  const bridges = await listBridges();
  const wanted = new Set(nets.filter((n) => n.bridge).map((n) => n.bridge!.device));
  for (const b of bridges.values()) {
    if (!wanted.has(b.device) && taggedNetwork(b.alias, prefix) !== undefined) await deleteBridge(b.device);
  }
  await applyIpBatch(nets.flatMap((n) => (n.bridge ? bridgeCommands(n, prefix, bridges.get(n.bridge.device)) : [])));
  await syncRules(nets, prefix, dnsPort);
  await syncRules(nets, prefix, dnsPort, 6);
  // The bridge plugin would switch it on at the first container anyway; doing it here keeps that off the start path.
  if (nets.some((n) => n.bridge && !n.internal)) await writeFile('/proc/sys/net/ipv4/ip_forward', '1');
  // As dockerd with ip6tables: a routed IPv6 network needs forwarding (never asked of a host without IPv6: no such network then).
  if (nets.some((n) => n.bridge?.ipv6 && !n.internal)) await writeFile('/proc/sys/net/ipv6/conf/all/forwarding', '1');
}

/**
 * Bringing the host in line with the network records: one bridge per bridge
 * network (made or repaired), this daemon's stale bridges deleted, iptables
 * rules synced (ip6tables too for dual-stack networks), forwarding on when some network routes out.
 */
import { writeFile } from 'node:fs/promises';
import { applyIpBatch, bridgeCommands, deleteBridge, listBridges, taggedNetwork } from './bridge-device.js';
import { syncRules } from './iptables.js';
import type { NetworkRecord } from './types.js';

export async function syncDataplane(nets: readonly NetworkRecord[], prefix: string, dnsPort: number): Promise<void> {
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

/**
 * Linux bridges, made by Wharf when a network is created (as Docker does) so the
 * gateway address exists before any container, and the DNS server can bind it.
 * Each bridge carries the link alias `wharf:<prefix>:<network id>`: that is how a
 * daemon finds its own bridges after a crash, and never another daemon's.
 */
import { internal } from '../errdefs/index.js';
import { mustRun, runTool } from './exec.js';
import type { NetworkRecord } from './types.js';

interface IpLink {
  ifname: string;
  flags?: string[];
  mtu?: number;
  ifalias?: string;
}

interface IpAddr {
  ifname?: string;
  addr_info?: Array<{ family: string; local: string; prefixlen: number; scope?: string }>;
}

export interface BridgeState {
  device: string;
  alias: string;
  up: boolean;
  mtu: number;
  addresses: string[];
}

export function bridgeTag(prefix: string, networkId: string): string {
  return `wharf:${prefix}:${networkId}`;
}

/** The tag's network id when it is this daemon's, else undefined. */
export function taggedNetwork(alias: string, prefix: string): string | undefined {
  const head = `wharf:${prefix}:`;
  return alias.startsWith(head) ? alias.slice(head.length) : undefined;
}

export async function listBridges(): Promise<Map<string, BridgeState>> {
  const [links, addrs] = await Promise.all([
    mustRun('ip', ['-j', 'link', 'show', 'type', 'bridge']).then((s) => JSON.parse(s) as IpLink[]),
    mustRun('ip', ['-j', 'addr', 'show']).then((s) => JSON.parse(s) as IpAddr[]),
  ]);
  const byName = new Map<string, BridgeState>();
  for (const l of links) {
    byName.set(l.ifname, { device: l.ifname, alias: l.ifalias ?? '', up: (l.flags ?? []).includes('UP'), mtu: l.mtu ?? 1500, addresses: [] });
  }
  for (const a of addrs) {
    const b = a.ifname ? byName.get(a.ifname) : undefined;
    // The kernel's own fe80:: address is no configuration of ours.
    for (const i of a.addr_info ?? []) if (b && i.scope !== 'link') b.addresses.push(`${i.local}/${i.prefixlen}`);
  }
  return byName;
}

/** `ip -batch` lines that bring the network's bridge to its wanted state from `current`. */
export function bridgeCommands(net: NetworkRecord, prefix: string, current: BridgeState | undefined): string[] {
  const b = net.bridge;
  if (!b) return [];
  const dev = b.device;
  const cidr = `${b.gateway}/${b.subnet.split('/')[1]}`;
  const cidr6 = b.ipv6 ? `${b.ipv6.gateway}/${b.ipv6.subnet.split('/')[1]}` : undefined;
  const wanted = cidr6 ? [cidr, cidr6] : [cidr];
  const tag = bridgeTag(prefix, net.id);
  const cmds: string[] = [];
  if (!current) cmds.push(`link add name ${dev} type bridge`);
  if (current?.alias !== tag) cmds.push(`link set dev ${dev} alias ${tag}`);
  if (b.mtu && current?.mtu !== b.mtu) cmds.push(`link set dev ${dev} mtu ${b.mtu}`);
  // Another address first (the bridge outlived its record) makes the bridge plugin refuse every attach.
  // Only on bridges named with the prefix: one named by --bridge is the operator's, addresses and all.
  if (dev.startsWith(prefix)) for (const stale of current?.addresses ?? []) if (!wanted.includes(stale)) cmds.push(`addr del ${stale} dev ${dev}`);
  if (!current?.addresses.includes(cidr)) cmds.push(`addr add ${cidr} dev ${dev}`);
  // nodad: the gateway is ours alone, and a tentative address could not be bound or routed from yet.
  if (cidr6 && !current?.addresses.includes(cidr6)) cmds.push(`addr add ${cidr6} dev ${dev} nodad`);
  if (!current?.up) cmds.push(`link set dev ${dev} up`);
  return cmds;
}

export async function applyIpBatch(cmds: readonly string[]): Promise<void> {
  if (cmds.length > 0) await mustRun('ip', ['-batch', '-'], { input: cmds.join('\n') + '\n' });
}

/** Deleting the bridge also drops its routes and detaches any leftover veth. */
export async function deleteBridge(device: string): Promise<void> {
  const r = await runTool('ip', ['link', 'del', 'dev', device]);
  if (r.code !== 0 && !/Cannot find device|does not exist/.test(r.stderr)) throw internal(`ip link del ${device}: ${r.stderr.trim()}`);
}

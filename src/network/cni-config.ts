/**
 * The CNI configuration list for one of Wharf's bridge networks: `bridge` with
 * host-local IPAM, then `portmap` when the endpoint publishes ports.
 *
 * bridge runs with ipMasq off and without the `firewall` plugin: masquerading and
 * forward-accepts are per-bridge rules Wharf installs with the network
 * (iptables.ts), which keeps iptables out of the container start path.
 */
import type { CniConfList, CniPlugin } from './cni.js';
import { formatIp, lastAddress, parseCidr } from './ipv4.js';
import { ipamRange6 } from './pool6.js';
import type { NetworkRecord, PortMapping } from './types.js';

/** The CNI network name: host-local's lease directory and the comment on portmap's rules. */
export function cniName(networkId: string): string {
  return `wharf-${networkId.slice(0, 12)}`;
}

function ipamRange(net: NetworkRecord): Record<string, string> {
  const b = net.bridge!;
  const range: Record<string, string> = { subnet: b.subnet, gateway: b.gateway };
  if (b.ipRange) {
    const subnet = parseCidr(b.subnet);
    const r = parseCidr(b.ipRange);
    // host-local refuses the subnet's own network and broadcast addresses as range ends.
    range.rangeStart = formatIp(Math.max(r.base, subnet.base + 1));
    range.rangeEnd = formatIp(Math.min(lastAddress(r), lastAddress(subnet) - 1));
  }
  return range;
}

export const PORTMAP: CniPlugin = { type: 'portmap', snat: true, capabilities: { portMappings: true } };

export function confList(net: NetworkRecord, ipamDir: string, ports: readonly PortMapping[]): CniConfList {
  const b = net.bridge!;
  const bridge: CniPlugin = {
    type: 'bridge',
    bridge: b.device,
    isGateway: true,
    ipMasq: false,
    // Lets a container reach its own published port through the host.
    hairpinMode: true,
    ...(b.mtu ? { mtu: b.mtu } : {}),
    capabilities: { ips: true, mac: true },
    ipam: {
      type: 'host-local',
      ranges: b.ipv6 ? [[ipamRange(net)], [ipamRange6(b.ipv6)]] : [[ipamRange(net)]],
      // An internal network has no way out, so no default route either.
      routes: net.internal ? [] : b.ipv6 ? [{ dst: '0.0.0.0/0' }, { dst: '::/0' }] : [{ dst: '0.0.0.0/0' }],
      dataDir: ipamDir,
    },
  };
  const plugins: CniPlugin[] = [bridge];
  if (ports.length > 0) plugins.push(PORTMAP);
  return { name: cniName(net.id), plugins };
}

/** portmap's `portMappings` capability argument. */
export function portMappingsArg(ports: readonly PortMapping[]): Array<Record<string, string | number>> {
  return ports.map((p) => ({ hostPort: p.hostPort, containerPort: p.containerPort, protocol: p.protocol, ...(p.hostIp ? { hostIP: p.hostIp } : {}) }));
}

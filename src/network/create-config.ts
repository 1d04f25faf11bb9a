/**
 * `POST /networks/create` → a network record: Docker's validation of drivers,
 * names, subnets, gateways and ranges, with libnetwork's error texts.
 */
import { conflict, forbidden, invalidArgument, notFound, notImplemented } from '../errdefs/index.js';
import { newId } from '../util/ids.js';
import { type Cidr, contains, formatCidr, formatIp, lastAddress, overlaps, parseCidr, parseIp, within } from './ipv4.js';
import { type Cidr6, isV6 } from './ipv6.js';
import { requireHostIPv6, resolvePool6 } from './pool6.js';
import type { NetworkCreateRequest } from '../apitypes/networks.js';
import type { BridgeConfig, NetworkRecord } from './types.js';

export const PREDEFINED = new Set(['bridge', 'host', 'none']);

export const OPT_BRIDGE_NAME = 'com.docker.network.bridge.name';
export const OPT_MASQUERADE = 'com.docker.network.bridge.enable_ip_masquerade';
export const OPT_ICC = 'com.docker.network.bridge.enable_icc';
export const OPT_MTU = 'com.docker.network.driver.mtu';
export const OPT_DEFAULT_BRIDGE = 'com.docker.network.bridge.default_bridge';

const IFNAME = /^[a-zA-Z0-9_.-]{1,15}$/;

function boolOption(options: Record<string, string>, key: string, fallback: boolean): boolean {
  const v = options[key];
  if (v === undefined || v === '') return fallback;
  if (/^(1|t|true)$/i.test(v)) return true;
  if (/^(0|f|false)$/i.test(v)) return false;
  throw invalidArgument(`invalid value for ${key}: ${v}`);
}

export function mtuOption(options: Record<string, string>): number | undefined {
  const v = options[OPT_MTU];
  if (v === undefined || v === '' || v === '0') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 68 || n > 65535) throw invalidArgument(`invalid MTU number: ${v}`);
  return n;
}

export interface PoolChoice {
  /** Subnets of the daemon's other bridge networks. */
  taken: readonly Cidr[];
  /** Called only when the user named no subnet. */
  pick(): Promise<Cidr>;
  /** IPv6 subnets of the daemon's other networks. */
  taken6: readonly Cidr6[];
  /** Seeds the ULA pool an `--ipv6` network without an IPv6 subnet gets a /64 of. */
  hostId: string;
}

/**
 * Ranges a bridge must never take: a loopback subnet would get a host route and a
 * MASQUERADE rule that captures the host's own 127.x traffic; the others are not
 * unicast addresses a host can route to a bridge.
 */
const RESERVED: readonly { cidr: Cidr; what: string }[] = [
  { cidr: parseCidr('0.0.0.0/8'), what: '"this network"' },
  { cidr: parseCidr('127.0.0.0/8'), what: 'loopback' },
  { cidr: parseCidr('169.254.0.0/16'), what: 'link-local' },
  { cidr: parseCidr('224.0.0.0/4'), what: 'multicast' },
  { cidr: parseCidr('240.0.0.0/4'), what: 'reserved and broadcast' },
];

/** Gateway and range checks for one IPv4 pool (user-given or picked). */
export function resolvePool(subnet: Cidr, gatewayText: string | undefined, rangeText: string | undefined): { gateway: string; ipRange?: string } {
  const reserved = RESERVED.find((r) => overlaps(r.cidr, subnet));
  if (reserved) {
    throw invalidArgument(`invalid subnet ${formatCidr(subnet)}: it overlaps ${formatCidr(reserved.cidr)}, ${reserved.what} addresses a bridge network cannot use`);
  }
  let gateway = ((subnet.base + 1) >>> 0);
  if (gatewayText) {
    const gw = parseIp(gatewayText);
    if (gw === undefined) throw invalidArgument(`invalid gateway address ${gatewayText}`);
    if (!contains(subnet, gw)) throw forbidden(`no matching subnet for gateway ${gatewayText}`);
    gateway = gw;
  }
  if (subnet.prefix > 30) throw invalidArgument(`invalid subnet ${formatCidr(subnet)}: too small for a bridge network`);
  if (gateway === subnet.base || gateway === lastAddress(subnet)) throw invalidArgument(`invalid gateway address ${formatIp(gateway)}`);
  if (!rangeText) return { gateway: formatIp(gateway) };
  const range = parseCidr(rangeText);
  if (!within(range, subnet)) throw forbidden(`no matching subnet for range ${rangeText}`);
  return { gateway: formatIp(gateway), ipRange: formatCidr(range) };
}

function bridgeDevice(options: Record<string, string>, id: string, prefix: string): string {
  const name = options[OPT_BRIDGE_NAME];
  if (name === undefined || name === '') return `${prefix}-${id.slice(0, 14 - prefix.length)}`;
  if (!IFNAME.test(name)) throw invalidArgument(`invalid bridge name: ${name}`);
  return name;
}

/** Build the record for a user-defined network; the caller holds the store lock. */
export async function userNetworkRecord(
  req: NetworkCreateRequest,
  existing: readonly NetworkRecord[],
  prefix: string,
  pools: PoolChoice,
): Promise<NetworkRecord> {
  const name = req.Name ?? '';
  if (name === '') throw invalidArgument('network name is required');
  if (PREDEFINED.has(name)) throw forbidden(`operation is not permitted on predefined ${name} network `);
  if (existing.some((n) => n.name === name)) throw conflict(`network with name ${name} already exists`);
  const driver = req.Driver || 'bridge';
  if (driver === 'host' || driver === 'null') throw forbidden(`only one instance of "${driver}" network is allowed`);
  if (driver !== 'bridge') throw notFound(`plugin "${driver}" not found`);
  if (req.IPAM?.Driver && req.IPAM.Driver !== 'default') throw notFound(`plugin "${req.IPAM.Driver}" not found`);

  const configs = (req.IPAM?.Config ?? []).filter((c) => c.Subnet || c.Gateway || c.IPRange);
  for (const c of configs) if (!c.Subnet && (c.Gateway || c.IPRange)) throw invalidArgument('ipam config is missing the subnet');
  const v4 = configs.filter((c) => !isV6(c.Subnet ?? ''));
  const v6 = configs.filter((c) => isV6(c.Subnet ?? ''));
  if (v4.length > 1) throw notImplemented('only one IPv4 subnet per network is supported');
  if (v6.length > 1) throw notImplemented('only one IPv6 subnet per network is supported');
  if (v6.length > 0 && !req.EnableIPv6) throw invalidArgument(`IPv6 subnet ${v6[0]!.Subnet} given but IPv6 is not enabled on the network (--ipv6)`);
  const cfg = v4[0];
  if (req.EnableIPv6) await requireHostIPv6();
  const ipv6 = req.EnableIPv6 ? resolvePool6(v6[0], pools.taken6, pools.hostId) : undefined;

  const options = { ...(req.Options ?? {}) };
  const id = newId();
  const device = bridgeDevice(options, id, prefix);
  if (existing.some((n) => n.bridge?.device === device)) throw conflict(`bridge name ${device} is already in use by another network`);

  let subnet: Cidr;
  if (cfg?.Subnet) {
    subnet = parseCidr(cfg.Subnet);
    if (pools.taken.some((t) => overlaps(t, subnet))) throw forbidden('Pool overlaps with other one on this address space');
  } else {
    subnet = await pools.pick();
  }
  const { gateway, ipRange } = resolvePool(subnet, cfg?.Gateway, cfg?.IPRange);
  const bridge: BridgeConfig = {
    device,
    subnet: formatCidr(subnet),
    gateway,
    ...(ipRange ? { ipRange } : {}),
    userSubnet: Boolean(cfg?.Subnet),
    dns: true,
    masquerade: boolOption(options, OPT_MASQUERADE, true),
    icc: boolOption(options, OPT_ICC, true),
    ...(mtuOption(options) ? { mtu: mtuOption(options) } : {}),
    ...(ipv6 ? { ipv6 } : {}),
  };
  return {
    id,
    name,
    driver: 'bridge',
    created: new Date().toISOString(),
    builtin: false,
    internal: Boolean(req.Internal),
    attachable: Boolean(req.Attachable),
    labels: { ...(req.Labels ?? {}) },
    options,
    ipamOptions: req.IPAM?.Options ?? null,
    bridge,
  };
}

/**
 * A container's networks as the engine keeps them: the endpoint configuration
 * the user asked for (record.Networks, keyed by network name, as Docker's
 * NetworkSettings.Networks), validated at create and at connect. The live parts
 * (address, MAC, ports) come from the network service's sandbox.
 */
import { isIP } from 'node:net';
import type { ContainerConfig, EndpointSettings, HostConfig, NetworkingConfig } from '../../apitypes/containers.js';
import { invalidArgument } from '../../errdefs/index.js';
import { checkRequestedIp6, portRequests, type NetworkRecord, type NetworkService } from '../../network/index.js';
import { CONTAINER_PREFIX } from '../containers/network-mode.js';

const MAC = /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i;

/** Modes whose container gets a sandbox of its own from the network service. */
export function ownsSandbox(mode: string | undefined): boolean {
  const m = mode || 'default';
  return m !== 'host' && m !== 'none' && !m.startsWith(CONTAINER_PREFIX);
}

/** The network a mode names: `default` is the default bridge. */
export function primaryNetwork(mode: string | undefined): string {
  const m = mode || 'default';
  return m === 'default' ? 'bridge' : m;
}

/** The endpoint fields a user may set (the rest are filled in at attach). */
function requested(net: NetworkRecord, cfg: EndpointSettings | undefined): EndpointSettings {
  const out: EndpointSettings = {};
  const ip = cfg?.IPAMConfig?.IPv4Address;
  if (ip) {
    if (net.builtin) throw invalidArgument('user specified IP address is supported on user defined networks only');
    if (!net.bridge?.userSubnet) throw invalidArgument('user specified IP address is supported only when connecting to networks with user configured subnets');
    out.IPAMConfig = { IPv4Address: ip };
  }
  const linkLocal = cfg?.IPAMConfig?.LinkLocalIPs ?? [];
  for (const a of linkLocal) if (!isIP(a) || a === '0.0.0.0' || a === '::') throw invalidArgument(`invalid link-local IP address: ${a}`);
  if (linkLocal.length > 0) out.IPAMConfig = { ...out.IPAMConfig, LinkLocalIPs: [...linkLocal] };
  const ip6 = cfg?.IPAMConfig?.IPv6Address;
  if (ip6) {
    checkRequestedIp6(net, ip6);
    out.IPAMConfig = { ...out.IPAMConfig, IPv6Address: ip6 };
  }
  if (cfg?.Aliases?.length) {
    if (net.builtin) throw invalidArgument('network-scoped alias is supported only for containers in user defined networks');
    out.Aliases = [...cfg.Aliases];
  }
  if (cfg?.Links?.length) out.Links = [...cfg.Links];
  if (cfg?.MacAddress) {
    if (!MAC.test(cfg.MacAddress)) throw invalidArgument(`invalid MAC address: ${cfg.MacAddress}`);
    out.MacAddress = cfg.MacAddress.toLowerCase();
  }
  if (cfg?.DriverOpts) out.DriverOpts = cfg.DriverOpts;
  return out;
}

/** The network a ref names, or undefined when it is gone. */
export function findNetwork(network: NetworkService, ref: string): NetworkRecord | undefined {
  try {
    return network.get(ref);
  } catch {
    return undefined;
  }
}

export function requestedEndpoint(network: NetworkService, ref: string, cfg: EndpointSettings | undefined): { net: NetworkRecord; endpoint: EndpointSettings } {
  const net = network.get(ref);
  if (net.driver === 'null' || net.driver === 'host') return { net, endpoint: {} };
  return { net, endpoint: requested(net, cfg) };
}

/**
 * `POST /containers/create`: the networks a container joins. The mode's network
 * first, then the other EndpointsConfig entries (API ≥ 1.44 allows several);
 * ports are parsed now so bad ones fail the create, not the start.
 */
export function configureNetworks(
  network: NetworkService,
  hc: HostConfig,
  config: ContainerConfig,
  networking: NetworkingConfig | undefined,
): Record<string, EndpointSettings> {
  const mode = hc.NetworkMode || 'default';
  if (mode.startsWith(CONTAINER_PREFIX)) return {};
  portRequests(config.ExposedPorts, hc.PortBindings, hc.PublishAllPorts ?? false);
  // The docker CLI keys the mode's endpoint by the mode itself, `default` included.
  const asked = Object.entries(networking?.EndpointsConfig ?? {}).map(([ref, cfg]) => [primaryNetwork(ref), cfg] as const);
  const primary = network.get(primaryNetwork(mode));
  const out: Record<string, EndpointSettings> = {};
  const primaryCfg = asked.find(([ref]) => network.get(ref).id === primary.id)?.[1];
  const legacyMac = config.MacAddress ? { MacAddress: config.MacAddress } : {};
  out[primary.name] = requestedEndpoint(network, primary.id, { ...legacyMac, ...primaryCfg }).endpoint;
  if (!ownsSandbox(mode)) {
    if (asked.some(([ref]) => network.get(ref).id !== primary.id)) throw invalidArgument(`container sharing network namespace with another container or host cannot be connected to any other network`);
    return out;
  }
  for (const [ref, cfg] of asked) {
    const { net, endpoint } = requestedEndpoint(network, ref, cfg);
    if (net.id === primary.id) continue;
    if (!net.bridge) throw invalidArgument(`container cannot be connected to network ${net.name} and ${primary.name} at the same time`);
    out[net.name] = endpoint;
  }
  return out;
}

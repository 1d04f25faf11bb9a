/**
 * NetworkSettings of container inspect and the Ports/Networks of `ps` rows:
 * the configured endpoints merged with what the sandbox holds while the
 * container runs (addresses, MACs, published ports).
 */
import type { EndpointSettings, NetworkSettings, Port } from '../../apitypes/containers.js';
import { endpointSettings, portsMap, type EndpointRecord, type NetworkService } from '../../network/index.js';
import { tryParsePortKey } from '../../util/port-spec.js';
import type { Container } from '../containers/container.js';
import { findNetwork } from './endpoints.js';

/** An endpoint with nothing attached yet: what inspect shows for a network before (or without) a sandbox. */
export function emptyEndpoint(): EndpointSettings {
  return {
    IPAMConfig: null,
    Links: null,
    Aliases: null,
    MacAddress: '',
    NetworkID: '',
    EndpointID: '',
    Gateway: '',
    IPAddress: '',
    IPPrefixLen: 0,
    IPv6Gateway: '',
    GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0,
    DriverOpts: null,
    DNSNames: null,
  };
}

function liveEndpoints(network: NetworkService, c: Container): EndpointRecord[] {
  return c.running ? (network.sandbox(c.id)?.endpoints ?? []) : [];
}

export function networksView(network: NetworkService, c: Container): Record<string, EndpointSettings> {
  const live = liveEndpoints(network, c);
  const out: Record<string, EndpointSettings> = {};
  for (const [name, cfg] of Object.entries(c.record.Networks ?? {})) {
    const net = findNetwork(network, name);
    const e = net && live.find((x) => x.networkId === net.id);
    const settings = net && e ? endpointSettings(net, e) : { ...emptyEndpoint(), NetworkID: net?.id ?? '' };
    out[name] = { ...settings, IPAMConfig: cfg.IPAMConfig ?? null, Links: cfg.Links ?? null, Aliases: cfg.Aliases ?? settings.Aliases ?? null, MacAddress: settings.MacAddress || cfg.MacAddress || '', DriverOpts: cfg.DriverOpts ?? null };
  }
  return out;
}

export function networkSettingsView(network: NetworkService, c: Container): NetworkSettings {
  const live = liveEndpoints(network, c);
  const networks = networksView(network, c);
  // Docker fills the top-level (deprecated) fields from the default bridge only.
  const bridge = networks.bridge;
  const ports = live.flatMap((e) => e.ports);
  return {
    Bridge: '',
    SandboxID: live.length > 0 ? c.id : '',
    HairpinMode: false,
    LinkLocalIPv6Address: '',
    LinkLocalIPv6PrefixLen: 0,
    Ports: c.running ? portsMap(c.record.Config.ExposedPorts, ports) : {},
    SandboxKey: c.running ? (network.sandbox(c.id)?.key ?? '') : '',
    SecondaryIPAddresses: null,
    SecondaryIPv6Addresses: null,
    EndpointID: bridge?.EndpointID ?? '',
    Gateway: bridge?.Gateway ?? '',
    GlobalIPv6Address: bridge?.GlobalIPv6Address ?? '',
    GlobalIPv6PrefixLen: bridge?.GlobalIPv6PrefixLen ?? 0,
    IPAddress: bridge?.IPAddress ?? '',
    IPPrefixLen: bridge?.IPPrefixLen ?? 0,
    IPv6Gateway: bridge?.IPv6Gateway ?? '',
    MacAddress: bridge?.MacAddress ?? '',
    Networks: networks,
  };
}

/** The `ps` PORTS column's source: published ports, then exposed ones nobody published. */
export function portsView(network: NetworkService, c: Container): Port[] {
  const mapped = liveEndpoints(network, c).flatMap((e) => e.ports);
  const out: Port[] = mapped.map((m) => ({ IP: m.hostIp || '0.0.0.0', PrivatePort: m.containerPort, PublicPort: m.hostPort, Type: m.protocol }));
  for (const key of Object.keys(c.record.Config.ExposedPorts ?? {})) {
    // A record from before ports were checked may hold one the CLI cannot decode: one bad record must not break `docker ps`.
    const parsed = tryParsePortKey(key);
    if (!parsed) continue;
    const { port, protocol } = parsed;
    if (!mapped.some((m) => m.containerPort === port && m.protocol === protocol)) out.push({ PrivatePort: port, Type: protocol });
  }
  return out;
}

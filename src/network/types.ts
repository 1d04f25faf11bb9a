/**
 * The network module's interface: Docker's network model (the default `bridge`,
 * `host` and `none`, user-defined bridge networks) and container sandboxes.
 * The wire shapes (`NetworkResource`, `NetworkCreateRequest`…) are Docker's,
 * PascalCase; the records on disk are Wharf's own.
 */
import type { EndpointSettings } from '../apitypes/containers.js';
import type { NetworkCreateRequest, NetworkCreateResponse, NetworkPruneResponse, NetworkResource } from '../apitypes/networks.js';

// ---- Wharf's records ----

export type NetworkDriver = 'bridge' | 'host' | 'null';

/** `<data-root>/networks/<id>.json`. */
export interface NetworkRecord {
  id: string;
  name: string;
  driver: NetworkDriver;
  created: string;
  /** `bridge`, `host` and `none`: made by the daemon, never removed. */
  builtin: boolean;
  internal: boolean;
  attachable: boolean;
  labels: Record<string, string>;
  options: Record<string, string>;
  ipamOptions: Record<string, string> | null;
  /** Bridge networks only. */
  bridge?: BridgeConfig;
}

export interface BridgeConfig {
  /** Linux bridge device. */
  device: string;
  subnet: string;
  gateway: string;
  ipRange?: string;
  /** The user chose the subnet, so containers may ask for a fixed IP (Docker's rule). */
  userSubnet: boolean;
  /** User-defined networks get the embedded DNS server and isolation; the default bridge does not. */
  dns: boolean;
  masquerade: boolean;
  icc: boolean;
  mtu?: number;
  /** `EnableIPv6`: the network's IPv6 pool beside the IPv4 one (dual stack). */
  ipv6?: Pool6;
}

export interface Pool6 {
  subnet: string;
  gateway: string;
  ipRange?: string;
  /** The user named the subnet, so `--ip6` is allowed (Docker's rule, as for IPv4). */
  userSubnet: boolean;
}

export type Protocol = 'tcp' | 'udp' | 'sctp';

/** A `-p` request after the CLI's parsing: a host port of 0 means "any free port". */
export interface PortRequest {
  hostIp: string;
  hostPortStart: number;
  hostPortEnd: number;
  containerPort: number;
  protocol: Protocol;
}

/** A published port as programmed (portmap's `portMappings` entry). */
export interface PortMapping {
  hostIp: string;
  hostPort: number;
  containerPort: number;
  protocol: Protocol;
}

/** One container's attachment to one network. */
export interface EndpointRecord {
  networkId: string;
  endpointId: string;
  containerId: string;
  containerName: string;
  aliases: string[];
  ifName: string;
  ip: string;
  prefixLen: number;
  /** Empty on internal networks (no default route). */
  gateway: string;
  mac: string;
  requestedIp?: string;
  /** On networks with IPv6: the endpoint's address, prefix length and gateway. */
  ip6?: string;
  prefixLen6?: number;
  gateway6?: string;
  requestedIp6?: string;
  ports: PortMapping[];
  /** The container's own upstream resolvers (AttachOptions.dns). */
  dns?: string[];
  /** AttachOptions.links. */
  links?: DnsLink[];
  /** A readiness check of the container fails: the embedded DNS answers its aliases no more (its name still resolves). */
  notReady?: boolean;
  /** The CNI ADD result, handed back as prevResult on DEL as the CNI spec asks. */
  cniResult: unknown;
}

/** `<exec-root>/sandboxes/<container id>.json`: a container's network namespace and its endpoints. */
export interface SandboxRecord {
  containerId: string;
  /** The bind-mounted netns file the runtime joins (Docker's SandboxKey). */
  key: string;
  endpoints: EndpointRecord[];
}

export interface AttachOptions {
  /** Container name without the leading slash: the DNS name. */
  name: string;
  aliases?: string[];
  /** IPAMConfig.IPv4Address. */
  ip?: string;
  /** IPAMConfig.IPv6Address. */
  ip6?: string;
  mac?: string;
  /** Published ports; give them on one network only (the container's first). */
  ports?: PortRequest[];
  /** The container's `--dns` (`ip` or `ip:port`): where the embedded DNS server forwards its queries. */
  dns?: string[];
  /** Links on a user network (EndpointsConfig.Links): `alias` resolves to container `name`, for this container only. */
  links?: DnsLink[];
  /** EndpointRecord.notReady from the start: no window in which a not-ready container's aliases answer. */
  notReady?: boolean;
}

export interface DnsLink {
  name: string;
  alias: string;
}

export interface NetworkServiceOptions {
  /** Network records live in `<dataRoot>/networks/`. */
  dataRoot: string;
  /** Runtime state that dies with a reboot: netns files, sandboxes, IPAM leases. */
  execRoot: string;
  /**
   * Names Wharf's bridges (`<prefix>0` is the default bridge, `<prefix>-<id>` user
   * networks) and tags its iptables rules, so daemons sharing a host never touch
   * each other's devices. At most 6 characters.
   */
  bridgePrefix?: string;
  /** Default bridge overrides (dockerd's --bridge/--bip); the subnet is otherwise the first free /16. */
  defaultBridge?: { device?: string; subnet?: string; gateway?: string; ipRange?: string; mtu?: number };
  /** Where the CNI plugins are (default /usr/lib/cni). */
  cniPath?: string;
  /** Resolvers the embedded DNS server forwards to, `ip` or `ip:port` (default: /etc/resolv.conf's). */
  dnsUpstreams?: string[];
  /** Port of the embedded DNS server on each user network's gateway (default 53). */
  dnsPort?: number;
  /** The engine's id: seeds the ULA /48 that `--ipv6` networks without a subnet get theirs from (dockerd's rule). */
  hostId?: string;
}

export interface NetworkService {
  /** Load records, make `bridge`/`host`/`none`, program bridges and rules, start DNS. */
  init(): Promise<void>;
  /** Remove leftovers of containers not in `running` (netns, leases, rules, stale bridges). */
  reconcile(running: Iterable<string>): Promise<void>;
  /** Stop the DNS servers; devices, rules and sandboxes stay for the next start. */
  close(): Promise<void>;
  /** Reset: stop DNS, remove every sandbox, lease, port rule, bridge and firewall rule of this daemon; the bridges deleted. */
  teardown(): Promise<string[]>;

  create(req: NetworkCreateRequest): Promise<NetworkCreateResponse>;
  /** By full id, exact name, or unique id prefix (moby's FindNetwork order). */
  get(ref: string): NetworkRecord;
  inspect(ref: string): NetworkResource;
  /** The networks `keep` selects (all by default); Docker's filters are the engine's. */
  list(keep?: (n: NetworkRecord) => boolean): NetworkResource[];
  remove(ref: string): Promise<void>;
  /** Remove the user-defined networks `keep` selects that no endpoint uses. */
  prune(keep?: (n: NetworkRecord) => boolean): Promise<NetworkPruneResponse>;

  /** Make the container's netns before it starts; returns the path the runtime joins. */
  createSandbox(containerId: string): Promise<string>;
  attach(containerId: string, networkRef: string, opts: AttachOptions): Promise<EndpointSettings>;
  detach(containerId: string, networkRef: string): Promise<void>;
  /** A renamed container answers to its new name (without the leading slash). */
  renameEndpoints(containerId: string, name: string): Promise<void>;
  /** Whether the embedded DNS answers the container's aliases (a readiness check passes); no-op without a sandbox. */
  setReady(containerId: string, ready: boolean): Promise<void>;
  /** Detach everything and remove the netns (container stopped or removed). Idempotent. */
  destroySandbox(containerId: string): Promise<void>;
  sandbox(containerId: string): SandboxRecord | undefined;
  /** The nameserver a container on this network should use, when the network has embedded DNS. */
  dnsServer(networkRef: string): string | undefined;
}

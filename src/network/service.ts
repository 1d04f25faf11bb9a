/**
 * Wharf's networking: Docker's network model on Linux bridges, programmed
 * through the reference CNI plugins.
 *
 * Choices (for docs/architecture.md):
 * - CNI plugins from Debian's containernetworking-plugins (`/usr/lib/cni`) are
 *   executed directly per the CNI 1.0.0 protocol, no libcni: `bridge` + `host-local`
 *   for every endpoint, `portmap` (with snat, so 127.0.0.1 works through
 *   route_localnet) only for endpoints publishing ports.
 * - Bridges, masquerading, forward-accepts and network isolation are per network,
 *   made by Wharf when a network is created (Docker's layout), not per container:
 *   iptables-nft costs ~40 ms a call here, and `bridge` + `host-local` alone keep a
 *   container's network start to one netns process plus one plugin run.
 * - A container's netns is a file under `<exec-root>/netns/` pinned by a bind
 *   mount (`unshare --net=`), made before the container starts; the runtime joins it
 *   by path. IPAM leases and sandbox records also live under the exec root, so a
 *   reboot wipes them together with the namespaces and rules they describe.
 * - Embedded DNS: one UDP+TCP listener per user network on its gateway address
 *   (containers get `nameserver <gateway>`), not Docker's 127.0.0.11 + DNAT inside
 *   each netns, which would put iptables back on the start path. It answers names
 *   of containers sharing a network with the asker and forwards the rest.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { EndpointSettings } from '../apitypes/containers.js';
import { forbidden, invalidArgument } from '../errdefs/index.js';
import { newId } from '../util/ids.js';
import { KeyedLock } from '../util/lock.js';
import { OPT_BRIDGE_NAME, OPT_DEFAULT_BRIDGE, OPT_ICC, OPT_MASQUERADE, OPT_MTU, PREDEFINED, resolvePool, userNetworkRecord } from './create-config.js';
import { deleteBridge, listBridges, taggedNetwork } from './bridge-device.js';
import { teardownRules } from './iptables.js';
import { cniName } from './cni-config.js';
import { syncDataplane } from './dataplane.js';
import { type Upstream, hostUpstreams, parseUpstreams } from './dns-forward.js';
import { DnsRouter } from './dns-router.js';
import { type Cidr, formatCidr, parseCidr, tryParseCidr } from './ipv4.js';
import { type Cidr6, isV6, tryParseCidr6 } from './ipv6.js';
import { requireHostIPv6 } from './pool6.js';
import { PortAllocator } from './ports.js';
import { reconcileLeftovers } from './reconcile.js';
import { toResource } from './resource.js';
import { Sandboxes } from './sandboxes.js';
import type { NetworkCreateRequest, NetworkCreateResponse, NetworkPruneResponse, NetworkResource } from '../apitypes/networks.js';
import { NetworkStore } from './store.js';
import { hostRoutes, pickSubnet } from './subnet-pool.js';
import type {
  AttachOptions,
  NetworkRecord,
  NetworkService,
  NetworkServiceOptions,
  SandboxRecord,
} from './types.js';

const TABLE = 'networks';

export class BridgeNetworks implements NetworkService {
  private readonly store: NetworkStore;
  private readonly sandboxes: Sandboxes;
  private readonly prefix: string;
  private readonly dnsPort: number;
  private readonly cniPath: string;
  private readonly ipamDir: string;
  private readonly dns: DnsRouter;
  private readonly lock = new KeyedLock();
  /** Attaches under way per network, so a concurrent remove cannot pull the bridge from under one. */
  private readonly attaching = new Map<string, number>();

  constructor(private readonly opts: NetworkServiceOptions) {
    this.prefix = opts.bridgePrefix ?? 'wharf';
    if (!/^[a-z][a-z0-9]{0,5}$/.test(this.prefix)) throw invalidArgument(`invalid bridge prefix ${this.prefix}: 1-6 lower-case letters and digits`);
    this.dnsPort = opts.dnsPort ?? 53;
    this.cniPath = opts.cniPath ?? '/usr/lib/cni';
    this.ipamDir = join(opts.execRoot, 'ipam');
    this.store = new NetworkStore(join(opts.dataRoot, 'networks'));
    this.sandboxes = new Sandboxes(
      { netnsDir: join(opts.execRoot, 'netns'), recordDir: join(opts.execRoot, 'sandboxes'), ipamDir: this.ipamDir, cniPath: this.cniPath },
      new PortAllocator(),
    );
    const upstreams: Upstream[] = opts.dnsUpstreams ? parseUpstreams(opts.dnsUpstreams) : hostUpstreams();
    this.dns = new DnsRouter(this.dnsPort, upstreams, {
      network: (id) => this.store.byId(id),
      endpoints: () => this.sandboxes.endpoints(),
    });
  }

  async init(): Promise<void> {
    await this.store.load();
    await this.sandboxes.load();
    for (const builtin of await this.missingBuiltins()) await this.store.put(builtin);
    await syncDataplane(this.store.all(), this.prefix, this.dnsPort);
    for (const n of this.store.all()) await this.dns.open(n);
  }

  private async missingBuiltins(): Promise<NetworkRecord[]> {
    const out: NetworkRecord[] = [];
    const base = { created: new Date().toISOString(), builtin: true, internal: false, attachable: false, labels: {}, ipamOptions: null };
    if (!this.store.byName('bridge')) out.push({ ...base, id: newId(), name: 'bridge', driver: 'bridge', ...(await this.defaultBridge()) });
    if (!this.store.byName('host')) out.push({ ...base, id: newId(), name: 'host', driver: 'host', options: {} });
    if (!this.store.byName('none')) out.push({ ...base, id: newId(), name: 'none', driver: 'null', options: {} });
    return out;
  }

  private async defaultBridge(): Promise<Pick<NetworkRecord, 'options' | 'bridge'>> {
    const d = this.opts.defaultBridge ?? {};
    const device = d.device ?? `${this.prefix}0`;
    // As dockerd: a bridge that outlived its records (a wiped data root) keeps its address unless --bip says otherwise.
    const adopted = d.subnet ? undefined : (await listBridges()).get(device)?.addresses.find((a) => !isV6(a));
    const subnet = d.subnet ? parseCidr(d.subnet) : adopted ? parseCidr(adopted) : pickSubnet([...(await hostRoutes()), ...this.takenSubnets()]);
    const { gateway, ipRange } = resolvePool(subnet, d.gateway ?? adopted?.split('/')[0], d.ipRange);
    const options: Record<string, string> = {
      [OPT_DEFAULT_BRIDGE]: 'true',
      [OPT_ICC]: 'true',
      [OPT_MASQUERADE]: 'true',
      'com.docker.network.bridge.host_binding_ipv4': '0.0.0.0',
      [OPT_BRIDGE_NAME]: device,
      [OPT_MTU]: String(d.mtu ?? 1500),
    };
    return {
      options,
      bridge: { device, subnet: formatCidr(subnet), gateway, ...(ipRange ? { ipRange } : {}), userSubnet: false, dns: false, masquerade: true, icc: true, ...(d.mtu ? { mtu: d.mtu } : {}) },
    };
  }

  private takenSubnets(): Cidr[] {
    return this.store.all().flatMap((n) => {
      const c = n.bridge ? tryParseCidr(n.bridge.subnet) : undefined;
      return c ? [c] : [];
    });
  }

  private takenSubnets6(): Cidr6[] {
    return this.store.all().flatMap((n) => {
      const c = n.bridge?.ipv6 ? tryParseCidr6(n.bridge.ipv6.subnet) : undefined;
      return c ? [c] : [];
    });
  }

  async reconcile(running: Iterable<string>): Promise<void> {
    await reconcileLeftovers(new Set(running), {
      sandboxes: this.sandboxes,
      networks: this.store.all(),
      ipamDir: this.ipamDir,
      cniPath: this.cniPath,
      network: (id) => this.store.byId(id),
    });
  }

  async close(): Promise<void> {
    await this.dns.closeAll();
    await this.sandboxes.closeProxies();
  }

  teardown(): Promise<string[]> {
    return this.lock.run(TABLE, async () => {
      await this.dns.closeAll();
      await this.reconcile([]);
      await this.sandboxes.closeProxies();
      // A bridge named with --bridge was the operator's before the daemon came: it stays.
      const operators = this.opts.defaultBridge?.device;
      const deleted: string[] = [];
      for (const b of (await listBridges()).values()) {
        if (b.device === operators || taggedNetwork(b.alias, this.prefix) === undefined) continue;
        await deleteBridge(b.device);
        deleted.push(b.device);
      }
      await teardownRules(this.prefix);
      await teardownRules(this.prefix, 6);
      return deleted;
    });
  }

  create(req: NetworkCreateRequest): Promise<NetworkCreateResponse> {
    return this.lock.run(TABLE, async () => {
      const rec = await userNetworkRecord(req, this.store.all(), this.prefix, {
        taken: this.takenSubnets(),
        pick: async () => pickSubnet([...(await hostRoutes()), ...this.takenSubnets()]),
        taken6: this.takenSubnets6(),
        hostId: this.opts.hostId ?? this.opts.dataRoot,
      });
      await this.store.put(rec);
      try {
        await syncDataplane(this.store.all(), this.prefix, this.dnsPort);
        await this.dns.open(rec);
      } catch (err) {
        await this.store.delete(rec.id);
        await syncDataplane(this.store.all(), this.prefix, this.dnsPort).catch(() => undefined);
        throw err;
      }
      return { Id: rec.id, Warning: '' };
    });
  }

  get(ref: string): NetworkRecord {
    return this.store.find(ref);
  }

  private endpointsOf(networkId: string) {
    return [...this.sandboxes.endpoints()].filter((e) => e.networkId === networkId);
  }

  inspect(ref: string): NetworkResource {
    const n = this.store.find(ref);
    return toResource(n, this.endpointsOf(n.id));
  }

  list(keep: (n: NetworkRecord) => boolean = () => true): NetworkResource[] {
    return this.store
      .all()
      .filter(keep)
      .map((n) => toResource(n, this.endpointsOf(n.id)));
  }

  private async removeLocked(n: NetworkRecord): Promise<void> {
    if (n.builtin) throw forbidden(`${n.name} is a pre-defined network and cannot be removed`);
    if (this.endpointsOf(n.id).length > 0 || (this.attaching.get(n.id) ?? 0) > 0) {
      throw forbidden(`error while removing network: network ${n.name} id ${n.id} has active endpoints`);
    }
    await this.dns.close(n.id);
    await this.store.delete(n.id);
    await syncDataplane(this.store.all(), this.prefix, this.dnsPort);
    await rm(join(this.ipamDir, cniName(n.id)), { recursive: true, force: true });
  }

  remove(ref: string): Promise<void> {
    return this.lock.run(TABLE, () => this.removeLocked(this.store.find(ref)));
  }

  prune(keep: (n: NetworkRecord) => boolean = () => true): Promise<NetworkPruneResponse> {
    return this.lock.run(TABLE, async () => {
      const deleted: string[] = [];
      for (const n of this.store.all().filter((x) => !x.builtin && keep(x))) {
        if (this.endpointsOf(n.id).length > 0 || (this.attaching.get(n.id) ?? 0) > 0) continue;
        await this.removeLocked(n);
        deleted.push(n.name);
      }
      return { NetworksDeleted: deleted.length > 0 ? deleted : null };
    });
  }

  createSandbox(containerId: string): Promise<string> {
    return this.sandboxes.create(containerId);
  }

  async attach(containerId: string, networkRef: string, opts: AttachOptions): Promise<EndpointSettings> {
    const net = this.store.find(networkRef);
    if (net.driver === 'host') throw forbidden('container cannot be disconnected from host network or connected to host network');
    if (net.driver === 'null') throw forbidden('container cannot be connected to the none network');
    if (PREDEFINED.has(net.name) && opts.aliases?.length) throw invalidArgument('network-scoped alias is supported only for containers in user defined networks');
    // A dual-stack network on a host whose IPv6 went off since: refused, not half-attached.
    if (net.bridge?.ipv6) await requireHostIPv6();
    this.attaching.set(net.id, (this.attaching.get(net.id) ?? 0) + 1);
    try {
      return await this.sandboxes.attach(containerId, net, opts);
    } finally {
      const left = (this.attaching.get(net.id) ?? 1) - 1;
      if (left > 0) this.attaching.set(net.id, left);
      else this.attaching.delete(net.id);
    }
  }

  async detach(containerId: string, networkRef: string): Promise<void> {
    await this.sandboxes.detach(containerId, this.store.find(networkRef));
  }

  renameEndpoints(containerId: string, name: string): Promise<void> {
    return this.sandboxes.rename(containerId, name);
  }

  setReady(containerId: string, ready: boolean): Promise<void> {
    return this.sandboxes.setReady(containerId, ready);
  }

  async destroySandbox(containerId: string): Promise<void> {
    await this.sandboxes.destroy(containerId, (id) => this.store.byId(id));
  }

  sandbox(containerId: string): SandboxRecord | undefined {
    return this.sandboxes.get(containerId);
  }

  dnsServer(networkRef: string): string | undefined {
    const n = this.store.find(networkRef);
    return n.bridge?.dns ? n.bridge.gateway : undefined;
  }
}

/**
 * Container sandboxes: the netns a container runs in and its endpoints, one
 * record per container under `<exec-root>/sandboxes/`, rewritten atomically on
 * every change so a restarted daemon knows exactly what is programmed.
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { EndpointSettings } from '../apitypes/containers.js';
import { forbidden, internal, invalidArgument, notFound, unavailable } from '../errdefs/index.js';
import { readJsonIfExists, writeJsonAtomic } from '../util/atomic.js';
import { newId } from '../util/ids.js';
import { logger } from '../util/logger.js';
import { KeyedLock } from '../util/lock.js';
import { type CniResult, CniError, cniAdd, cniDel } from './cni.js';
import { confList, portMappingsArg } from './cni-config.js';
import { contains, parseCidr, parseIp } from './ipv4.js';
import { isV6 } from './ipv6.js';
import { checkRequestedIp6 } from './pool6.js';
import { LoopbackProxies } from './loopback-proxy.js';
import { createNetns, removeNetns } from './netns.js';
import type { PortAllocator } from './ports.js';
import type { AttachOptions, EndpointRecord, NetworkRecord, SandboxRecord } from './types.js';

const log = logger('network');

export interface SandboxPaths {
  netnsDir: string;
  recordDir: string;
  ipamDir: string;
  cniPath: string;
}

export function endpointSettings(net: NetworkRecord, e: EndpointRecord): EndpointSettings {
  return {
    IPAMConfig: e.requestedIp || e.requestedIp6 ? { ...(e.requestedIp ? { IPv4Address: e.requestedIp } : {}), ...(e.requestedIp6 ? { IPv6Address: e.requestedIp6 } : {}) } : null,
    Links: null,
    Aliases: e.aliases.length > 0 ? [...e.aliases] : null,
    MacAddress: e.mac,
    NetworkID: net.id,
    EndpointID: e.endpointId,
    Gateway: e.gateway,
    IPAddress: e.ip,
    IPPrefixLen: e.prefixLen,
    IPv6Gateway: e.gateway6 ?? '',
    GlobalIPv6Address: e.ip6 ?? '',
    GlobalIPv6PrefixLen: e.prefixLen6 ?? 0,
    DriverOpts: null,
    DNSNames: net.bridge?.dns ? [e.containerName, ...e.aliases, e.containerId.slice(0, 12)] : null,
  };
}

/** libnetwork's texts for the IPAM failures a user can cause. */
function ipamError(err: unknown, net: NetworkRecord, requested: readonly string[]): unknown {
  if (!(err instanceof CniError)) return err;
  if (requested.length > 0 && /is not available|already reserved|already allocated/.test(err.detail)) return forbidden('Address already in use');
  if (/no IP addresses available/.test(err.detail)) {
    // host-local names the exhausted range set (`… in range set: fd00::2-fd00::ff`).
    const family = /range set: \S*:/.test(err.detail) ? 'IPv6' : 'IPv4';
    return unavailable(`no available ${family} addresses on this network's address pools: ${net.name} (${net.id})`);
  }
  return err;
}

export class Sandboxes {
  private readonly records = new Map<string, SandboxRecord>();
  private readonly lock = new KeyedLock();
  private readonly proxies = new LoopbackProxies();

  constructor(
    private readonly paths: SandboxPaths,
    private readonly ports: PortAllocator,
  ) {}

  /** Records from disk, plus an empty sandbox for each netns that has none (made, never attached). */
  async load(): Promise<void> {
    await Promise.all([mkdir(this.paths.netnsDir, { recursive: true }), mkdir(this.paths.recordDir, { recursive: true })]);
    for (const f of await readdir(this.paths.recordDir)) {
      if (!f.endsWith('.json') || f.startsWith('.')) continue;
      const rec = await readJsonIfExists<SandboxRecord>(join(this.paths.recordDir, f));
      if (!rec) continue;
      this.records.set(rec.containerId, rec);
      for (const e of rec.endpoints) {
        this.ports.restore(e.endpointId, e.ports);
        // A proxy that cannot come back leaves [::1] unserved, not the container's other ports.
        await this.proxies.open(e, e.containerName).catch((err: unknown) => log.warn('reopening [::1] port proxy', { endpoint: e.endpointId, err: String(err) }));
      }
    }
    for (const f of await readdir(this.paths.netnsDir)) {
      if (!this.records.has(f)) this.records.set(f, { containerId: f, key: this.netnsPath(f), endpoints: [] });
    }
  }

  get(containerId: string): SandboxRecord | undefined {
    return this.records.get(containerId);
  }

  all(): SandboxRecord[] {
    return [...this.records.values()];
  }

  *endpoints(): Iterable<EndpointRecord> {
    for (const s of this.records.values()) yield* s.endpoints;
  }

  private netnsPath(containerId: string): string {
    return join(this.paths.netnsDir, containerId);
  }

  private async save(rec: SandboxRecord): Promise<void> {
    await writeJsonAtomic(join(this.paths.recordDir, `${rec.containerId}.json`), rec);
    this.records.set(rec.containerId, rec);
  }

  /** The netns alone needs no record on disk: load() finds it by its file, and the first attach writes one. */
  create(containerId: string): Promise<string> {
    return this.lock.run(containerId, async () => {
      const existing = this.records.get(containerId);
      if (existing) return existing.key;
      const key = this.netnsPath(containerId);
      await createNetns(key);
      this.records.set(containerId, { containerId, key, endpoints: [] });
      return key;
    });
  }

  attach(containerId: string, net: NetworkRecord, opts: AttachOptions): Promise<EndpointSettings> {
    return this.lock.run(containerId, async () => {
      const sb = this.records.get(containerId);
      if (!sb) throw internal(`container ${containerId} has no network sandbox`);
      if (sb.endpoints.some((e) => e.networkId === net.id)) throw forbidden(`endpoint with name ${opts.name} already exists in network ${net.name}`);
      const b = net.bridge!;
      if (opts.ip) {
        if (net.builtin) throw forbidden('user specified IP address is supported on user defined networks only');
        if (!b.userSubnet) throw forbidden('user specified IP address is supported only when connecting to networks with user configured subnets');
        const ip = parseIp(opts.ip);
        if (ip === undefined) throw invalidArgument(`invalid IPv4 address: ${opts.ip}`);
        if (!contains(parseCidr(b.subnet), ip)) throw forbidden(`no configured subnet or ip-range contain the IP address ${opts.ip}`);
      }
      if (opts.ip6) checkRequestedIp6(net, opts.ip6);
      const requested = [opts.ip, opts.ip6].filter((x): x is string => Boolean(x));
      const endpointId = newId();
      const used = new Set(sb.endpoints.map((e) => e.ifName));
      let n = 0;
      while (used.has(`eth${n}`)) n++;
      const ifName = `eth${n}`;
      const ports = await this.ports.allocate(endpointId, opts.ports ?? [], `driver failed programming external connectivity on endpoint ${opts.name} (${endpointId})`);
      const runtimeConfig = { ...(requested.length > 0 ? { ips: requested } : {}), ...(opts.mac ? { mac: opts.mac } : {}), portMappings: portMappingsArg(ports) };
      let result: CniResult;
      try {
        result = await cniAdd(this.paths.cniPath, confList(net, this.paths.ipamDir, ports), { containerId, netns: sb.key, ifName, runtimeConfig });
      } catch (err) {
        this.ports.release(endpointId);
        throw ipamError(err, net, requested);
      }
      const ipConf = result.ips?.find((x) => !isV6(x.address));
      const ip6Conf = result.ips?.find((x) => isV6(x.address));
      const [ip = '', prefix = '0'] = ipConf?.address.split('/') ?? [];
      const [ip6, prefix6] = ip6Conf?.address.split('/') ?? [];
      const e: EndpointRecord = {
        networkId: net.id,
        endpointId,
        containerId,
        containerName: opts.name,
        aliases: [...new Set(opts.aliases ?? [])],
        ifName,
        ip,
        prefixLen: Number(prefix),
        gateway: ipConf?.gateway ?? '',
        mac: result.interfaces?.[ipConf?.interface ?? -1]?.mac ?? '',
        ...(opts.ip ? { requestedIp: opts.ip } : {}),
        ...(ip6 ? { ip6, prefixLen6: Number(prefix6), gateway6: ip6Conf?.gateway ?? '' } : {}),
        ...(opts.ip6 ? { requestedIp6: opts.ip6 } : {}),
        ports,
        ...(opts.dns?.length ? { dns: [...opts.dns] } : {}),
        ...(opts.links?.length ? { links: opts.links.map((l) => ({ ...l })) } : {}),
        ...(opts.notReady ? { notReady: true } : {}),
        cniResult: result,
      };
      try {
        await this.proxies.open(e, opts.name);
        await this.save({ ...sb, endpoints: [...sb.endpoints, e] });
      } catch (err) {
        await this.unplug(e, net, sb.key).catch(() => undefined);
        throw err;
      }
      return endpointSettings(net, e);
    });
  }

  /** CNI DEL for one endpoint; `netns` empty once the namespace is gone (only IPAM and rules are left then). */
  private async unplug(e: EndpointRecord, net: NetworkRecord | undefined, netns: string): Promise<void> {
    try {
      if (net?.bridge) {
        const rt = { containerId: e.containerId, netns, ifName: e.ifName, runtimeConfig: { portMappings: portMappingsArg(e.ports) } };
        await cniDel(this.paths.cniPath, confList(net, this.paths.ipamDir, e.ports), rt, e.cniResult);
      }
    } finally {
      this.ports.release(e.endpointId);
      await this.proxies.close(e.endpointId);
    }
  }

  /** Daemon shutdown: the [::1] listeners die with the process; a restarted daemon reopens them in load(). */
  closeProxies(): Promise<void> {
    return this.proxies.closeAll();
  }

  /** The container's DNS name on every network it is on (a rename). */
  rename(containerId: string, name: string): Promise<void> {
    return this.lock.run(containerId, async () => {
      const sb = this.records.get(containerId);
      if (!sb || sb.endpoints.length === 0) return;
      await this.save({ ...sb, endpoints: sb.endpoints.map((e) => ({ ...e, containerName: name })) });
    });
  }

  /** Marks every endpoint of the container ready or not (NetworkService.setReady). */
  setReady(containerId: string, ready: boolean): Promise<void> {
    return this.lock.run(containerId, async () => {
      const sb = this.records.get(containerId);
      if (!sb || sb.endpoints.every((e) => !e.notReady === ready)) return;
      await this.save({ ...sb, endpoints: sb.endpoints.map(({ notReady: _, ...e }) => (ready ? e : { ...e, notReady: true })) });
    });
  }

  detach(containerId: string, net: NetworkRecord): Promise<void> {
    return this.lock.run(containerId, async () => {
      const sb = this.records.get(containerId);
      const e = sb?.endpoints.find((x) => x.networkId === net.id);
      if (!sb || !e) throw notFound(`container ${containerId} is not connected to network ${net.name}`);
      await this.unplug(e, net, sb.key);
      await this.save({ ...sb, endpoints: sb.endpoints.filter((x) => x !== e) });
    });
  }

  /**
   * The namespace goes first: the kernel then reaps the container's veths itself,
   * and each CNI DEL only has leases and port rules left to drop.
   */
  destroy(containerId: string, network: (id: string) => NetworkRecord | undefined): Promise<void> {
    return this.lock.run(containerId, async () => {
      const sb = this.records.get(containerId);
      await removeNetns(sb?.key ?? this.netnsPath(containerId));
      if (!sb) return;
      let first: unknown;
      for (const e of sb.endpoints) {
        await this.unplug(e, network(e.networkId), '').catch((err: unknown) => {
          first ??= err;
        });
      }
      await rm(join(this.paths.recordDir, `${containerId}.json`), { force: true });
      this.records.delete(containerId);
      if (first) throw first;
    });
  }
}

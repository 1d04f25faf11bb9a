/**
 * The `/networks` endpoints: the network service's operations plus what
 * involves containers (connect, disconnect) and Docker's network events.
 */
import type { EndpointSettings, Filters } from '../../apitypes/containers.js';
import type { NetworkCreateRequest, NetworkCreateResponse, NetworkPruneResponse, NetworkResource } from '../../apitypes/networks.js';
import { forbidden, notFound } from '../../errdefs/index.js';
import type { NetworkService } from '../../network/index.js';
import type { EngineContext } from '../context.js';
import type { NetworkApiService } from '../types.js';
import { ownsSandbox, requestedEndpoint } from './endpoints.js';
import { listFilter, pruneFilter } from './network-filters.js';
import { dnsLinks, emitNetworkEvent, settleReleases, updateHostsForEndpoint } from './sandbox.js';

export class NetworkApiServiceImpl implements NetworkApiService {
  constructor(
    private readonly ctx: EngineContext,
    private readonly network: NetworkService,
  ) {}

  private emit(action: 'create' | 'destroy', id: string, name: string): void {
    this.ctx.events.publish('network', action, { ID: id, Attributes: { name, type: 'bridge' } });
  }

  list(filters?: Filters): NetworkResource[] {
    const keep = listFilter(filters, (id) => Object.keys(this.network.inspect(id).Containers).length);
    return this.network.list(keep);
  }

  inspect(ref: string): NetworkResource {
    return this.network.inspect(ref);
  }

  async create(req: NetworkCreateRequest): Promise<NetworkCreateResponse> {
    const res = await this.network.create(req);
    this.emit('create', res.Id, req.Name);
    return res;
  }

  async remove(ref: string): Promise<void> {
    const net = this.network.get(ref);
    await settleReleases(this.ctx);
    await this.network.remove(net.id);
    this.emit('destroy', net.id, net.name);
  }

  async prune(filters?: Filters): Promise<NetworkPruneResponse> {
    const keep = pruneFilter(filters);
    await settleReleases(this.ctx);
    const before = new Map(this.network.list().map((n) => [n.Name, n.Id]));
    const res = await this.network.prune(keep);
    for (const name of res.NetworksDeleted ?? []) this.emit('destroy', before.get(name) ?? '', name);
    return res;
  }

  async connect(networkRef: string, containerRef: string, cfg?: EndpointSettings | null): Promise<void> {
    const c = this.ctx.store.get(containerRef);
    const net = this.network.get(networkRef);
    await c.lock.run(async () => {
      const mode = c.record.HostConfig.NetworkMode;
      if (!ownsSandbox(mode) || !c.record.Networks) {
        throw forbidden(mode === 'host' ? 'container cannot be disconnected from host network or connected to host network' : 'container sharing network namespace with another container or host cannot be connected to any other network');
      }
      if (net.driver === 'host') throw forbidden('container cannot be disconnected from host network or connected to host network');
      if (net.driver === 'null') throw forbidden('container cannot be connected to multiple networks with one of the networks in private (none) mode');
      if (c.record.Networks[net.name]) throw forbidden(`endpoint with name ${c.name.slice(1)} already exists in network ${net.name}`);
      const { endpoint } = requestedEndpoint(this.network, net.id, cfg ?? undefined);
      if (c.running && this.network.sandbox(c.id)) {
        const attached = await this.network.attach(c.id, net.id, {
          name: c.name.slice(1),
          aliases: endpoint.Aliases ?? undefined,
          links: dnsLinks(net, endpoint),
          ip: endpoint.IPAMConfig?.IPv4Address || undefined,
          ip6: endpoint.IPAMConfig?.IPv6Address || undefined,
          mac: endpoint.MacAddress || undefined,
          dns: c.record.HostConfig.Dns ?? undefined,
        });
        if (attached.IPAddress) await updateHostsForEndpoint(c, attached.IPAddress, 'add');
        emitNetworkEvent(this.ctx, 'connect', net.id, net.name, c.id);
      }
      c.record.Networks[net.name] = endpoint;
      await this.ctx.store.save(c);
    });
  }

  async disconnect(networkRef: string, containerRef: string, force: boolean): Promise<void> {
    const c = this.ctx.store.get(containerRef);
    const net = this.network.get(networkRef);
    await c.lock.run(async () => {
      if (net.driver === 'host' && c.record.HostConfig.NetworkMode === 'host') throw forbidden('container cannot be disconnected from host network or connected to host network');
      if (!c.record.Networks?.[net.name]) throw notFound(`container ${c.id} is not connected to network ${net.name}`);
      const live = c.running ? this.network.sandbox(c.id)?.endpoints.find((e) => e.networkId === net.id) : undefined;
      if (live) {
        try {
          await this.network.detach(c.id, net.id);
        } catch (err) {
          if (!force) throw err;
        }
        await updateHostsForEndpoint(c, live.ip, 'remove');
        emitNetworkEvent(this.ctx, 'disconnect', net.id, net.name, c.id);
      }
      delete c.record.Networks[net.name];
      await this.ctx.store.save(c);
    });
  }
}

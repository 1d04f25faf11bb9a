/**
 * Published TCP ports on `[::1]` for endpoints with an IPv6 address. IPv4's
 * 127.0.0.1 works through portmap's DNAT (route_localnet), but IPv6 has no such
 * switch: a DNATed packet from ::1 gets its reply on the bridge, a martian the
 * kernel drops. dockerd's docker-proxy covers this; here the daemon listens on
 * [::1]:<host port> itself and splices each connection to the container's IPv6
 * address, and ip6tables leaves ::1 alone (iptables.ts, WHARF-OUTPUT).
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { internal } from '../errdefs/index.js';
import type { EndpointRecord, PortMapping } from './types.js';

/** Mappings `[::1]` answers for: TCP, bound on every address (no host IP) or on ::1 itself. */
function loopbackMappings(e: EndpointRecord): PortMapping[] {
  if (!e.ip6) return [];
  return e.ports.filter((p) => p.protocol === 'tcp' && (p.hostIp === '' || p.hostIp === '::1'));
}

function splice(client: Socket, target: string, port: number): void {
  const upstream = connect({ host: target, port });
  const drop = (): void => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', drop);
  upstream.on('error', drop);
  client.pipe(upstream);
  upstream.pipe(client);
}

interface Listener {
  server: Server;
  conns: Set<Socket>;
}

async function listen(e: EndpointRecord, m: PortMapping): Promise<Listener> {
  const conns = new Set<Socket>();
  const server = createServer((client) => {
    conns.add(client);
    client.on('close', () => conns.delete(client));
    splice(client, e.ip6!, m.containerPort);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '::1', port: m.hostPort, exclusive: true, ipv6Only: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { server, conns };
}

/** The endpoint is going: open connections go with it rather than hold the port. */
function close(l: Listener): Promise<void> {
  return new Promise((resolve) => {
    l.server.close(() => resolve());
    for (const c of l.conns) c.destroy();
  });
}

export class LoopbackProxies {
  private readonly servers = new Map<string, Listener[]>();

  /** All or nothing: a port another program holds on ::1 fails the endpoint, as docker-proxy's bind does. */
  async open(e: EndpointRecord, endpointName: string): Promise<void> {
    const opened: Listener[] = [];
    try {
      for (const m of loopbackMappings(e)) opened.push(await listen(e, m));
    } catch (err) {
      await Promise.all(opened.map(close));
      const m = loopbackMappings(e)[opened.length];
      throw internal(`driver failed programming external connectivity on endpoint ${endpointName} (${e.endpointId}): Bind for [::1]:${m?.hostPort ?? 0} failed: ${(err as Error).message}`, err);
    }
    if (opened.length > 0) this.servers.set(e.endpointId, opened);
  }

  async close(endpointId: string): Promise<void> {
    const servers = this.servers.get(endpointId) ?? [];
    this.servers.delete(endpointId);
    await Promise.all(servers.map(close));
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.servers.keys()].map((id) => this.close(id)));
  }
}

/**
 * Published ports: HostConfig.PortBindings / ExposedPorts / PublishAllPorts into
 * requests, host ports chosen and held (Docker's port allocator), and the
 * NetworkSettings.Ports map inspect shows. portmap's DNAT holds no socket, so a
 * port is probed by binding it in Node before it is promised to a container.
 */
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { PortBinding } from '../apitypes/containers.js';
import { errnoCode, internal, notImplemented } from '../errdefs/index.js';
import { parseHostPortRange, parsePortKey } from '../util/port-spec.js';
import type { PortMapping, PortRequest, Protocol } from './types.js';

/** What `-p`/`-P` asked for; `-P` gives every exposed port without a binding a random host port. */
export function portRequests(
  exposed: Record<string, object> | null | undefined,
  bindings: Record<string, PortBinding[] | null> | null | undefined,
  publishAll: boolean,
): PortRequest[] {
  const out: PortRequest[] = [];
  const keys = new Set([...Object.keys(bindings ?? {}), ...(publishAll ? Object.keys(exposed ?? {}) : [])]);
  for (const key of keys) {
    const { port, protocol } = parsePortKey(key);
    const list = bindings?.[key]?.length ? bindings[key]! : [{ HostIp: '', HostPort: '' }];
    for (const b of list) {
      const hostIp = b.HostIp === '0.0.0.0' ? '' : (b.HostIp ?? '');
      if (hostIp.includes(':')) throw notImplemented(`IPv6 port bindings are not supported: ${hostIp}`);
      const [hostPortStart, hostPortEnd] = parseHostPortRange(b.HostPort);
      out.push({ hostIp, hostPortStart, hostPortEnd, containerPort: port, protocol });
    }
  }
  return out;
}

/** NetworkSettings.Ports: every exposed or published port, `null` when not published. */
export function portsMap(exposed: Record<string, object> | null | undefined, mappings: readonly PortMapping[]): Record<string, PortBinding[] | null> {
  const out: Record<string, PortBinding[] | null> = {};
  for (const key of Object.keys(exposed ?? {})) out[key.includes('/') ? key : `${key}/tcp`] = null;
  for (const m of mappings) {
    (out[`${m.containerPort}/${m.protocol}`] ??= []).push({ HostIp: m.hostIp || '0.0.0.0', HostPort: String(m.hostPort) });
  }
  return out;
}

/** Whether the host lets us bind this port now (another program holds it if not). */
async function probe(protocol: Protocol, ip: string, port: number): Promise<boolean> {
  const address = ip || '0.0.0.0';
  const busy = (err: unknown): boolean => {
    if (errnoCode(err) === 'EADDRINUSE' || errnoCode(err) === 'EACCES') return false;
    throw internal(`failed to bind ${address}:${port}/${protocol}: ${(err as Error).message}`, err);
  };
  if (protocol === 'sctp') return true;
  if (protocol === 'udp') {
    const sock = createSocket('udp4');
    return new Promise<boolean>((resolve, reject) => {
      sock.once('error', (err) => {
        sock.close();
        try {
          resolve(busy(err));
        } catch (e) {
          reject(e);
        }
      });
      sock.bind({ address, port, exclusive: true }, () => sock.close(() => resolve(true)));
    });
  }
  const server = createServer();
  return new Promise<boolean>((resolve, reject) => {
    server.once('error', (err) => {
      try {
        resolve(busy(err));
      } catch (e) {
        reject(e);
      }
    });
    server.listen({ host: address, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function defaultEphemeralRange(): [number, number] {
  try {
    const [lo, hi] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (lo && hi && lo <= hi) return [lo, hi];
  } catch {
    // Not Linux-like: Docker's own default range below.
  }
  return [49153, 65535];
}

interface Held {
  owner: string;
  protocol: Protocol;
  hostIp: string;
  port: number;
}

export class PortAllocator {
  private readonly held: Held[] = [];
  private readonly range: [number, number];
  private cursor: number;

  constructor(range?: [number, number]) {
    this.range = range ?? defaultEphemeralRange();
    // Not from the range's start as Docker's allocator: a port published through DNAT has
    // no socket for the probe to see, so two engines on one host (side-by-side daemons,
    // test daemons) scanning from the same start would hand out the same ports.
    this.cursor = this.range[0] + randomInt(this.range[1] - this.range[0] + 1);
  }

  private taken(protocol: Protocol, hostIp: string, port: number): boolean {
    // 0.0.0.0 (empty) collides with every address on the same port, and every address with it.
    return this.held.some((h) => h.protocol === protocol && h.port === port && (h.hostIp === hostIp || h.hostIp === '' || hostIp === ''));
  }

  /** Ports a restarted daemon finds already programmed. */
  restore(owner: string, mappings: readonly PortMapping[]): void {
    for (const m of mappings) this.held.push({ owner, protocol: m.protocol, hostIp: m.hostIp, port: m.hostPort });
  }

  release(owner: string): void {
    for (let i = this.held.length - 1; i >= 0; i--) if (this.held[i]!.owner === owner) this.held.splice(i, 1);
  }

  private async claim(owner: string, protocol: Protocol, hostIp: string, port: number): Promise<boolean> {
    if (this.taken(protocol, hostIp, port)) return false;
    // Held before the probe resolves, so a concurrent request cannot take the same port meanwhile.
    const h: Held = { owner, protocol, hostIp, port };
    this.held.push(h);
    if (await probe(protocol, hostIp, port)) return true;
    this.held.splice(this.held.indexOf(h), 1);
    return false;
  }

  private async one(owner: string, r: PortRequest, endpoint: string): Promise<PortMapping> {
    const mapping = (hostPort: number): PortMapping => ({ hostIp: r.hostIp, hostPort, containerPort: r.containerPort, protocol: r.protocol });
    if (r.hostPortStart === 0) {
      const [lo, hi] = this.range;
      for (let n = 0; n <= hi - lo; n++) {
        const port = this.cursor;
        this.cursor = port >= hi ? lo : port + 1;
        if (await this.claim(owner, r.protocol, r.hostIp, port)) return mapping(port);
      }
      throw internal(`${endpoint}: all ports are allocated`);
    }
    for (let port = r.hostPortStart; port <= r.hostPortEnd; port++) {
      if (await this.claim(owner, r.protocol, r.hostIp, port)) return mapping(port);
    }
    const ports = r.hostPortStart === r.hostPortEnd ? `${r.hostPortStart}` : `${r.hostPortStart}-${r.hostPortEnd}`;
    throw internal(`${endpoint}: Bind for ${r.hostIp || '0.0.0.0'}:${ports} failed: port is already allocated`);
  }

  /** All or nothing: on failure the ports claimed for this call are released. `endpoint` prefixes Docker's message. */
  async allocate(owner: string, reqs: readonly PortRequest[], endpoint: string): Promise<PortMapping[]> {
    const got: PortMapping[] = [];
    try {
      for (const r of reqs) got.push(await this.one(owner, r, endpoint));
      return got;
    } catch (err) {
      for (const m of got) {
        const i = this.held.findIndex((h) => h.owner === owner && h.port === m.hostPort && h.protocol === m.protocol && h.hostIp === m.hostIp);
        if (i >= 0) this.held.splice(i, 1);
      }
      throw err;
    }
  }
}

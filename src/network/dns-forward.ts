/**
 * Forwarding a query the embedded DNS server cannot answer to the host's
 * resolvers, over the transport the client used, trying each in turn.
 */
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { readFileSync } from 'node:fs';

export interface Upstream {
  host: string;
  port: number;
}

const TIMEOUT_MS = 2000;

/** `ip` or `ip:port` (IPv4) entries. */
export function parseUpstreams(list: readonly string[]): Upstream[] {
  return list.map((s) => {
    const m = /^([\d.]+):(\d+)$/.exec(s);
    return m ? { host: m[1]!, port: Number(m[2]) } : { host: s, port: 53 };
  });
}

/** The IPv4 nameservers of the host's resolv.conf. */
export function hostUpstreams(path = '/etc/resolv.conf'): Upstream[] {
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  const ips = text
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f[0] === 'nameserver' && f[1] && /^[\d.]+$/.test(f[1]))
    .map((f) => f[1]!);
  return parseUpstreams(ips);
}

function viaUdp(query: Buffer, u: Upstream): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const sock = createSocket('udp4');
    let finished = false;
    const done = (reply: Buffer | undefined): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      sock.close();
      resolve(reply);
    };
    const timer = setTimeout(() => done(undefined), TIMEOUT_MS);
    sock.on('error', () => done(undefined));
    sock.on('message', (msg) => {
      // A reply to someone else's id is not ours to relay.
      if (msg.length >= 2 && msg.readUInt16BE(0) === query.readUInt16BE(0)) done(msg);
    });
    sock.send(query, u.port, u.host);
  });
}

function viaTcp(query: Buffer, u: Upstream): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const sock = connect({ host: u.host, port: u.port });
    let buf = Buffer.alloc(0);
    const done = (reply: Buffer | undefined): void => {
      sock.destroy();
      resolve(reply);
    };
    sock.setTimeout(TIMEOUT_MS, () => done(undefined));
    sock.on('error', () => done(undefined));
    sock.on('connect', () => {
      const len = Buffer.alloc(2);
      len.writeUInt16BE(query.length);
      sock.write(Buffer.concat([len, query]));
    });
    sock.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) done(buf.subarray(2, 2 + buf.readUInt16BE(0)));
    });
    sock.on('end', () => done(undefined));
  });
}

export async function forward(query: Buffer, upstreams: readonly Upstream[], transport: 'udp' | 'tcp'): Promise<Buffer | undefined> {
  for (const u of upstreams) {
    const reply = transport === 'udp' ? await viaUdp(query, u) : await viaTcp(query, u);
    if (reply) return reply;
  }
  return undefined;
}

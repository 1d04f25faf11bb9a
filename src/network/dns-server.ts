/**
 * One embedded DNS listener: UDP and TCP (length-prefixed, RFC 1035 §4.2.2) on
 * a user network's gateway address. What to answer is the handler's business.
 */
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server, type Socket as NetSocket } from 'node:net';
import { logger } from '../util/logger.js';

const log = logger('dns');

export type DnsHandler = (query: Buffer, source: string, transport: 'udp' | 'tcp') => Promise<Buffer | undefined>;

export class DnsListener {
  private udp?: Socket;
  private tcp?: Server;
  private readonly conns = new Set<NetSocket>();

  constructor(
    readonly address: string,
    readonly port: number,
    private readonly handler: DnsHandler,
  ) {}

  async start(): Promise<void> {
    const udp = createSocket({ type: 'udp4', reuseAddr: true });
    udp.on('message', (msg, rinfo) => {
      this.handler(msg, rinfo.address, 'udp').then(
        (reply) => reply && udp.send(reply, rinfo.port, rinfo.address),
        (err: unknown) => log.warn('dns query failed', { err: String(err) }),
      );
    });
    udp.on('error', (err) => log.warn('dns udp error', { address: this.address, err: err.message }));
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(this.port, this.address, () => {
        udp.off('error', reject);
        resolve();
      });
    });
    this.udp = udp;

    const tcp = createServer((conn) => {
      let buf = Buffer.alloc(0);
      this.conns.add(conn);
      conn.on('close', () => this.conns.delete(conn));
      conn.setTimeout(10_000, () => conn.destroy());
      conn.on('error', () => conn.destroy());
      conn.on('data', (chunk: Buffer) => {
        buf = Buffer.concat([buf, chunk]);
        while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
          const msg = buf.subarray(2, 2 + buf.readUInt16BE(0));
          buf = buf.subarray(2 + msg.length);
          this.handler(msg, conn.remoteAddress?.replace(/^::ffff:/, '') ?? '', 'tcp').then(
            (reply) => {
              if (!reply || conn.destroyed) return;
              const len = Buffer.alloc(2);
              len.writeUInt16BE(reply.length);
              conn.write(Buffer.concat([len, reply]));
            },
            (err: unknown) => log.warn('dns query failed', { err: String(err) }),
          );
        }
      });
    });
    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once('error', reject);
        tcp.listen({ host: this.address, port: this.port }, () => {
          tcp.off('error', reject);
          resolve();
        });
      });
    } catch (err) {
      udp.close();
      this.udp = undefined;
      throw err;
    }
    this.tcp = tcp;
  }

  async close(): Promise<void> {
    const udp = this.udp;
    const tcp = this.tcp;
    this.udp = undefined;
    this.tcp = undefined;
    await Promise.all([
      udp ? new Promise<void>((r) => udp.close(() => r())) : undefined,
      tcp
        ? new Promise<void>((r) => {
            tcp.close(() => r());
            for (const c of this.conns) c.destroy();
          })
        : undefined,
    ]);
  }
}

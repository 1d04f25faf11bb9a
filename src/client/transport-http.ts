/**
 * The node:http transport: one keep-alive agent for plain requests; a
 * connection of its own for each upgrade, handed over raw after the 101.
 */
import { Agent, request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { Endpoint } from './host.js';
import type { OutgoingRequest, RawResponse, Transport, Upgraded } from './transport.js';

function raw(res: IncomingMessage): RawResponse {
  return {
    statusCode: res.statusCode ?? 500,
    statusMessage: res.statusMessage ?? '',
    header(name) {
      const v = res.headers[name];
      return Array.isArray(v) ? v[0] : v;
    },
    async bytes() {
      const chunks: Buffer[] = [];
      for await (const chunk of res) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    discard: () => void res.resume(),
    stream: () => Promise.resolve(res),
  };
}

export class HttpTransport implements Transport {
  private readonly agent = new Agent({ keepAlive: true });

  constructor(private readonly endpoint: Endpoint) {}

  close(): void {
    this.agent.destroy();
  }

  send(req: OutgoingRequest): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const out = httpRequest({ ...this.target(), method: req.method, path: req.route, headers: req.headers, agent: this.agent, signal: req.signal });
      out.on('response', (res: IncomingMessage) => resolve(raw(res)));
      out.on('error', reject);
      if (req.body === undefined || Buffer.isBuffer(req.body)) {
        out.end(req.body);
      } else {
        req.body.on('error', (err: Error) => out.destroy(err));
        req.body.pipe(out);
      }
    });
  }

  upgrade(req: OutgoingRequest): Promise<Upgraded> {
    return new Promise((resolve, reject) => {
      const out = httpRequest({ ...this.target(), method: req.method, path: req.route, headers: req.headers, agent: false });
      out.on('upgrade', (_res: IncomingMessage, socket: Socket, head: Buffer) => {
        // Bytes the daemon sent right after its headers go back in front of the stream.
        if (head.length > 0) socket.unshift(head);
        resolve({ socket });
      });
      out.on('response', (res: IncomingMessage) => resolve({ answer: raw(res) }));
      out.on('error', reject);
      out.end(Buffer.isBuffer(req.body) ? req.body : undefined);
    });
  }

  /** A request passed through as it is, on the keep-alive agent: the dashboard's forwarder. */
  forward(method: string, path: string, headers: Readonly<Record<string, string | string[]>>, body: NodeJS.ReadableStream, signal?: AbortSignal): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const out = httpRequest({ ...this.target(), method, path, headers, agent: this.agent, signal });
      out.on('response', resolve);
      out.on('error', reject);
      body.on('error', (err: Error) => out.destroy(err));
      body.pipe(out);
    });
  }

  private target(): RequestOptions {
    return this.endpoint.kind === 'unix'
      ? { socketPath: this.endpoint.socketPath, host: 'wharf' }
      : { host: this.endpoint.hostname, port: this.endpoint.port };
  }
}

export function createTransport(endpoint: Endpoint): HttpTransport {
  return new HttpTransport(endpoint);
}

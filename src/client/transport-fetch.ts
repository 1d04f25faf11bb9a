/**
 * The transport on Bun: its `fetch` (which speaks to unix sockets and pools
 * connections) for requests, node:net for upgrades. node:stream loads only
 * when a caller streams a response body.
 */
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Endpoint } from './host.js';
import type { ApiResponse, OutgoingRequest, RawResponse, Transport, Upgraded } from './transport.js';
import { upgradeOn } from './upgrade.js';

/** Bun's extensions of fetch's options. */
interface BunRequestInit extends RequestInit {
  unix?: string;
  /** false: no idle deadline (logs -f, events and wait may stay quiet for hours), as with node:http. */
  timeout?: boolean;
  /** Bodies are passed on as the daemon sent them. */
  decompress?: boolean;
}

/** A Node stream as a web stream, for fetch's request body. */
function webBody(source: NodeJS.ReadableStream): ReadableStream<Uint8Array> {
  const chunks = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(typeof next.value === 'string' ? Buffer.from(next.value) : next.value);
    },
    async cancel() {
      await chunks.return?.();
    },
  });
}

function raw(res: Response): RawResponse {
  return {
    statusCode: res.status,
    statusMessage: res.statusText,
    header: (name) => res.headers.get(name) ?? undefined,
    bytes: async () => Buffer.from(await res.arrayBuffer()),
    // Read to the end so the connection goes back to the pool.
    discard: () => void res.arrayBuffer().catch(() => undefined),
    async stream(): Promise<ApiResponse> {
      const { Readable } = await import('node:stream');
      const body = res.body ? Readable.fromWeb(res.body as WebReadableStream<Uint8Array>) : Readable.from([]);
      return Object.assign(body, { statusCode: res.status, headers: Object.fromEntries(res.headers) });
    },
  };
}

class FetchTransport implements Transport {
  private readonly base: string;

  constructor(private readonly endpoint: Endpoint) {
    this.base = endpoint.kind === 'unix' ? 'http://wharf' : `http://${endpoint.hostname.includes(':') ? `[${endpoint.hostname}]` : endpoint.hostname}:${endpoint.port}`;
  }

  close(): void {
    // fetch's pool holds no handles that keep the process alive.
  }

  async send(req: OutgoingRequest): Promise<RawResponse> {
    const init: BunRequestInit = {
      method: req.method,
      headers: req.headers,
      // A Buffer is a Uint8Array, which fetch takes; the DOM typings only want one over a plain ArrayBuffer.
      body: req.body === undefined || Buffer.isBuffer(req.body) ? (req.body as unknown as BodyInit | undefined) : webBody(req.body),
      signal: req.signal,
      timeout: false,
      decompress: false,
      ...(this.endpoint.kind === 'unix' ? { unix: this.endpoint.socketPath } : {}),
    };
    return raw(await fetch(`${this.base}${req.route}`, init));
  }

  async upgrade(req: OutgoingRequest): Promise<Upgraded> {
    const { createConnection } = await import('node:net');
    const e = this.endpoint;
    const socket = e.kind === 'unix' ? createConnection({ path: e.socketPath }) : createConnection({ host: e.hostname, port: e.port });
    return upgradeOn(socket, req, e.kind === 'unix' ? 'wharf' : e.hostname);
  }
}

export function createTransport(endpoint: Endpoint): Transport {
  return new FetchTransport(endpoint);
}

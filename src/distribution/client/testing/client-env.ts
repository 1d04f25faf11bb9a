/**
 * For the registry client's tests: scratch engines (content, snapshots, images
 * under one temp dir), the colleague's registry on 127.0.0.1, a client per
 * engine, and an HTTP proxy in front of the registry that records every request
 * and can cut a response after some bytes (an interrupted pull).
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { legacyArchive, withScratch, type Engine, type Scratch } from '../../../images/testing/image-fixtures.js';
import type { ImageRecord } from '../../../images/index.js';
import type { RegistryServerOptions } from '../../server/index.js';
import { layerTar, withRegistry, type TestRegistry } from '../../server/testing/test-registry.js';
import { DistributionClient } from '../client.js';
import type { ClientOptions, ProgressEvent } from '../types.js';

export interface ClientEnv {
  scratch: Scratch;
  registry: TestRegistry;
  /** `127.0.0.1:<port>`: the registry's domain in references. */
  domain: string;
  /** A fresh engine and a client over it; the client is closed at the end. */
  engine(name: string, opts?: ClientOptions): Promise<Engine & { client: DistributionClient }>;
}

export async function withClientEnv(registryOpts: Partial<RegistryServerOptions>, fn: (env: ClientEnv) => Promise<void>): Promise<void> {
  const clients: DistributionClient[] = [];
  try {
    await withScratch((scratch) =>
      withRegistry(registryOpts, (registry) =>
        fn({
          scratch,
          registry,
          domain: `${registry.server.host}:${registry.server.port}`,
          async engine(name, opts) {
            const e = await scratch.open(name);
            const client = new DistributionClient({ content: e.content, images: e.images }, opts);
            clients.push(client);
            return { ...e, client };
          },
        }),
      ),
    );
  } finally {
    for (const c of clients) c.close();
  }
}

/** A one-layer image made by `docker import` of these files, tagged `ref`. */
export async function importImage(e: Engine, ref: string, files: Record<string, string>): Promise<ImageRecord> {
  return e.images.importRootfs(Readable.from(await layerTar(files)), { ref });
}

/** Images with several layers each (a `docker load` of a legacy archive); layers repeat by content. */
export async function loadImages(e: Engine, images: Array<{ tags: string[]; layers: Array<Record<string, string>> }>): Promise<void> {
  const { tar } = await legacyArchive(images.map((img) => ({ tags: img.tags, layers: img.layers.map((files) => Object.entries(files).map(([name, body]) => ({ name, body }))) })));
  await e.images.load(tar);
}

/** Collects progress events; `lines()` renders them as `docker pull` prints them without a terminal. */
export class Events {
  readonly all: ProgressEvent[] = [];
  readonly sink = (e: ProgressEvent): void => {
    this.all.push(e);
  };

  lines(): string[] {
    return this.all.filter((e) => e.status !== undefined && e.status !== 'Downloading' && e.status !== 'Pushing').map((e) => (e.id ? `${e.id}: ${e.status}` : (e.status as string)));
  }

  statuses(id: string): string[] {
    return this.all.filter((e) => e.id === id).map((e) => e.status as string);
  }
}

export interface ProxiedRequest {
  method: string;
  url: string;
  range?: string;
  status?: number;
  /** Body bytes passed to the client. */
  sent: number;
}

export interface Proxy {
  /** `127.0.0.1:<port>`, to use as the registry domain. */
  domain: string;
  log: ProxiedRequest[];
  /** Bytes of a response body to pass before cutting the connection, or undefined to pass it all. */
  cut?: (req: IncomingMessage, entry: ProxiedRequest) => number | undefined;
  close(): Promise<void>;
}

/** An HTTP proxy in front of `target` (`http://127.0.0.1:port`) that keeps the client's Host header. */
export async function startProxy(target: string): Promise<Proxy> {
  const upstream = new URL(target);
  const proxy: Proxy = { domain: '', log: [], close: async () => undefined };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const entry: ProxiedRequest = { method: req.method ?? 'GET', url: req.url ?? '/', sent: 0 };
    if (typeof req.headers.range === 'string') entry.range = req.headers.range;
    proxy.log.push(entry);
    const limit = proxy.cut?.(req, entry);
    const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      entry.status = up.statusCode;
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.on('data', (chunk: Buffer) => {
        if (limit !== undefined && entry.sent + chunk.length >= limit) {
          const part = chunk.subarray(0, Math.max(0, limit - entry.sent));
          entry.sent = limit;
          up.destroy();
          // Cut only once the partial body is on the wire, so the client sees a response stop short.
          res.write(part, () => res.socket?.destroy());
          return;
        }
        entry.sent += chunk.length;
        res.write(chunk);
      });
      up.on('end', () => res.end());
    });
    out.on('error', () => res.socket?.destroy());
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.domain = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
    });
  return proxy;
}

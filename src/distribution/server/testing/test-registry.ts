/** For the registry's tests: a server on 127.0.0.1 under a fresh temp dir, a raw HTTP client, and a tiny image. */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import tar from 'tar-stream';
import { MediaType } from '../../../oci/image.js';
import { sha256, type Digest } from '../../../util/digest.js';
import { withTempDir } from '../../../../test/support/temp-dir.js';
import { createRegistryServer, type RegistryServer, type RegistryServerOptions } from '../server.js';

export interface TestRegistry {
  server: RegistryServer;
  dir: string;
  root: string;
  /** A request to this registry. */
  call(method: string, path: string, opts?: RequestOptions): Promise<HttpResult>;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  body?: Buffer | string;
  ca?: Buffer;
}

export interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  json<T = unknown>(): T;
  /** The first error code of a spec error body. */
  code(): string | undefined;
}

export function request(base: string, method: string, path: string, opts: RequestOptions = {}): Promise<HttpResult> {
  const url = new URL(path, base);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const body = opts.body === undefined ? undefined : Buffer.from(opts.body);
  const headers: Record<string, string> = { ...opts.headers };
  if (body !== undefined && headers['Content-Length'] === undefined) headers['Content-Length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const req = send(url, { method, headers, ca: opts.ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: buf,
          json: <T>() => JSON.parse(buf.toString('utf8')) as T,
          code: () => (buf.length ? (JSON.parse(buf.toString('utf8')) as { errors?: Array<{ code: string }> }).errors?.[0]?.code : undefined),
        });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Run `fn` against a fresh registry; the server and its directory are gone afterwards, pass or fail. */
export async function withRegistry(opts: Partial<RegistryServerOptions>, fn: (r: TestRegistry) => Promise<void>): Promise<void> {
  await withTempDir(async (dir) => {
    const root = join(dir, 'registry');
    const server = await createRegistryServer({ root, addr: '127.0.0.1:0', ...opts });
    try {
      const base = server.url;
      await fn({ server, dir, root, call: (method, path, o) => request(base, method, path, o) });
    } finally {
      await server.close();
    }
  });
}

export async function layerTar(files: Record<string, string>): Promise<Buffer> {
  const p = tar.pack();
  for (const [name, body] of Object.entries(files)) p.entry({ name, mode: 0o644, mtime: new Date('2020-01-02T03:04:05Z') }, body);
  p.finalize();
  const chunks: Buffer[] = [];
  // streamx readables are async-iterable at runtime; their typings omit it.
  for await (const c of p as unknown as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

export interface Blob {
  digest: Digest;
  data: Buffer;
}

export function blobOf(data: Buffer | string): Blob {
  const buf = Buffer.from(data);
  return { digest: sha256(buf), data: buf };
}

export interface TinyImage {
  config: Blob;
  layers: Blob[];
  manifest: Blob;
  mediaType: string;
}

/** An OCI image: config + two layers (real tars) + manifest. */
export async function tinyImage(seed = 'a'): Promise<TinyImage> {
  const layers = [blobOf(await layerTar({ [`${seed}-1.txt`]: `one ${seed}\n` })), blobOf(await layerTar({ [`${seed}-2.txt`]: `two ${seed}\n` }))];
  const config = blobOf(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { Cmd: ['/bin/sh'] },
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) },
    }),
  );
  const manifest = blobOf(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.OciManifest,
      config: { mediaType: MediaType.OciConfig, digest: config.digest, size: config.data.length },
      layers: layers.map((l) => ({ mediaType: MediaType.OciLayer, digest: l.digest, size: l.data.length })),
    }),
  );
  return { config, layers, manifest, mediaType: MediaType.OciManifest };
}

/** POST then PUT, the way most clients push a small blob. */
export async function pushBlob(r: TestRegistry, name: string, blob: Blob, headers: Record<string, string> = {}): Promise<HttpResult> {
  const start = await r.call('POST', `/v2/${name}/blobs/uploads/`, { headers });
  if (start.status !== 202) return start;
  const location = new URL(String(start.headers.location), r.server.url);
  location.searchParams.set('digest', blob.digest);
  return r.call('PUT', location.pathname + location.search, { body: blob.data, headers: { ...headers, 'Content-Type': 'application/octet-stream' } });
}

export async function pushManifest(r: TestRegistry, name: string, ref: string, manifest: Blob, mediaType: string, headers: Record<string, string> = {}): Promise<HttpResult> {
  return r.call('PUT', `/v2/${name}/manifests/${ref}`, { body: manifest.data, headers: { ...headers, 'Content-Type': mediaType } });
}

export async function pushImage(r: TestRegistry, name: string, tag: string, image: TinyImage, headers: Record<string, string> = {}): Promise<HttpResult> {
  for (const b of [image.config, ...image.layers]) {
    const res = await pushBlob(r, name, b, headers);
    if (res.status !== 201) throw new Error(`push blob ${b.digest}: ${res.status} ${res.body.toString()}`);
  }
  return pushManifest(r, name, tag, image.manifest, image.mediaType, headers);
}

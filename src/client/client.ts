/**
 * A Docker Engine API client over a unix socket (or tcp): negotiates the API
 * version with `GET /_ping` once, prefixes `/v1.xx`, sends JSON / tar /
 * streamed bodies, turns error bodies into ApiError, and hijacks connections
 * (`Upgrade: tcp`, 101) for attach and exec. The transport underneath is the
 * runtime's own (transport.ts).
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { errnoCode, unavailable } from '../errdefs/index.js';
import { compareVersions } from '../util/versions.js';
import { errorFromResponse } from './errors.js';
import { parseHost, type Endpoint } from './host.js';
import type { ApiResponse, OutgoingRequest, RawResponse, Transport } from './transport.js';
import type { HttpTransport } from './transport-http.js';

export type { ApiResponse } from './transport.js';

/** Newest API version this client speaks; older daemons get their own version. */
export const MAX_API_VERSION = '1.47';

/** Bun's global is there only when running on Bun. */
const onBun = typeof (globalThis as { Bun?: unknown }).Bun !== 'undefined';

export type QueryValue = string | number | boolean | undefined | null | readonly string[];
export type Query = Readonly<Record<string, QueryValue>>;

export interface RequestOptions {
  query?: Query;
  /** Plain values are sent as JSON; Buffers, strings and streams as they are. */
  body?: unknown;
  headers?: Readonly<Record<string, string>>;
  signal?: AbortSignal;
}

export interface PingResult {
  apiVersion?: string;
  osType?: string;
}

export function encodeQuery(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const v of value as readonly string[]) params.append(key, v);
    else if (typeof value === 'boolean') params.append(key, value ? '1' : '0');
    else params.append(key, String(value));
  }
  const s = params.toString();
  return s === '' ? '' : `?${s}`;
}

/** The options that are set, as query parameters: docker's client leaves out false and empty ones. */
export function setOptions(o: object): Query {
  return Object.fromEntries(Object.entries(o as Record<string, QueryValue>).map(([k, v]) => [k, v || undefined]));
}

function isStream(v: unknown): v is NodeJS.ReadableStream {
  return typeof v === 'object' && v !== null && typeof (v as { pipe?: unknown }).pipe === 'function';
}

export class ApiClient {
  private readonly endpoint: Endpoint;
  private transport: Promise<Transport> | undefined;
  private forwarder: Promise<HttpTransport> | undefined;
  private version: Promise<string> | undefined;

  /** @param version a fixed API version (DOCKER_API_VERSION); otherwise negotiated. */
  constructor(
    readonly host: string,
    version?: string,
  ) {
    this.endpoint = parseHost(host);
    if (version) this.version = Promise.resolve(version);
  }

  /** Closes idle keep-alive connections so the process can exit. */
  close(): void {
    void this.transport?.then((t) => t.close());
    void this.forwarder?.then((t) => t.close());
  }

  /** The API version in use: the daemon's if older than ours, else ours. */
  apiVersion(): Promise<string> {
    this.version ??= this.ping().then(({ apiVersion }) => {
      if (!apiVersion) return MAX_API_VERSION;
      return compareVersions(apiVersion, MAX_API_VERSION) < 0 ? apiVersion : MAX_API_VERSION;
    });
    return this.version;
  }

  async ping(): Promise<PingResult> {
    const res = await this.send('GET', '/_ping', {});
    res.discard();
    return { apiVersion: res.header('api-version'), osType: res.header('ostype') };
  }

  /** A versioned request with its body streamed; rejects with ApiError when the daemon answers >= 400. */
  async request(method: string, path: string, opts: RequestOptions = {}): Promise<ApiResponse> {
    return (await this.versioned(method, path, opts)).stream();
  }

  async json<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const text = await (await this.versioned(method, path, opts)).bytes();
    return (text.length === 0 ? undefined : JSON.parse(text.toString('utf8'))) as T;
  }

  /** A request whose response body does not matter (204s, 304s); its headers do. */
  async call(method: string, path: string, opts: RequestOptions = {}): Promise<{ header(name: string): string | undefined }> {
    const res = await this.versioned(method, path, opts);
    res.discard();
    return res;
  }

  /**
   * Hijacks the connection (attach, exec start): after the daemon's 101 the
   * socket is a full-duplex raw stream.
   */
  async hijack(method: string, path: string, opts: RequestOptions = {}): Promise<Socket> {
    const version = await this.apiVersion();
    const req = outgoing(method, `/v${version}${path}`, opts);
    req.headers.Connection = 'Upgrade';
    req.headers.Upgrade = 'tcp';
    const res = await (await this.connect()).upgrade(req).catch((err: Error) => Promise.reject(this.connectError(err)));
    if ('socket' in res) {
      res.socket.setNoDelay(true);
      return res.socket;
    }
    const { answer } = res;
    if (answer.statusCode >= 400) throw await errorFromResponse(answer, req.route);
    throw unavailable(`the daemon did not upgrade the connection for ${req.route} (HTTP ${answer.statusCode})`);
  }

  /**
   * Passes a request through as it is (the dashboard's `/api/` forwarder): the path
   * goes unversioned as given, the body streams, and every status resolves, so the
   * caller relays the daemon's own answer. The dashboard server runs on Node
   * (bin/wharf), so this is node:http's transport whatever the CLI's is.
   */
  async forward(method: string, path: string, headers: Readonly<Record<string, string | string[]>>, body: NodeJS.ReadableStream, signal?: AbortSignal): Promise<IncomingMessage> {
    this.forwarder ??= import('./transport-http.js').then((m) => m.createTransport(this.endpoint));
    return (await this.forwarder).forward(method, path, headers, body, signal).catch((err: Error) => Promise.reject(this.connectError(err)));
  }

  private connect(): Promise<Transport> {
    this.transport ??= (onBun ? import('./transport-fetch.js') : import('./transport-http.js')).then((m) => m.createTransport(this.endpoint));
    return this.transport;
  }

  private connectError(err: Error): Error {
    const code = errnoCode(err);
    if (code === 'EACCES') {
      return unavailable(`permission denied while trying to connect to the Wharf daemon socket at ${this.host}: ${err.message}`, err);
    }
    if (code === 'ENOENT' || code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EHOSTUNREACH') {
      return unavailable(`Cannot connect to the Wharf daemon at ${this.host}. Is the wharf daemon running?`, err);
    }
    return err;
  }

  private async versioned(method: string, path: string, opts: RequestOptions): Promise<RawResponse> {
    const version = await this.apiVersion();
    return this.send(method, `/v${version}${path}`, opts);
  }

  private async send(method: string, path: string, opts: RequestOptions): Promise<RawResponse> {
    const req = outgoing(method, path, opts);
    const res = await (await this.connect()).send(req).catch((err: Error) => Promise.reject(this.connectError(err)));
    if (res.statusCode >= 400) throw await errorFromResponse(res, req.route);
    return res;
  }
}

/** The request as sent: query in the route, Content-Type (and Content-Length) for the body. */
function outgoing(method: string, path: string, opts: RequestOptions): OutgoingRequest {
  const headers: Record<string, string> = { ...opts.headers };
  let body: Buffer | NodeJS.ReadableStream | undefined;
  if (isStream(opts.body)) {
    body = opts.body;
    headers['Content-Type'] ??= 'application/x-tar';
  } else if (Buffer.isBuffer(opts.body) || typeof opts.body === 'string') {
    body = Buffer.from(opts.body);
    headers['Content-Type'] ??= 'text/plain';
  } else if (opts.body !== undefined) {
    body = Buffer.from(JSON.stringify(opts.body));
    headers['Content-Type'] = 'application/json';
  }
  if (Buffer.isBuffer(body)) headers['Content-Length'] = String(body.length);
  return { method, route: `${path}${encodeQuery(opts.query)}`, headers, body, signal: opts.signal };
}

export async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

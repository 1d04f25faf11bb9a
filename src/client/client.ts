/**
 * A Docker Engine API client over a unix socket (or tcp) with node:http:
 * negotiates the API version with `GET /_ping` once, prefixes `/v1.xx`,
 * sends JSON / tar / streamed bodies, turns error bodies into ApiError, and
 * hijacks connections (`Upgrade: tcp`, 101) for attach and exec.
 */
import { Agent, request as httpRequest, type IncomingMessage, type ClientRequest, type RequestOptions as HttpRequestOptions } from 'node:http';
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { errnoCode, unavailable } from '../errdefs/index.js';
import { compareVersions } from '../util/versions.js';
import { errorFromResponse } from './errors.js';
import { parseHost, type Endpoint } from './host.js';

/** Newest API version this client speaks; older daemons get their own version. */
export const MAX_API_VERSION = '1.47';

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
  return v instanceof Readable || (typeof v === 'object' && v !== null && typeof (v as { pipe?: unknown }).pipe === 'function');
}

export class ApiClient {
  private readonly endpoint: Endpoint;
  private readonly agent: Agent;
  private version: Promise<string> | undefined;

  /** @param version a fixed API version (DOCKER_API_VERSION); otherwise negotiated. */
  constructor(
    readonly host: string,
    version?: string,
  ) {
    this.endpoint = parseHost(host);
    this.agent = new Agent({ keepAlive: true });
    if (version) this.version = Promise.resolve(version);
  }

  /** Closes idle keep-alive connections so the process can exit. */
  close(): void {
    this.agent.destroy();
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
    res.resume();
    const header = (name: string): string | undefined => {
      const v = res.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    return { apiVersion: header('api-version'), osType: header('ostype') };
  }

  /** A versioned request; rejects with ApiError when the daemon answers >= 400. */
  async request(method: string, path: string, opts: RequestOptions = {}): Promise<IncomingMessage> {
    const version = await this.apiVersion();
    return this.send(method, `/v${version}${path}`, opts);
  }

  async json<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const res = await this.request(method, path, opts);
    const text = await readAll(res);
    return (text.length === 0 ? undefined : JSON.parse(text.toString('utf8'))) as T;
  }

  /** A request whose response body does not matter (204s, 304s). */
  async call(method: string, path: string, opts: RequestOptions = {}): Promise<IncomingMessage> {
    const res = await this.request(method, path, opts);
    res.resume();
    return res;
  }

  /**
   * Hijacks the connection (attach, exec start): after the daemon's 101 the
   * socket is a full-duplex raw stream. Bytes the daemon sent right after its
   * headers are put back in front of the stream.
   */
  async hijack(method: string, path: string, opts: RequestOptions = {}): Promise<Socket> {
    const version = await this.apiVersion();
    const route = `/v${version}${path}${encodeQuery(opts.query)}`;
    return new Promise<Socket>((resolve, reject) => {
      const body = opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body));
      const req = httpRequest({
        ...this.target(),
        method,
        path: route,
        agent: false,
        headers: {
          ...(body ? { 'Content-Type': 'application/json', 'Content-Length': String(body.length) } : {}),
          ...opts.headers,
          Connection: 'Upgrade',
          Upgrade: 'tcp',
        },
      });
      req.on('upgrade', (_res: IncomingMessage, socket: Socket, head: Buffer) => {
        if (head.length > 0) socket.unshift(head);
        socket.setNoDelay(true);
        resolve(socket);
      });
      req.on('response', (res: IncomingMessage) => {
        if ((res.statusCode ?? 500) >= 400) {
          errorFromResponse(res, route).then(reject, reject);
        } else {
          res.resume();
          reject(unavailable(`the daemon did not upgrade the connection for ${route} (HTTP ${res.statusCode})`));
        }
      });
      req.on('error', (err) => reject(this.connectError(err)));
      req.end(body);
    });
  }

  /**
   * Passes a request through as it is (the dashboard's `/api/` forwarder): the path
   * goes unversioned as given, the body streams, and every status resolves, so the
   * caller relays the daemon's own answer.
   */
  forward(method: string, path: string, headers: Readonly<Record<string, string | string[]>>, body: NodeJS.ReadableStream, signal?: AbortSignal): Promise<IncomingMessage> {
    return new Promise<IncomingMessage>((resolve, reject) => {
      const req = httpRequest({ ...this.target(), method, path, headers, agent: this.agent, signal });
      req.on('response', resolve);
      req.on('error', (err) => reject(this.connectError(err)));
      body.on('error', (err: Error) => req.destroy(err));
      body.pipe(req);
    });
  }

  private target(): HttpRequestOptions {
    return this.endpoint.kind === 'unix'
      ? { socketPath: this.endpoint.socketPath, host: 'wharf' }
      : { host: this.endpoint.hostname, port: this.endpoint.port };
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

  private send(method: string, path: string, opts: RequestOptions): Promise<IncomingMessage> {
    const route = `${path}${encodeQuery(opts.query)}`;
    const headers: Record<string, string> = { ...opts.headers };
    let payload: Buffer | NodeJS.ReadableStream | undefined;
    if (isStream(opts.body)) {
      payload = opts.body;
      headers['Content-Type'] ??= 'application/x-tar';
    } else if (Buffer.isBuffer(opts.body) || typeof opts.body === 'string') {
      payload = Buffer.from(opts.body);
      headers['Content-Type'] ??= 'text/plain';
    } else if (opts.body !== undefined) {
      payload = Buffer.from(JSON.stringify(opts.body));
      headers['Content-Type'] = 'application/json';
    }
    if (Buffer.isBuffer(payload)) headers['Content-Length'] = String(payload.length);

    return new Promise<IncomingMessage>((resolve, reject) => {
      const req: ClientRequest = httpRequest({ ...this.target(), method, path: route, headers, agent: this.agent, signal: opts.signal });
      req.on('response', (res: IncomingMessage) => {
        if ((res.statusCode ?? 500) >= 400) errorFromResponse(res, route).then(reject, reject);
        else resolve(res);
      });
      req.on('error', (err) => reject(this.connectError(err)));
      if (payload === undefined || Buffer.isBuffer(payload)) {
        req.end(payload);
      } else {
        payload.on('error', (err: Error) => req.destroy(err));
        payload.pipe(req);
      }
    });
  }
}

export async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

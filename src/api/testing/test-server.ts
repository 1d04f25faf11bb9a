/**
 * Test kit for the API's HTTP tests: a real server on a unix socket in a fresh
 * temp dir, backed by the fake services, plus HTTP and raw-socket clients.
 */
import { promises as fs } from 'node:fs';
import { type IncomingHttpHeaders, type IncomingMessage, request as httpRequest } from 'node:http';
import { type Socket, createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeServices, createFakeServices } from './fake-services.js';
import { createApiServer } from '../server.js';

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  json<T = unknown>(): T;
}

export interface TestServer {
  dir: string;
  socketPath: string;
  fake: FakeServices;
  /** Send a request; the response stays open for the caller to read. */
  open(method: string, path: string, opts?: { body?: string | Buffer; headers?: Record<string, string> }): Promise<IncomingMessage>;
  /** Send a request and read the whole response. */
  request(method: string, path: string, opts?: { body?: string | Buffer; headers?: Record<string, string> }): Promise<Reply>;
  /** A raw connection, for hijacking. */
  connect(): Promise<Socket>;
  close(): Promise<void>;
}

export async function readStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(parts);
}

export async function startTestServer(): Promise<TestServer> {
  const dir = await fs.mkdtemp(join(tmpdir(), 'wharf-test-'));
  const socketPath = join(dir, 'wharf.sock');
  const fake = createFakeServices();
  const server = createApiServer(fake);
  try {
    await server.listen(socketPath);
  } catch (err) {
    await fs.rm(dir, { recursive: true, force: true });
    throw err;
  }
  const open: TestServer['open'] = (method, path, opts = {}) =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { ...opts.headers };
      if (opts.body !== undefined) {
        headers['Content-Length'] = Buffer.byteLength(opts.body);
        headers['Content-Type'] ??= 'application/json';
      }
      const req = httpRequest({ socketPath, method, path, headers, agent: false }, resolve);
      req.on('error', reject);
      req.end(opts.body);
    });
  return {
    dir,
    socketPath,
    fake,
    open,
    async request(method, path, opts) {
      const res = await open(method, path, opts);
      const body = await readStream(res);
      return { status: res.statusCode ?? 0, headers: res.headers, body, json: <T>() => JSON.parse(body.toString()) as T };
    },
    connect: () =>
      new Promise((resolve, reject) => {
        const socket = createConnection(socketPath, () => resolve(socket));
        socket.on('error', reject);
      }),
    async close() {
      try {
        await server.close();
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Read a raw HTTP response head off a socket; what follows it is returned as `rest`. */
export function readResponseHead(socket: Socket): Promise<{ statusLine: string; headers: Record<string, string>; rest: Buffer }> {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      buf = Buffer.concat([buf, chunk]);
      const end = buf.indexOf('\r\n\r\n');
      if (end === -1) return;
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.pause();
      const [statusLine, ...lines] = buf.subarray(0, end).toString().split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const i = line.indexOf(':');
        headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      resolve({ statusLine, headers, rest: buf.subarray(end + 4) });
    };
    const onEnd = (): void => reject(new Error(`connection ended before a response head: ${JSON.stringify(buf.toString())}`));
    socket.on('data', onData);
    socket.on('end', onEnd);
  });
}

/** Split a stdcopy stream into [stream id, payload] frames. */
export function demux(data: Buffer): Array<[number, string]> {
  const frames: Array<[number, string]> = [];
  let off = 0;
  while (off + 8 <= data.length) {
    const len = data.readUInt32BE(off + 4);
    frames.push([data[off], data.subarray(off + 8, off + 8 + len).toString()]);
    off += 8 + len;
  }
  if (off !== data.length) throw new Error(`trailing ${data.length - off} bytes are not a frame`);
  return frames;
}

/** The next chunk a response delivers. */
export function nextChunk(res: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    res.once('data', (d: Buffer) => {
      res.pause();
      resolve(d);
    });
    res.once('error', reject);
    res.resume();
  });
}

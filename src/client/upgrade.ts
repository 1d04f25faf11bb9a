/**
 * An HTTP/1.1 `Upgrade: tcp` request written by hand on a node:net socket,
 * for runtimes whose fetch cannot hand over the connection (Bun): after the
 * daemon's 101 the socket carries the raw attach/exec stream; any other
 * answer is read whole (Content-Length, chunked, or up to the close).
 */
import type { Socket } from 'node:net';
import type { OutgoingRequest, RawResponse, Upgraded } from './transport.js';

const CRLF2 = Buffer.from('\r\n\r\n');

interface Head {
  status: number;
  message: string;
  headers: Map<string, string>;
}

function parseHead(text: string): Head {
  const [statusLine = '', ...lines] = text.split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3}) ?(.*)$/.exec(statusLine);
  if (!m) throw new Error(`malformed HTTP response from the daemon: ${JSON.stringify(statusLine)}`);
  const headers = new Map<string, string>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { status: Number(m[1]), message: m[2] ?? '', headers };
}

/** The whole body of a chunked encoding in `buf`, or undefined while its last chunk has not arrived. */
function dechunk(buf: Buffer): Buffer | undefined {
  const parts: Buffer[] = [];
  let off = 0;
  for (;;) {
    const eol = buf.indexOf('\r\n', off);
    if (eol < 0) return undefined;
    const size = parseInt(buf.subarray(off, eol).toString('latin1'), 16);
    if (Number.isNaN(size)) throw new Error('malformed chunked response from the daemon');
    if (size === 0) return Buffer.concat(parts);
    if (buf.length < eol + 2 + size + 2) return undefined;
    parts.push(buf.subarray(eol + 2, eol + 2 + size));
    off = eol + 2 + size + 2;
  }
}

/** The body that follows `head`, once complete in `buf` (or what came before the connection closed). */
function completeBody(head: Head, buf: Buffer, ended: boolean): Buffer | undefined {
  const length = head.headers.get('content-length');
  let body: Buffer | undefined;
  if (head.headers.get('transfer-encoding')?.toLowerCase() === 'chunked') body = dechunk(buf);
  else if (length !== undefined) body = buf.length >= Number(length) ? buf.subarray(0, Number(length)) : undefined;
  return body ?? (ended ? buf : undefined);
}

function answered(head: Head, body: Buffer): RawResponse {
  return {
    statusCode: head.status,
    statusMessage: head.message,
    header: (name) => head.headers.get(name),
    bytes: () => Promise.resolve(body),
    discard: () => undefined,
    stream: () => Promise.reject(new Error('an upgrade request has no streamed answer')),
  };
}

function requestHead(req: OutgoingRequest, host: string, length: number | undefined): string {
  const headers = { Host: host, ...req.headers, ...(length !== undefined ? { 'Content-Length': String(length) } : {}) };
  return `${req.method} ${req.route} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
}

/** Writes `req` on a connecting socket; resolves with the socket after a 101, else with the daemon's answer. */
export function upgradeOn(socket: Socket, req: OutgoingRequest, host: string): Promise<Upgraded> {
  const body = Buffer.isBuffer(req.body) ? req.body : undefined;
  return new Promise((resolve, reject) => {
    let buf: Buffer = Buffer.alloc(0);
    let head: Head | undefined;
    const finish = (value: Upgraded): void => {
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('error', reject);
      resolve(value);
    };
    const settle = (ended: boolean): void => {
      if (!head) {
        const end = buf.indexOf(CRLF2);
        if (end < 0) {
          if (ended) reject(Object.assign(new Error('the daemon closed the connection'), { code: 'ECONNRESET' }));
          return;
        }
        head = parseHead(buf.subarray(0, end).toString('latin1'));
        buf = buf.subarray(end + CRLF2.length);
        if (head.status === 101) {
          socket.pause();
          // Bytes the daemon sent right after its headers go back in front of the stream.
          if (buf.length > 0) socket.unshift(buf);
          finish({ socket });
          // As node:http hands over an upgraded socket: neither paused nor flowing, so the new owner's
          // first 'data' listener, pipe or iterator starts the flow.
          (socket as { readableFlowing: boolean | null }).readableFlowing = null;
          return;
        }
      }
      const complete = completeBody(head, buf, ended);
      if (complete !== undefined) {
        socket.destroy();
        finish({ answer: answered(head, complete) });
      }
    };
    const onData = (chunk: Buffer): void => {
      buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
      try {
        settle(false);
      } catch (err) {
        socket.destroy();
        reject(err);
      }
    };
    const onEnd = (): void => settle(true);
    socket.on('data', onData);
    socket.once('end', onEnd);
    socket.once('error', reject);
    socket.setNoDelay(true);
    socket.write(requestHead(req, host, body?.length));
    if (body) socket.write(body);
  });
}

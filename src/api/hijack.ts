/**
 * Hijacked connections for attach and exec start. With `Upgrade: tcp` (what the
 * docker CLI sends) the reply is `101 UPGRADED` and the socket becomes a raw
 * duplex; a plain POST gets `200 OK` with a close-delimited raw body, its
 * request body (if any) being stdin. Output is raw for TTY sessions, stdcopy
 * framed otherwise.
 */
import type { Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import type { IOSession } from '../engine/index.js';
import { errorMessage } from './errors.js';
import type { Exchange } from './exchange.js';
import { hasBody } from './request.js';
import { MEDIA_MULTIPLEXED_STREAM, MEDIA_RAW_STREAM, forEachUntil, standardHeaderLines, writeChunk } from './response.js';
import { frame, streamId } from './stdcopy.js';
import { versionAtLeast } from '../util/versions.js';

export interface HijackedConn {
  /** Client → server bytes, when the client has a way to send any (left paused until a session takes or discards them). */
  readonly input?: Readable;
  readonly output: Writable;
  /** Aborted when the connection closes. */
  readonly closed: AbortSignal;
  /** Flush the output, then close the connection. */
  finish(): void;
  /** Output may follow the head once this resolves. */
  readonly ready: Promise<void>;
}

/**
 * Output already there (attach's log replay, a quick exec) must not reach the client in
 * the same read as the 101 head: the Python SDK parses the head through a buffered
 * reader, then reads the stream from the raw socket, so bytes the buffer took are lost.
 * dockerd's head and its first output are separate writes some time apart too.
 */
const HEADER_GAP_MS = 20;

/**
 * Take the connection over and send the response head. `multiplexed` says whether
 * output will be stdcopy framed; only upgraded clients of API 1.42+ are told so in
 * Content-Type (as moby does). A client's half-close only ends its input (the docker
 * CLI half-closes at once when it has no stdin); a client that vanished is noticed
 * when a write fails, as in Docker.
 */
export function hijack(ex: Exchange, opts: { multiplexed: boolean }): HijackedConn {
  const closed = new AbortController();
  const socket = ex.upgradeSocket as Socket | undefined;
  if (socket) {
    const contentType = opts.multiplexed && versionAtLeast(ex.version, '1.42') ? MEDIA_MULTIPLEXED_STREAM : MEDIA_RAW_STREAM;
    ex.res.detachSocket(socket);
    socket.on('close', () => closed.abort());
    const head = `HTTP/1.1 101 UPGRADED\r\nContent-Type: ${contentType}\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n${standardHeaderLines()}\r\n`;
    const ready = new Promise<void>((resolve) => socket.write(head, () => setTimeout(resolve, HEADER_GAP_MS)));
    return {
      ready,
      input: socket,
      output: socket,
      closed: closed.signal,
      // The server keeps half-open sockets; close fully once our side is flushed.
      finish: () => socket.end(() => socket.destroy()),
    };
  }
  const { res } = ex;
  res.on('close', () => closed.abort());
  // No Content-Length and no chunking: the body runs until the connection closes.
  res.removeHeader('Transfer-Encoding');
  res.shouldKeepAlive = false;
  res.writeHead(200, { 'Content-Type': MEDIA_RAW_STREAM });
  res.flushHeaders();
  return { input: hasBody(ex) ? ex.body : undefined, output: res, closed: closed.signal, finish: () => res.end(), ready: Promise.resolve() };
}

/**
 * Hijack the connection for a session: client bytes feed stdin (a client
 * half-close ends stdin), output is written until it ends, then the connection
 * closes. A client disconnect or a detach closes the session.
 */
export function serveSession(ex: Exchange, session: IOSession): Promise<void> {
  return serveHijacked(ex, hijack(ex, { multiplexed: !session.tty }), session);
}

/** serveSession over a connection taken over before the session existed (exec start sends its head before the process runs). */
export async function serveHijacked(ex: Exchange, conn: HijackedConn, session: IOSession): Promise<void> {
  const { log } = ex;
  const { input } = conn;
  const { stdin } = session;
  if (input && stdin) {
    stdin.on('error', (err) => log.debug('session stdin closed', { err: errorMessage(err) }));
    input.pipe(stdin);
  } else {
    // Unread input would pile up in the socket buffer.
    input?.resume();
  }
  // Once detached or done, the client's closing must not reach the process's stdin.
  const stopInput = (): void => void (input && stdin && input.unpipe(stdin));
  if (conn.closed.aborted) session.close();
  else conn.closed.addEventListener('abort', () => session.close(), { once: true });
  session.detached.then(
    () => {
      stopInput();
      conn.finish();
    },
    () => undefined,
  );
  try {
    await forEachUntil(session.output, conn.closed, async (chunk) => {
      if (chunk.data.length === 0) return true;
      await conn.ready;
      return writeChunk(conn.output, session.tty ? chunk.data : frame(streamId(chunk.stream), chunk.data));
    });
  } catch (err) {
    log.warn('session output failed', { err: errorMessage(err) });
  } finally {
    stopInput();
    session.close();
    conn.finish();
  }
}

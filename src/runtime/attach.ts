/**
 * A client of conmon's attach socket (SOCK_SEQPACKET, `<bundle>/attach` with
 * --full-attach). Every packet from conmon is one read of the process's
 * output prefixed by a stream byte (2 = stdout, 3 = stderr); every packet we
 * send is written to the process's stdin. Half-closing our side makes conmon
 * close the process's stdin (unless it was started with --leave-stdin-open).
 */
import { openSync, closeSync } from 'node:fs';
import { dirname, basename } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { SeqpacketSocket } from 'node-unix-socket';
import { unavailable } from '../errdefs/index.js';
import type { AttachOptions, StdioChunk, StdioSession } from './types.js';

const STDOUT_BYTE = 2;
const STDERR_BYTE = 3;
/** conmon reads at most CONN_SOCK_BUF_SIZE (32 KiB) per packet; bigger ones would be truncated. */
const MAX_STDIN_PACKET = 32768;
/** sockaddr_un.sun_path holds 108 bytes including the NUL. */
const MAX_SOCKET_PATH = 107;

/** Connect, going through /proc/self/fd/<dirfd>/attach when the path is too long for sun_path. */
export function connectAttachSocket(path: string, timeoutMs: number): Promise<SeqpacketSocket> {
  return new Promise((resolve, reject) => {
    const sock = new SeqpacketSocket();
    let dirFd: number | undefined;
    let target = path;
    if (Buffer.byteLength(path) > MAX_SOCKET_PATH) {
      dirFd = openSync(dirname(path), 'r');
      target = `/proc/self/fd/${dirFd}/${basename(path)}`;
    }
    const done = (err?: Error): void => {
      clearTimeout(timer);
      if (dirFd !== undefined) closeSync(dirFd);
      dirFd = undefined;
      sock.removeListener('error', onError);
      if (err) {
        sock.destroy();
        reject(err);
      } else resolve(sock);
    };
    const onError = (err: Error): void => done(unavailable(`cannot attach to ${path}: ${err.message}`, err));
    const timer = setTimeout(() => done(unavailable(`timed out attaching to ${path}`)), timeoutMs);
    sock.on('error', onError);
    try {
      sock.connect(target, () => done());
    } catch (err) {
      done(unavailable(`cannot attach to ${path}: ${(err as Error).message}`, err));
    }
  });
}

/** Wrap a connected socket as a session. Output ends when conmon closes the socket (process exited) or on close(). */
export function attachSession(sock: SeqpacketSocket, opts: AttachOptions): StdioSession {
  let closed = false;
  const output = new Readable({ objectMode: true, read: () => undefined }) as Readable & AsyncIterable<StdioChunk>;
  const finish = (): void => {
    if (closed) return;
    closed = true;
    output.push(null);
    sock.destroy();
  };
  sock.on('data', (packet: Buffer) => {
    if (closed || packet.length < 2) return;
    const kind = packet[0];
    if (kind === STDOUT_BYTE && opts.stdout) output.push({ stream: 'stdout', data: packet.subarray(1) } satisfies StdioChunk);
    else if (kind === STDERR_BYTE && opts.stderr) output.push({ stream: 'stderr', data: packet.subarray(1) } satisfies StdioChunk);
  });
  sock.on('end', finish);
  sock.on('close', finish);
  sock.on('error', finish);

  const stdin = opts.stdin
    ? new Writable({
        write(chunk: Buffer, _enc, cb) {
          if (closed) return cb();
          for (let off = 0; off < chunk.length; off += MAX_STDIN_PACKET) {
            const end = Math.min(off + MAX_STDIN_PACKET, chunk.length);
            if (end === chunk.length) sock.write(chunk, off, end - off, () => cb());
            else sock.write(chunk, off, end - off);
          }
          if (chunk.length === 0) cb();
        },
        final(cb) {
          if (closed) return cb();
          sock.end(() => cb());
        },
      })
    : undefined;
  stdin?.on('error', () => undefined);

  return { stdin, output, close: finish };
}

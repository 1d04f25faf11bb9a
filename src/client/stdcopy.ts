/**
 * Docker's multiplexed stdout/stderr stream (non-TTY attach, logs, exec):
 * frames of an 8-byte header — stream type (0 stdin, 1 stdout, 2 stderr,
 * 3 systemerr), three zero bytes, big-endian uint32 payload length — then
 * the payload. Frames may be split across or packed into chunks.
 */
import { internal } from '../errdefs/index.js';

export const HEADER_LEN = 8;

export enum StreamType {
  Stdin = 0,
  Stdout = 1,
  Stderr = 2,
  /** Daemon-side error while streaming; the payload is its message. */
  Systemerr = 3,
}

export interface Frame {
  stream: StreamType;
  data: Buffer;
}

/** Incremental decoder: push chunks, get whole frames. */
export class Demuxer {
  private buf: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const frames: Frame[] = [];
    let off = 0;
    while (this.buf.length - off >= HEADER_LEN) {
      const stream = this.buf[off]!;
      if (stream > StreamType.Systemerr) throw internal(`Unrecognized input header: ${stream}`);
      const len = this.buf.readUInt32BE(off + 4);
      if (this.buf.length - off < HEADER_LEN + len) break;
      frames.push({ stream, data: this.buf.subarray(off + HEADER_LEN, off + HEADER_LEN + len) });
      off += HEADER_LEN + len;
    }
    this.buf = this.buf.subarray(off);
    return frames;
  }

  /** Bytes of an incomplete frame left at the end of the stream. */
  get pending(): number {
    return this.buf.length;
  }
}

export interface DemuxTargets {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/**
 * Copies a multiplexed stream to stdout/stderr, honouring their backpressure.
 * A systemerr frame rejects with its message, as docker's StdCopy does.
 */
export async function demuxStream(source: AsyncIterable<Buffer | string>, targets: DemuxTargets): Promise<void> {
  const demuxer = new Demuxer();
  for await (const chunk of source) {
    for (const frame of demuxer.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)) {
      if (frame.stream === StreamType.Systemerr) throw internal(`error from daemon in stream: ${frame.data.toString('utf8')}`);
      const target = frame.stream === StreamType.Stderr ? targets.stderr : targets.stdout;
      if (!target.write(frame.data)) await new Promise<void>((resolve) => target.once('drain', resolve));
    }
  }
}

/** Encodes one frame (what the daemon sends); used by tests and fakes of the daemon. */
export function encodeFrame(stream: StreamType, data: Buffer): Buffer {
  const header = Buffer.alloc(HEADER_LEN);
  header[0] = stream;
  header.writeUInt32BE(data.length, 4);
  return Buffer.concat([header, data]);
}

/**
 * Docker's stdcopy framing for non-TTY streams: an 8-byte header
 * `[stream, 0, 0, 0, uint32 big-endian length]` before each payload.
 */
export const STDIN = 0;
export const STDOUT = 1;
export const STDERR = 2;
export type StreamId = typeof STDIN | typeof STDOUT | typeof STDERR;

const HEADER_LEN = 8;

/** One buffer holding `data` framed for `stream` (output chunks are far below the 4 GiB length limit). */
export function frame(stream: StreamId, data: Buffer): Buffer {
  const out = Buffer.allocUnsafe(HEADER_LEN + data.length);
  out[0] = stream;
  out[1] = 0;
  out[2] = 0;
  out[3] = 0;
  out.writeUInt32BE(data.length, 4);
  data.copy(out, HEADER_LEN);
  return out;
}

export const streamId = (name: 'stdout' | 'stderr'): StreamId => (name === 'stderr' ? STDERR : STDOUT);

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { invalidArgument } from '../errdefs/index.js';

const GZIP = Buffer.from([0x1f, 0x8b]);
const OTHER_MAGIC: Array<[Buffer, string]> = [
  [Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), 'zstd'],
  [Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), 'xz'],
];
const MAGIC_LEN = 6;

/** Uncompressed view of a possibly gzip-compressed tar stream (detected by magic bytes). */
export function decompress(src: Readable): Readable {
  async function* body(): AsyncGenerator<Buffer> {
    const it = src[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    let head = Buffer.alloc(0);
    let ended = false;
    while (head.length < MAGIC_LEN) {
      const r = await it.next();
      if (r.done) {
        ended = true;
        break;
      }
      head = Buffer.concat([head, r.value]);
    }
    async function* whole(): AsyncGenerator<Buffer> {
      if (head.length > 0) yield head;
      if (ended) return;
      for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
    }
    for (const [magic, name] of OTHER_MAGIC) {
      if (head.subarray(0, magic.length).equals(magic)) {
        throw invalidArgument(`unsupported compression format ${name}`);
      }
    }
    if (!head.subarray(0, GZIP.length).equals(GZIP)) {
      yield* whole();
      return;
    }
    const gunzip = createGunzip();
    const feeding = pipeline(Readable.from(whole()), gunzip);
    // Surfaced through the gunzip iteration below; awaited at the end for completeness.
    feeding.catch(() => undefined);
    for await (const chunk of gunzip) yield chunk as Buffer;
    await feeding;
  }
  return Readable.from(body(), { objectMode: false });
}

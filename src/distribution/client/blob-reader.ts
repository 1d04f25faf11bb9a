/**
 * A content-store blob read once from start to end and handed out as
 * consecutive slices (one per upload chunk), each a stream of exactly its bytes:
 * nothing is gathered in memory. Asking for a slice anywhere else (a request
 * sent again) reopens the blob and skips to it.
 */
import { Readable } from 'node:stream';
import type { ContentReader } from '../../content/index.js';
import { internal } from '../../errdefs/index.js';
import type { Descriptor } from '../../oci/image.js';

export class BlobReader {
  private source: AsyncIterator<Buffer> | undefined;
  private leftover: Buffer | undefined;
  /** Offset of the next byte the reader yields. */
  private position = 0;
  /** Bumped on reopen, so a slice left behind by a dropped request stops touching the reader. */
  private generation = 0;

  constructor(
    private readonly content: ContentReader,
    private readonly desc: Descriptor,
    /** Told the offset reached after each piece handed out. */
    private readonly onBytes?: (position: number) => void,
  ) {}

  /** Bytes [offset, offset + length). */
  slice(offset: number, length: number): Readable {
    return Readable.from(this.read(offset, length), { objectMode: false });
  }

  private async *read(offset: number, length: number): AsyncGenerator<Buffer> {
    if (this.source === undefined || this.position !== offset) await this.reopen(offset);
    const generation = this.generation;
    let remaining = length;
    const superseded = (): Error => internal(`blob ${this.desc.digest}: slice superseded by a newer read`);
    while (remaining > 0) {
      if (generation !== this.generation) throw superseded();
      const chunk = this.leftover ?? (await this.next());
      if (generation !== this.generation) throw superseded();
      this.leftover = chunk.length > remaining ? chunk.subarray(remaining) : undefined;
      const piece = chunk.length > remaining ? chunk.subarray(0, remaining) : chunk;
      remaining -= piece.length;
      this.position += piece.length;
      this.onBytes?.(this.position);
      yield piece;
    }
  }

  private async next(): Promise<Buffer> {
    const r = await (this.source as AsyncIterator<Buffer>).next();
    if (r.done) throw internal(`blob ${this.desc.digest} in the content store is shorter than its ${this.desc.size} bytes`);
    return r.value;
  }

  private async reopen(offset: number): Promise<void> {
    this.generation++;
    this.source?.return?.()?.catch(() => undefined);
    this.source = (this.content.createReadStream(this.desc.digest) as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    this.leftover = undefined;
    this.position = 0;
    while (this.position < offset) {
      const chunk = await this.next();
      const skip = Math.min(chunk.length, offset - this.position);
      this.position += skip;
      if (skip < chunk.length) this.leftover = chunk.subarray(skip);
    }
  }
}

/** A writable that prefixes every line written to it, for output merged from several containers (`pod logs`). */
import { Writable } from 'node:stream';

export class LinePrefixer extends Writable {
  private partial = '';

  constructor(
    private readonly prefix: string,
    private readonly target: NodeJS.WritableStream,
  ) {
    super();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    const lines = (this.partial + chunk.toString('utf8')).split('\n');
    this.partial = lines.pop() ?? '';
    if (lines.length === 0) return done();
    const text = lines.map((l) => `${this.prefix}${l}\n`).join('');
    if (this.target.write(text)) done();
    else this.target.once('drain', () => done());
  }

  override _final(done: (err?: Error | null) => void): void {
    if (this.partial !== '') this.target.write(`${this.prefix}${this.partial}\n`);
    done();
  }
}

/**
 * tar-stream decodes PAX record values as UTF-8, which mangles binary xattr
 * values such as security.capability, and ignores the `uid`/`gid` records that
 * carry ids too large for ustar. This pass-through watches the tar framing,
 * reads each PAX header's records as raw bytes, and files what tar-stream misses
 * under the byte offset where the entry they describe starts its data, which
 * tar-stream reports as `header.byteOffset`.
 */
import { Transform, type TransformCallback } from 'node:stream';

export const PAX_XATTR_PREFIX = 'SCHILY.xattr.';
const BLOCK = 512;

const TYPE_PAX = 0x78; // 'x'
const TYPE_PAX_GLOBAL = 0x67; // 'g'
const TYPE_GNU_LONGNAME = 0x4c; // 'L'
const TYPE_GNU_LONGLINK = 0x4b; // 'K'
const TYPE_DIR = 0x35; // '5'

export interface PaxExtras {
  xattrs?: Map<string, Buffer>;
  uid?: number;
  gid?: number;
}

export class PaxTap extends Transform {
  private readonly found = new Map<number, PaxExtras>();
  private offset = 0;
  /** Bytes of the current entry's data (plus padding) still to pass. */
  private skip = 0;
  private header = Buffer.alloc(0);
  /** Collecting a PAX header body of this many bytes (padding excluded). */
  private paxWant = 0;
  private paxBody: Buffer[] = [];
  private paxHave = 0;
  private pending: PaxExtras | undefined;
  private pendingSize: number | undefined;

  /** Extras of the entry whose data starts at `byteOffset` (once). */
  extrasAt(byteOffset: number): PaxExtras | undefined {
    const x = this.found.get(byteOffset);
    this.found.delete(byteOffset);
    return x;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    let pos = 0;
    while (pos < chunk.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - pos);
        if (this.paxWant > 0) this.collectPax(chunk.subarray(pos, pos + n));
        this.skip -= n;
        pos += n;
        if (this.skip === 0 && this.paxWant > 0) this.finishPax();
        continue;
      }
      const n = Math.min(BLOCK - this.header.length, chunk.length - pos);
      this.header = Buffer.concat([this.header, chunk.subarray(pos, pos + n)]);
      pos += n;
      if (this.header.length === BLOCK) {
        this.onHeader(this.header, this.offset + pos);
        this.header = Buffer.alloc(0);
      }
    }
    this.offset += chunk.length;
    cb(null, chunk);
  }

  /** `dataStart`: stream offset right after this header block. */
  private onHeader(h: Buffer, dataStart: number): void {
    if (h.every((b) => b === 0)) return;
    const type = h[156];
    const size = readSize(h);
    const padded = Math.ceil(size / BLOCK) * BLOCK;
    switch (type) {
      case TYPE_PAX:
        this.paxWant = size;
        this.skip = padded;
        if (padded === 0) this.finishPax();
        return;
      case TYPE_PAX_GLOBAL:
      case TYPE_GNU_LONGNAME:
      case TYPE_GNU_LONGLINK:
        this.skip = padded;
        return;
    }
    if (this.pending !== undefined) this.found.set(dataStart, this.pending);
    const realSize = this.pendingSize ?? size;
    this.pending = undefined;
    this.pendingSize = undefined;
    // tar-stream, like most readers, gives directories no body whatever the size field says.
    this.skip = type === TYPE_DIR ? 0 : Math.ceil(realSize / BLOCK) * BLOCK;
  }

  private collectPax(part: Buffer): void {
    const room = this.paxWant - this.paxHave;
    if (room <= 0) return;
    const take = part.subarray(0, room);
    this.paxBody.push(take);
    this.paxHave += take.length;
  }

  private finishPax(): void {
    const records = parsePaxRecords(Buffer.concat(this.paxBody));
    this.paxWant = 0;
    this.paxHave = 0;
    this.paxBody = [];
    const extras: PaxExtras = {};
    for (const [key, value] of records) {
      if (key.startsWith(PAX_XATTR_PREFIX)) (extras.xattrs ??= new Map()).set(key.slice(PAX_XATTR_PREFIX.length), value);
      else if (key === 'uid') extras.uid = Number(value.toString('ascii'));
      else if (key === 'gid') extras.gid = Number(value.toString('ascii'));
      else if (key === 'size') this.pendingSize = Number(value.toString('ascii'));
    }
    if (Object.keys(extras).length > 0) this.pending = extras;
  }
}

/** `<len> <key>=<value>\n` records; keys are UTF-8, values raw bytes. */
export function parsePaxRecords(buf: Buffer): Array<[string, Buffer]> {
  const out: Array<[string, Buffer]> = [];
  let pos = 0;
  while (pos < buf.length) {
    const space = buf.indexOf(0x20, pos);
    if (space === -1) break;
    const len = Number(buf.subarray(pos, space).toString('ascii'));
    // As Go's parsePAXRecord: the length covers its own digits. Else `000…02 `
    // would move on two bytes at a time, rescanning the zeros each time.
    if (!Number.isInteger(len) || len <= space - pos + 1 || pos + len > buf.length) break;
    const record = buf.subarray(space + 1, pos + len - 1);
    const eq = record.indexOf(0x3d);
    if (eq !== -1) out.push([record.subarray(0, eq).toString('utf8'), Buffer.from(record.subarray(eq + 1))]);
    pos += len;
  }
  return out;
}

/** One PAX record, its length prefix counting itself. */
export function paxRecord(key: string, value: Buffer | string): Buffer {
  const body = Buffer.concat([Buffer.from(` ${key}=`), Buffer.isBuffer(value) ? value : Buffer.from(value), Buffer.from('\n')]);
  let len = body.length + String(body.length).length;
  if (String(len).length !== String(body.length).length) len = body.length + String(len).length;
  return Buffer.concat([Buffer.from(String(len)), body]);
}

/** Octal, or base-256 when the high bit of the first byte is set (GNU large sizes). */
function readSize(h: Buffer): number {
  const field = h.subarray(124, 136);
  if (field[0] & 0x80) {
    let n = field[0] & 0x7f;
    for (let i = 1; i < field.length; i++) n = n * 256 + field[i];
    return n;
  }
  const s = field.toString('ascii').replace(/\0.*$/s, '').trim();
  return s === '' ? 0 : parseInt(s, 8);
}

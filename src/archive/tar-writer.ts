/**
 * Writing tar entries the way Docker's archive package (Go's archive/tar) does:
 * ustar headers with PAX records where ustar cannot hold a value (long or
 * non-ASCII names, large ids and sizes, xattrs), numeric owners only, seconds
 * mtimes, hardlinks to the first path of an inode, security.capability carried
 * as a PAX xattr record.
 *
 * Encoded here rather than with tar-stream's packer, which cannot give a PAX
 * record a binary value nor a file mode of 0.
 */
import { createReadStream, type Stats } from 'node:fs';
import { readlink } from 'node:fs/promises';
import { internal } from '../errdefs/index.js';
import { openSameFile } from './fd.js';
import { PAX_XATTR_PREFIX, paxRecord } from './pax-xattrs.js';
import { deviceNumbers } from './special-files.js';
import { getXattr, SECURITY_CAPABILITY } from './xattr.js';

const BLOCK = 512;
const ID_MAX = 0o7777777;
const SIZE_MAX = 0o77777777777;

export type EntryType = 'file' | 'link' | 'symlink' | 'character-device' | 'block-device' | 'directory' | 'fifo';

const TYPEFLAG: Record<EntryType | 'pax', string> = {
  file: '0',
  link: '1',
  symlink: '2',
  'character-device': '3',
  'block-device': '4',
  directory: '5',
  fifo: '6',
  pax: 'x',
};

export interface EntryHeader {
  name: string;
  type: EntryType;
  /** Permission and special bits (07777). */
  mode: number;
  uid: number;
  gid: number;
  mtime: Date;
  size?: number;
  linkname?: string;
  devmajor?: number;
  devminor?: number;
  xattrs?: Map<string, Buffer>;
}

/** Turns filesystem entries into tar bytes; yields chunks so the consumer's pace drives the reads. */
export class TarEncoder {
  /** `dev:ino` of multiply-linked files → first name written. */
  private readonly inodes = new Map<string, string>();

  /** The file at `path` (its last component never followed: a trusted path or an `fdPath`) under `name`. */
  async *path(path: string, name: string, st: Stats): AsyncGenerator<Buffer> {
    const base = { name, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, mtime: st.mtime };
    if (st.isDirectory()) return yield* this.entry({ ...base, type: 'directory', name: name.endsWith('/') ? name : `${name}/` });
    if (st.isSymbolicLink()) return yield* this.entry({ ...base, type: 'symlink', linkname: await readlink(path) });
    if (st.isCharacterDevice() || st.isBlockDevice()) {
      const type = st.isCharacterDevice() ? 'character-device' : 'block-device';
      return yield* this.entry({ ...base, type, ...deviceFields(st.rdev) });
    }
    if (st.isFIFO()) return yield* this.entry({ ...base, type: 'fifo' });
    if (!st.isFile()) return; // sockets cannot be archived; Docker skips them too
    if (st.nlink > 1) {
      const key = `${st.dev}:${st.ino}`;
      const first = this.inodes.get(key);
      if (first !== undefined) return yield* this.entry({ ...base, type: 'link', linkname: first });
      this.inodes.set(key, name);
    }
    const caps = await getXattr(path, SECURITY_CAPABILITY);
    const header: EntryHeader = { ...base, type: 'file', size: st.size };
    if (caps) header.xattrs = new Map([[SECURITY_CAPABILITY, caps]]);
    const body = createReadStream('', { fd: await openSameFile(path, st) });
    try {
      yield* this.entry(header, body);
    } finally {
      body.destroy(); // a consumer that stopped midway must not leak the fd
    }
  }

  /** One entry; `body` must supply exactly `size` bytes. */
  async *entry(h: EntryHeader, body?: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    const size = h.type === 'file' ? (h.size ?? 0) : 0;
    const records: Buffer[] = [];
    const ascii = (s: string): boolean => /^[\x01-\x7f]*$/.test(s);
    const split = splitName(h.name);
    if (!split || !ascii(h.name)) records.push(paxRecord('path', h.name));
    const link = h.linkname ?? '';
    if (Buffer.byteLength(link) > 100 || !ascii(link)) records.push(paxRecord('linkpath', link));
    if (h.uid > ID_MAX) records.push(paxRecord('uid', String(h.uid)));
    if (h.gid > ID_MAX) records.push(paxRecord('gid', String(h.gid)));
    if (size > SIZE_MAX) records.push(paxRecord('size', String(size)));
    for (const [k, v] of h.xattrs ?? []) records.push(paxRecord(PAX_XATTR_PREFIX + k, v));
    if (records.length > 0) {
      const pax = Buffer.concat(records);
      yield encodeHeader({ name: 'PaxHeader', prefix: '', type: 'pax', mode: 0o644, uid: 0, gid: 0, size: pax.length, mtime: h.mtime, linkname: '' });
      yield* padded([pax], pax.length);
    }
    yield encodeHeader({
      ...(split && ascii(h.name) ? split : { name: asciiTail(h.name, 100), prefix: '' }),
      type: h.type,
      mode: h.mode,
      uid: h.uid > ID_MAX ? 0 : h.uid,
      gid: h.gid > ID_MAX ? 0 : h.gid,
      size: size > SIZE_MAX ? 0 : size,
      mtime: h.mtime,
      linkname: asciiTail(link, 100),
      devmajor: h.devmajor,
      devminor: h.devminor,
    });
    if (size > 0) {
      if (!body) throw internal(`tar entry ${h.name}: no body for ${size} bytes`);
      yield* padded(body, size, h.name);
    }
  }

  /** End-of-archive marker: two zero blocks. */
  end(): Buffer {
    return Buffer.alloc(2 * BLOCK);
  }
}

interface RawHeader {
  name: string;
  prefix: string;
  type: EntryType | 'pax';
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: Date;
  linkname: string;
  devmajor?: number;
  devminor?: number;
}

function encodeHeader(h: RawHeader): Buffer {
  const b = Buffer.alloc(BLOCK);
  b.write(h.name, 0, 100, 'utf8');
  octal(b, 100, 8, h.mode & 0o7777);
  octal(b, 108, 8, h.uid);
  octal(b, 116, 8, h.gid);
  octal(b, 124, 12, h.size);
  octal(b, 136, 12, Math.max(0, Math.floor(h.mtime.getTime() / 1000)));
  b.write(TYPEFLAG[h.type], 156, 1, 'ascii');
  b.write(h.linkname, 157, 100, 'utf8');
  b.write('ustar\x0000', 257, 8, 'binary');
  octal(b, 329, 8, h.devmajor ?? 0);
  octal(b, 337, 8, h.devminor ?? 0);
  b.write(h.prefix, 345, 155, 'utf8');
  b.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of b) sum += byte;
  b.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'binary');
  return b;
}

function octal(b: Buffer, offset: number, width: number, n: number): void {
  b.write(n.toString(8).padStart(width - 1, '0') + '\0', offset, width, 'ascii');
}

/** ustar name/prefix split, or undefined when the name cannot fit. */
function splitName(name: string): { name: string; prefix: string } | undefined {
  if (Buffer.byteLength(name) <= 100) return { name, prefix: '' };
  for (let i = name.indexOf('/'); i !== -1; i = name.indexOf('/', i + 1)) {
    const prefix = name.slice(0, i);
    const rest = name.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(rest) <= 100 && rest !== '') return { name: rest, prefix };
    if (Buffer.byteLength(prefix) > 155) break;
  }
  return undefined;
}

/** A ustar-safe stand-in for a value the PAX header carries in full. */
function asciiTail(s: string, max: number): string {
  const ascii = s.replace(/[^\x01-\x7f]/g, '_');
  return ascii.length <= max ? ascii : ascii.slice(-max);
}

async function* padded(body: AsyncIterable<Buffer> | Buffer[], size: number, name = 'PAX header'): AsyncGenerator<Buffer> {
  let written = 0;
  for await (const chunk of body) {
    if (written + chunk.length > size) throw internal(`tar entry ${name}: file grew while being archived`);
    written += chunk.length;
    yield chunk;
  }
  if (written !== size) throw internal(`tar entry ${name}: file shrank while being archived`);
  const pad = (BLOCK - (size % BLOCK)) % BLOCK;
  if (pad > 0) yield Buffer.alloc(pad);
}

/** A device's numbers as tar headers name them. */
function deviceFields(rdev: number): { devmajor: number; devminor: number } {
  const { major, minor } = deviceNumbers(rdev);
  return { devmajor: major, devminor: minor };
}

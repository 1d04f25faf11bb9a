/** Shared by the archive tests: temp dirs and tars built entry by entry. */
import { Readable } from 'node:stream';
import tar from 'tar-stream';

export interface TestEntry {
  name: string;
  type?: tar.Header['type'];
  body?: string | Buffer;
  mode?: number;
  uid?: number;
  gid?: number;
  mtime?: Date;
  linkname?: string;
  devmajor?: number;
  devminor?: number;
}

export function tarOf(entries: TestEntry[]): Readable {
  const p = tar.pack();
  for (const e of entries) {
    const type = e.type ?? 'file';
    const header = {
      name: e.name,
      type,
      // Type bits keep tar-stream from treating mode 0 as "default".
      mode: (type === 'directory' ? 0o40000 : 0o100000) | (e.mode ?? (type === 'directory' ? 0o755 : 0o644)),
      uid: e.uid ?? 0,
      gid: e.gid ?? 0,
      mtime: e.mtime ?? new Date('2020-01-02T03:04:05Z'),
      linkname: e.linkname,
      devmajor: e.devmajor,
      devminor: e.devminor,
    };
    if (e.body !== undefined) p.entry(header, e.body);
    else p.entry(header);
  }
  p.finalize();
  // streamx readables are async-iterable at runtime; their typings omit it.
  return Readable.from(p as unknown as AsyncIterable<Buffer>, { objectMode: false });
}

export async function readTar(src: Readable): Promise<Array<{ header: tar.Header; body: Buffer }>> {
  const out: Array<{ header: tar.Header; body: Buffer }> = [];
  const ex = tar.extract();
  src.on('error', (err) => ex.destroy(err));
  src.pipe(ex as unknown as NodeJS.WritableStream);
  for await (const entry of ex) {
    const chunks: Buffer[] = [];
    for await (const c of entry as unknown as AsyncIterable<Buffer>) chunks.push(c);
    out.push({ header: entry.header, body: Buffer.concat(chunks) });
  }
  return out;
}

/** A v2 file capability (cap_net_raw+ep), binary as the kernel stores it. */
export const NET_RAW_CAP = (() => {
  const b = Buffer.alloc(20);
  b.writeUInt32LE(0x02000001, 0); // VFS_CAP_REVISION_2 | VFS_CAP_FLAGS_EFFECTIVE
  b.writeUInt32LE(1 << 13, 4); // permitted: CAP_NET_RAW
  return b;
})();

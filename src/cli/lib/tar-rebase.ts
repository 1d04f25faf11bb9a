/**
 * docker's RebaseArchiveEntries: renames a tar's top entry (and everything
 * under it, hard-link targets included) from oldBase to newBase, streaming.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';

/** `oldBase` and `oldBase/…` become `newBase` and `newBase/…`; with oldBase `.` every entry moves under newBase. */
export function rebaseName(name: string, oldBase: string, newBase: string): string {
  const slash = name.endsWith('/') ? '/' : '';
  const n = name.replace(/\/+$/, '').replace(/^\.\//, '') || '.';
  if (oldBase === '.') return n === '.' ? newBase + slash : `${newBase}/${n}${slash}`;
  if (n === oldBase) return newBase + slash;
  if (n.startsWith(`${oldBase}/`)) return newBase + n.slice(oldBase.length) + slash;
  return name;
}

export function rebaseTar(src: NodeJS.ReadableStream, oldBase: string, newBase: string): Readable {
  const extract = tar.extract();
  const pack = tar.pack();
  extract.on('entry', (header, stream, next) => {
    header.name = rebaseName(header.name, oldBase, newBase);
    if (header.type === 'link' && header.linkname) header.linkname = rebaseName(header.linkname, oldBase, newBase);
    pipeline(stream, pack.entry(header)).then(() => next(), next);
  });
  extract.on('finish', () => pack.finalize());
  pipeline(src, extract).catch((err: Error) => pack.destroy(err));
  return Readable.from(pack);
}

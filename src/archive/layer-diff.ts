import { lstat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { WHITEOUT_OPAQUE, WHITEOUT_PREFIX } from './extract.js';
import { TarEncoder } from './tar-writer.js';
import { walkTree } from './walk.js';
import { getXattr, OVERLAY_OPAQUE } from './xattr.js';

/**
 * A layer tar of an active snapshot's upper dir: overlay whiteouts become OCI
 * whiteouts; entries in sorted path order so equal trees give equal tars.
 */
export function layerDiff(upperDir: string): Readable {
  async function* chunks(): AsyncGenerator<Buffer> {
    const enc = new TarEncoder();
    await lstat(upperDir);
    yield* walkTree(upperDir, async function* (path, rel, st) {
      if (st.isCharacterDevice() && st.rdev === 0) {
        const slash = rel.lastIndexOf('/');
        const name = rel.slice(0, slash + 1) + WHITEOUT_PREFIX + rel.slice(slash + 1);
        yield* enc.entry({ name, type: 'file', mode: 0o600, uid: st.uid, gid: st.gid, mtime: st.mtime });
        return;
      }
      yield* enc.path(path, rel, st);
      if (st.isDirectory() && (await getXattr(path, OVERLAY_OPAQUE))?.toString() === 'y') {
        yield* enc.entry({ name: `${rel}/${WHITEOUT_OPAQUE}`, type: 'file', mode: st.mode & 0o777, uid: st.uid, gid: st.gid, mtime: st.mtime });
      }
    });
    yield enc.end();
  }
  return Readable.from(chunks(), { objectMode: false });
}

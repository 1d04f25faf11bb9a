/**
 * Unpacking tar streams onto disk, confined to a root (see confined-root.ts):
 * ownership, modes, mtimes, xattrs, hardlinks, symlinks, devices and fifos.
 */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { lchown, link, lutimes, mkdir, open, symlink } from 'node:fs/promises';
import { posix } from 'node:path';
import { PassThrough, Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { errnoCode, invalidArgument } from '../errdefs/index.js';
import type { Digest } from '../util/digest.js';
import { decompress } from './compression.js';
import { ConfinedRoot } from './confined-root.js';
import { DirCache } from './dir-cache.js';
import { chmodAt, fdPath, lstatAt, mknodAt, removeAllAt } from './fd.js';
import { PaxTap, type PaxExtras } from './pax-xattrs.js';
import { OVERLAY_OPAQUE, setXattr, setXattrBestEffort } from './xattr.js';

export const WHITEOUT_PREFIX = '.wh.';
export const WHITEOUT_META_PREFIX = '.wh..wh.';
export const WHITEOUT_OPAQUE = '.wh..wh..opq';

export interface ApplyLayerResult {
  /** sha256 of the uncompressed tar. */
  diffId: Digest;
  /** Bytes of the uncompressed tar. */
  size: number;
}

export interface ExtractOptions {
  /** Refuse to replace a directory with a non-directory or the reverse (`noOverwriteDirNonDir` of archive PUT). */
  noOverwriteDirNonDir?: boolean;
  /** Give every entry this owner instead of the one in the tar (docker cp without -a). */
  owner?: { uid: number; gid: number };
}

interface UnpackOptions extends ExtractOptions {
  /** Root-relative directory the entries land in. */
  dest: string;
  /** OCI whiteouts become overlay whiteouts instead of files. */
  overlayWhiteouts: boolean;
}

/**
 * Unpack a layer (plain or gzip, detected) into `dir`, a snapshot's own directory,
 * turning OCI whiteouts into overlay whiteouts.
 */
export async function applyLayer(layer: Readable, dir: string): Promise<ApplyLayerResult> {
  const hash = createHash('sha256');
  let size = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      size += chunk.length;
      cb(null, chunk);
    },
  });
  const root = await ConfinedRoot.open(dir);
  try {
    await unpack(decompress(layer), measure, root, { dest: '', overlayWhiteouts: true });
  } finally {
    await root.close();
  }
  return { diffId: `sha256:${hash.digest('hex')}`, size };
}

/**
 * Unpack an uploaded tar (plain or gzip) into `dest`, a host path inside the
 * trusted directory `root`. No whiteout handling.
 */
export async function extractArchive(src: Readable, root: string, dest: string, opts: ExtractOptions = {}): Promise<void> {
  const rel = posix.relative(root, dest);
  if (rel.startsWith('..') || posix.isAbsolute(rel)) throw invalidArgument(`${dest} is outside of ${root}`);
  const confined = await ConfinedRoot.open(root);
  try {
    await extractInto(src, confined, rel, opts);
  } finally {
    await confined.close();
  }
}

/** As extractArchive, into `dest` resolved inside a root its owner may be changing (a container's). */
export async function extractInto(src: Readable, root: ConfinedRoot, dest: string, opts: ExtractOptions = {}): Promise<void> {
  await unpack(decompress(src), new PassThrough(), root, { ...opts, dest, overlayWhiteouts: false });
}

/** `measure` sees every uncompressed byte on its way to the tar parser. */
async function unpack(src: Readable, measure: Transform, root: ConfinedRoot, opts: UnpackOptions): Promise<void> {
  const tap = new PaxTap();
  const extract = tar.extract();
  const feeding = pipeline(src, measure, tap, extract);
  feeding.catch(() => undefined);
  const writer = new EntryWriter(root, opts);
  try {
    for await (const entry of extract) {
      // byteOffset is set by tar-stream at runtime but missing from its typings.
      const offset = (entry.header as { byteOffset?: number }).byteOffset;
      // streamx readables are async-iterable at runtime; their typings omit it.
      await writer.write(entry.header, entry as unknown as AsyncIterable<Buffer>, offset === undefined ? {} : (tap.extrasAt(offset) ?? {}));
      entry.resume();
    }
    await feeding;
    await writer.finish();
  } catch (err) {
    src.destroy();
    throw err;
  } finally {
    await writer.dirs.closeAll();
  }
}

/**
 * Every name is created, changed or removed as `/proc/self/fd/<parent>/<name>`
 * with `parent` a directory fd found by the ConfinedRoot, and no call follows
 * the last component: a container swapping a directory for a symlink meanwhile
 * cannot redirect anything out of the root.
 */
class EntryWriter {
  private readonly dirTimes: Array<[string, Date]> = [];
  readonly dirs: DirCache;

  constructor(
    root: ConfinedRoot,
    private readonly opts: UnpackOptions,
  ) {
    this.dirs = new DirCache(root);
  }

  async write(h: tar.Header, body: AsyncIterable<Buffer>, pax: PaxExtras): Promise<void> {
    const name = confine(h.name, this.opts.dest);
    if (name === undefined) return;
    const dir = parentOf(name);
    const base = posix.basename(name);
    const parent = await this.dirs.get(dir, true);

    if (this.opts.overlayWhiteouts && base.startsWith(WHITEOUT_PREFIX)) {
      await this.whiteout(parent, dir, base, h, pax);
      return;
    }

    const path = fdPath(parent, base);
    const existing = await lstatAt(parent, base);
    if (existing) {
      const isDir = h.type === 'directory';
      if (this.opts.noOverwriteDirNonDir && existing.isDirectory() && !isDir) {
        throw invalidArgument(`cannot overwrite directory "/${name}" with non-directory "${h.name}"`);
      }
      if (this.opts.noOverwriteDirNonDir && !existing.isDirectory() && isDir) {
        throw invalidArgument(`cannot overwrite non-directory "/${name}" with directory "${h.name}"`);
      }
      if (!(existing.isDirectory() && isDir)) {
        await this.dirs.forget(name);
        await removeAllAt(parent, base);
      }
    }

    const mode = (h.mode ?? 0o644) & 0o7777;
    switch (h.type) {
      case 'file':
      case 'contiguous-file': {
        const fh = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
        try {
          for await (const chunk of body) await fh.write(chunk);
        } finally {
          await fh.close();
        }
        break;
      }
      case 'directory':
        if (!existing?.isDirectory()) await mkdir(path, { mode: 0o700 });
        break;
      case 'symlink':
        this.checkSymlink(name, h.linkname ?? '');
        await symlink(h.linkname ?? '', path);
        break;
      case 'link': {
        const target = confine(h.linkname ?? '', this.opts.dest);
        if (target === undefined) throw invalidArgument(`invalid hardlink "${h.name}" -> "${h.linkname}"`);
        const tParent = await this.dirs.get(parentOf(target), false);
        // link(2) does not follow a symlink named as its source.
        await link(fdPath(tParent, posix.basename(target)), path);
        // The inode already carries its owner, mode and times.
        return;
      }
      case 'character-device':
      case 'block-device':
        await mknodAt(parent, base, h.type === 'character-device' ? 'c' : 'b', h.devmajor ?? 0, h.devminor ?? 0);
        break;
      case 'fifo':
        await mknodAt(parent, base, 'p');
        break;
      default:
        throw invalidArgument(`unhandled tar entry type ${String(h.type)} for "${h.name}"`);
    }

    const owner = this.opts.owner ?? { uid: pax.uid ?? h.uid, gid: pax.gid ?? h.gid };
    if (owner.uid !== 0 || owner.gid !== 0 || existing) await lchown(path, owner.uid, owner.gid);
    if (h.type !== 'symlink') await chmodAt(parent, base, mode);
    for (const [k, v] of pax.xattrs ?? []) await setXattrBestEffort(path, k, v);
    const mtime = h.mtime ?? new Date(0);
    if (h.type === 'directory') this.dirTimes.push([name, mtime]);
    else await lutimes(path, mtime, mtime);
  }

  /** Directory times last: creating children changed them. Deepest first, so a parent's time is not disturbed again. */
  async finish(): Promise<void> {
    for (const [name, t] of this.dirTimes.reverse()) {
      const parent = await this.dirs.get(parentOf(name), false).catch((err: unknown) => {
        // The tree's owner may have removed it meanwhile.
        if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ENOTDIR') return undefined;
        throw err;
      });
      if (parent !== undefined) await lutimes(fdPath(parent, posix.basename(name)), t, t);
    }
  }

  private async whiteout(parent: number, dir: string, base: string, h: tar.Header, pax: PaxExtras): Promise<void> {
    if (base === WHITEOUT_OPAQUE) {
      // xattrs are set on a name, never through a followed link: name the directory in its own parent.
      if (dir === '') throw invalidArgument('an opaque whiteout at the root of a layer');
      const above = await this.dirs.get(parentOf(dir), false);
      await setXattr(fdPath(above, posix.basename(dir)), OVERLAY_OPAQUE, 'y');
      return;
    }
    // Other .wh..wh. names are aufs bookkeeping (hardlink dirs), not whiteouts.
    if (base.startsWith(WHITEOUT_META_PREFIX)) return;
    const victim = whiteoutTarget(base);
    await this.dirs.forget(dir === '' ? victim : `${dir}/${victim}`);
    await removeAllAt(parent, victim);
    await mknodAt(parent, victim, 'c', 0, 0);
    await lchown(fdPath(parent, victim), pax.uid ?? h.uid, pax.gid ?? h.gid);
  }

  /** As Docker: a relative target may not climb out of the extraction directory; absolute targets resolve inside root when followed. */
  private checkSymlink(name: string, linkname: string): void {
    if (linkname.startsWith('/')) return;
    const target = posix.normalize(posix.join(posix.dirname(name), linkname));
    const dest = this.opts.dest;
    const inside = dest === '' ? target !== '..' && !target.startsWith('../') : target === dest || target.startsWith(`${dest}/`);
    if (!inside) throw invalidArgument(`invalid symlink "${name}" -> "${linkname}"`);
  }
}

function parentOf(name: string): string {
  return posix.dirname(name) === '.' ? '' : posix.dirname(name);
}

/**
 * The name a whiteout entry deletes, beside it in the same directory. As
 * containerd does, one naming that directory itself or its parent (`.wh.`,
 * `.wh..`, `.wh...`) is refused: it would delete what holds the layer.
 */
export function whiteoutTarget(base: string): string {
  const victim = base.slice(WHITEOUT_PREFIX.length);
  if (victim === '' || victim === '.' || victim === '..' || victim.includes('/')) throw invalidArgument(`invalid whiteout name: ${base}: invalid archive`);
  return victim;
}

/**
 * Root-relative path of an entry: absolute names are taken as relative to `dest`,
 * names climbing above `dest` are refused (Docker's breakout check). undefined for
 * `dest` itself, which is never replaced.
 */
function confine(name: string, dest: string): string | undefined {
  const cleaned = posix.normalize(name).replace(/^\/+/, '').replace(/\/+$/, '');
  if (cleaned === '' || cleaned === '.') return undefined;
  if (cleaned === '..' || cleaned.startsWith('../')) throw invalidArgument(`invalid tar entry "${name}": outside of the extraction directory`);
  return dest === '' ? cleaned : `${dest}/${cleaned}`;
}

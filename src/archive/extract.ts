/**
 * Unpacking tar streams onto disk, confined to a root (see secure-join.ts):
 * ownership, modes, mtimes, xattrs, hardlinks, symlinks, devices and fifos.
 */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { chmod, lchown, link, lstat, lutimes, mkdir, open, rm, symlink } from 'node:fs/promises';
import { posix } from 'node:path';
import { PassThrough, Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { errnoCode, invalidArgument } from '../errdefs/index.js';
import type { Digest } from '../util/digest.js';
import { decompress } from './compression.js';
import { PaxTap, type PaxExtras } from './pax-xattrs.js';
import { RootResolver } from './secure-join.js';
import { mknod } from './special-files.js';
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
  await unpack(decompress(layer), measure, dir, { dest: '', overlayWhiteouts: true });
  return { diffId: `sha256:${hash.digest('hex')}`, size };
}

/**
 * Unpack an uploaded tar (plain or gzip) into `dest`, a path inside `root` (already
 * resolved by the caller, e.g. with secureJoin). No whiteout handling.
 */
export async function extractArchive(src: Readable, root: string, dest: string, opts: ExtractOptions = {}): Promise<void> {
  const rel = posix.relative(root, dest);
  if (rel.startsWith('..') || posix.isAbsolute(rel)) throw invalidArgument(`${dest} is outside of ${root}`);
  await unpack(decompress(src), new PassThrough(), root, { ...opts, dest: rel, overlayWhiteouts: false });
}

/** `measure` sees every uncompressed byte on its way to the tar parser. */
async function unpack(src: Readable, measure: Transform, root: string, opts: UnpackOptions): Promise<void> {
  const tap = new PaxTap();
  const extract = tar.extract();
  const feeding = pipeline(src, measure, tap, extract);
  feeding.catch(() => undefined);
  const writer = new EntryWriter(new RootResolver(root), opts);
  try {
    for await (const entry of extract) {
      // byteOffset is set by tar-stream at runtime but missing from its typings.
      const offset = (entry.header as { byteOffset?: number }).byteOffset;
      // streamx readables are async-iterable at runtime; their typings omit it.
      await writer.write(entry.header, entry as unknown as AsyncIterable<Buffer>, offset === undefined ? {} : (tap.extrasAt(offset) ?? {}));
      entry.resume();
    }
    await feeding;
  } catch (err) {
    src.destroy();
    throw err;
  }
  await writer.finish();
}

class EntryWriter {
  private readonly dirTimes: Array<[string, Date]> = [];

  constructor(
    private readonly resolver: RootResolver,
    private readonly opts: UnpackOptions,
  ) {}

  async write(h: tar.Header, body: AsyncIterable<Buffer>, pax: PaxExtras): Promise<void> {
    const name = confine(h.name, this.opts.dest);
    if (name === undefined) return;
    const dir = posix.dirname(name) === '.' ? '' : posix.dirname(name);
    const base = posix.basename(name);
    const parent = await this.resolveParent(dir);
    const rel = parent === '' ? base : `${parent}/${base}`;

    if (this.opts.overlayWhiteouts && base.startsWith(WHITEOUT_PREFIX)) {
      await this.whiteout(parent, base, h, pax);
      return;
    }

    const path = this.resolver.hostPath(rel);
    const existing = await lstatOrUndefined(path);
    if (existing) {
      const isDir = h.type === 'directory';
      if (this.opts.noOverwriteDirNonDir && existing.isDirectory() && !isDir) {
        throw invalidArgument(`cannot overwrite directory "${path}" with non-directory "${h.name}"`);
      }
      if (this.opts.noOverwriteDirNonDir && !existing.isDirectory() && isDir) {
        throw invalidArgument(`cannot overwrite non-directory "${path}" with directory "${h.name}"`);
      }
      if (!(existing.isDirectory() && isDir)) {
        this.resolver.forget(rel);
        await rm(path, { recursive: true, force: true });
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
        this.resolver.remember(rel);
        break;
      case 'symlink':
        this.checkSymlink(name, h.linkname ?? '');
        await symlink(h.linkname ?? '', path);
        break;
      case 'link': {
        const target = confine(h.linkname ?? '', this.opts.dest);
        if (target === undefined) throw invalidArgument(`invalid hardlink "${h.name}" -> "${h.linkname}"`);
        const tDir = posix.dirname(target) === '.' ? '' : posix.dirname(target);
        const tParent = await this.resolver.resolve(tDir, { followFinal: true });
        const tRel = tParent === '' ? posix.basename(target) : `${tParent}/${posix.basename(target)}`;
        await link(this.resolver.hostPath(tRel), path);
        // The inode already carries its owner, mode and times.
        return;
      }
      case 'character-device':
      case 'block-device':
        await mknod(path, h.type === 'character-device' ? 'c' : 'b', h.devmajor ?? 0, h.devminor ?? 0);
        break;
      case 'fifo':
        await mknod(path, 'p');
        break;
      default:
        throw invalidArgument(`unhandled tar entry type ${String(h.type)} for "${h.name}"`);
    }

    const owner = this.opts.owner ?? { uid: pax.uid ?? h.uid, gid: pax.gid ?? h.gid };
    if (owner.uid !== 0 || owner.gid !== 0 || existing) await lchown(path, owner.uid, owner.gid);
    if (h.type !== 'symlink') await chmod(path, mode);
    for (const [k, v] of pax.xattrs ?? []) await setXattrBestEffort(path, k, v);
    const mtime = h.mtime ?? new Date(0);
    if (h.type === 'directory') this.dirTimes.push([path, mtime]);
    else await lutimes(path, mtime, mtime);
  }

  /** Directory times last: creating children changed them. Deepest first, so a parent's time is not disturbed again. */
  async finish(): Promise<void> {
    for (const [path, t] of this.dirTimes.reverse()) await lutimes(path, t, t);
  }

  /** The entry's directory, resolved inside root (symlinks followed there) and created when missing. */
  private async resolveParent(dir: string): Promise<string> {
    if (this.resolver.isKnownDir(dir)) return dir;
    const rel = await this.resolver.resolve(dir, { create: true, followFinal: true });
    const st = await lstatOrUndefined(this.resolver.hostPath(rel));
    if (!st) await mkdir(this.resolver.hostPath(rel), { mode: 0o755 });
    else if (!st.isDirectory()) throw invalidArgument(`cannot extract into "${dir}": not a directory`);
    this.resolver.remember(rel);
    return rel;
  }

  private async whiteout(parent: string, base: string, h: tar.Header, pax: PaxExtras): Promise<void> {
    const dirPath = this.resolver.hostPath(parent);
    if (base === WHITEOUT_OPAQUE) {
      await setXattr(dirPath, OVERLAY_OPAQUE, 'y');
      return;
    }
    // Other .wh..wh. names are aufs bookkeeping (hardlink dirs), not whiteouts.
    if (base.startsWith(WHITEOUT_META_PREFIX)) return;
    const victim = whiteoutTarget(base);
    const rel = parent === '' ? victim : `${parent}/${victim}`;
    const path = this.resolver.hostPath(rel);
    this.resolver.forget(rel);
    await rm(path, { recursive: true, force: true });
    await mknod(path, 'c', 0, 0);
    await lchown(path, pax.uid ?? h.uid, pax.gid ?? h.gid);
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

async function lstatOrUndefined(path: string): Promise<Awaited<ReturnType<typeof lstat>> | undefined> {
  try {
    return await lstat(path);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return undefined;
    throw err;
  }
}

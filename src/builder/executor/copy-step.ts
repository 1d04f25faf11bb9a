/**
 * COPY and ADD: where the sources come from (build context, another stage
 * or image, heredocs, URLs for ADD), what identifies them for the cache, and
 * how they land in the step's root (Docker's destination rules: a trailing
 * `/` or an existing directory means "into", a directory source copies its
 * contents, several sources need a directory destination).
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, open, rm, rmdir, stat, utimes, writeFile } from 'node:fs/promises';
import { basename, join, posix } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extractArchive, openRegularFile, secureJoin } from '../../archive/index.js';
import { invalidArgument } from '../../errdefs/index.js';
import { resolveUser } from '../../runtime/index.js';
import { mountAll, unmount } from '../../snapshots/mount.js';
import { hashPath, hashStrings } from '../cache/source-hash.js';
import { resolveCopySources, type CopySource } from '../context/index.js';
import type { AddInstruction, CopyInstruction } from '../dockerfile/index.js';
import { copyTree, makeParents, type CopyAttrs } from './copy-tree.js';
import type { BuilderDeps } from './deps.js';
import type { ImageState } from './image-state.js';

export interface PreparedCopy {
  /** Identifies the sources' content, for the cache key. */
  identity: string;
  /** The history row Docker's classic builder writes. */
  createdBy: string;
  apply(rootfs: string): Promise<void>;
  cleanup(): Promise<void>;
}

export interface CopyContext {
  deps: BuilderDeps;
  /** The context on disk and the hashes already computed on it. */
  context: { dir: string; hashes: Map<string, Promise<string>> };
  workdir: string;
  /** The image COPY --from names (a stage's result or an image). */
  fromImage?: ImageState;
}

const isUrl = (s: string): boolean => /^https?:\/\//i.test(s);

/** Absolute destination in the image, the trailing slash kept (it decides "into"). */
function destination(dest: string, workdir: string): string {
  const into = dest.endsWith('/') || dest === '.' || dest.endsWith('/.');
  const abs = posix.isAbsolute(dest) ? dest : posix.join(workdir || '/', dest);
  const clean = posix.normalize(abs);
  return into && !clean.endsWith('/') ? `${clean}/` : clean;
}

async function isDir(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isDirectory(), () => false);
}

/** A local file ADD unpacks: tar, possibly gzip-compressed. A fifo or device is never one. */
async function isArchive(path: string): Promise<boolean> {
  const fh = await openRegularFile(path);
  if (!fh) return false;
  try {
    const head = Buffer.alloc(262);
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    if (bytesRead >= 2 && head[0] === 0x1f && head[1] === 0x8b) return true;
    return bytesRead >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar';
  } finally {
    await fh.close();
  }
}

async function copyAttrs(rootfs: string, chown: string, chmod: string): Promise<CopyAttrs> {
  let mode: number | undefined;
  if (chmod !== '') {
    if (!/^[0-7]{1,4}$/.test(chmod)) throw invalidArgument(`invalid chmod parameter: ${chmod}`);
    mode = parseInt(chmod, 8);
  }
  if (chown === '') return { uid: 0, gid: 0, ...(mode !== undefined ? { mode } : {}) };
  const [user = '', group] = chown.split(':');
  const resolved = await resolveUser(rootfs, group === undefined ? user : `${user}:${group}`, []).catch((err: unknown) => {
    throw invalidArgument(`unable to convert uid/gid chown string to host mapping: ${(err as Error).message}`, err);
  });
  // A user without a group means the same number for both, as Docker documents.
  return { uid: resolved.uid, gid: group === undefined ? resolved.uid : resolved.gid, ...(mode !== undefined ? { mode } : {}) };
}

async function download(url: string, dir: string): Promise<{ path: string; name: string }> {
  let res: Response;
  try {
    res = await fetch(url, { redirect: 'follow' });
  } catch (err) {
    throw invalidArgument(`failed to GET ${url}: ${(err as Error).message}`, err);
  }
  if (!res.ok || !res.body) throw invalidArgument(`failed to GET ${url} with status ${res.status} ${res.statusText}`);
  const name = basename(new URL(url).pathname) || 'download';
  const path = join(dir, `url-${randomBytes(4).toString('hex')}`);
  await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), (await open(path, 'w', 0o600)).createWriteStream());
  const modified = res.headers.get('last-modified');
  if (modified) await utimes(path, new Date(modified), new Date(modified));
  return { path, name };
}

interface HostSource {
  hostPath: string;
  /** Name when copied into a directory. */
  name: string;
  isDir: boolean;
  /** ADD of a local archive: unpack instead of copy. */
  unpack: boolean;
}

export async function prepareCopy(ctx: CopyContext, instr: CopyInstruction | AddInstruction): Promise<PreparedCopy> {
  const { deps } = ctx;
  const dest = destination(instr.dest, ctx.workdir);
  const tmp = await mkdtemp(join(deps.root, 'tmp-'));
  const cleanup = (): Promise<void> => rm(tmp, { recursive: true, force: true });
  try {
    const inline: HostSource[] = [];
    for (const c of instr.contents) {
      const path = join(tmp, `inline-${inline.length}`);
      await writeFile(path, c.data, { mode: 0o644 });
      inline.push({ hostPath: path, name: c.path, isDir: false, unpack: false });
    }
    const urls = instr.kind === 'ADD' ? instr.sources.filter(isUrl) : [];
    const downloaded: HostSource[] = [];
    for (const u of urls) {
      const d = await download(u, tmp);
      downloaded.push({ hostPath: d.path, name: d.name, isDir: false, unpack: false });
    }
    const paths = instr.sources.filter((s) => !isUrl(s));
    const fromStage = instr.kind === 'COPY' && instr.from !== '';
    let local: HostSource[] = [];
    let identity: string;
    if (fromStage) {
      identity = hashStrings([`from:${ctx.fromImage?.id ?? 'scratch'}`, ...paths]);
    } else {
      const sources = paths.length > 0 ? await resolveCopySources(ctx.context.dir, paths) : [];
      local = sources.map((s: CopySource) => ({
        hostPath: s.hostPath,
        name: basename(s.rel) || basename(s.resolved),
        isDir: s.isDir,
        unpack: false,
      }));
      if (instr.kind === 'ADD') for (const s of local) if (!s.isDir) s.unpack = await isArchive(s.hostPath);
      identity = hashStrings(await Promise.all(local.map(async (s) => `${s.name}:${s.unpack}:${await hashPath(s.hostPath, ctx.context.hashes)}`)));
    }
    const extra = await Promise.all([...inline, ...downloaded].map(async (s) => `${s.name}:${await hashPath(s.hostPath)}`));
    identity = hashStrings([identity, ...extra, instr.chown, instr.chmod]);
    const kind = paths.length + urls.length + inline.length > 1 ? 'multi' : local[0]?.isDir ? 'dir' : 'file';
    const createdBy = `/bin/sh -c #(nop) ${instr.kind} ${kind}:${identity} in ${dest} `;

    const place = async (rootfs: string, sources: HostSource[]): Promise<void> => {
      const attrs = await copyAttrs(rootfs, instr.chown, instr.chmod);
      const target = await secureJoin(rootfs, dest);
      const many = sources.length > 1;
      if (many && !dest.endsWith('/')) throw invalidArgument(`When using ${instr.kind} with more than one source file, the destination must be a directory and end with a /`);
      const into = dest.endsWith('/') || (await isDir(target));
      for (const s of sources) {
        if (s.unpack) {
          await makeParents(target, attrs);
          await extractArchive(createReadStream(s.hostPath), rootfs, target);
        } else if (s.isDir) {
          await makeParents(target, attrs);
          await copyTree(s.hostPath, target, attrs);
        } else {
          const file = into ? join(target, s.name) : target;
          await makeParents(join(file, '..'), attrs);
          await copyTree(s.hostPath, file, attrs);
        }
      }
    };

    const apply = async (rootfs: string): Promise<void> => {
      if (!fromStage) return place(rootfs, [...local, ...inline, ...downloaded]);
      await withView(deps, ctx.fromImage, async (root) => {
        const sources = await resolveCopySources(root, paths);
        await place(
          rootfs,
          sources.map((s) => ({ hostPath: s.hostPath, name: basename(s.rel) || basename(s.resolved), isDir: s.isDir, unpack: false })),
        );
      });
    };
    return { identity, createdBy, apply, cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

/** The files of `image` mounted read-only for the duration of `fn`. */
async function withView(deps: BuilderDeps, image: ImageState | undefined, fn: (root: string) => Promise<void>): Promise<void> {
  const id = randomBytes(8).toString('hex');
  const dir = join(deps.execRoot, 'mnt', `view-${id}`);
  await mkdir(dir, { recursive: true });
  if (!image?.chainId) {
    try {
      return await fn(dir);
    } finally {
      await rmdir(dir).catch(() => undefined);
    }
  }
  const key = `build-view-${id}`;
  const mounts = await deps.snapshots.view(key, image.chainId);
  try {
    await mountAll(mounts, dir);
    try {
      await fn(dir);
    } finally {
      await unmount(dir);
    }
  } finally {
    await deps.snapshots.remove(key).catch(() => undefined);
    await rmdir(dir).catch(() => undefined);
  }
}

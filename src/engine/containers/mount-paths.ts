/**
 * `docker cp` below a volume or bind: the path is looked up in the mount's
 * host directory rather than in the root filesystem it hides, as Docker does
 * by mounting the container's volumes for archive operations.
 */
import { posix } from 'node:path';
import { ConfinedRoot } from '../../archive/index.js';
import { errnoCode, invalidArgument } from '../../errdefs/index.js';
import type { Container } from './container.js';
import { containerPath, statInRoot, type ResolvedPath } from './path-stat.js';
import { storedMounts } from './volume-mounts.js';

export interface PathBase {
  /** Host directory the (inner) path is resolved in. */
  root: string;
  /** The path inside that directory. */
  inner: string;
  /** The container path of that directory ('/' for the rootfs). */
  destination: string;
  /** Writes allowed: the rootfs unless --read-only, a mount unless mounted read-only. */
  writable: boolean;
}

/** The innermost volume or bind holding path; the rootfs otherwise. tmpfs mounts exist only inside a running container. */
export function baseFor(c: Container, rootfs: string, path: string): PathBase {
  const abs = containerPath(path);
  let best: PathBase | undefined;
  for (const m of storedMounts(c)) {
    const source = m.volume ? m.point.Source : m.spec.source;
    const dest = m.spec.destination;
    if (!source || m.spec.type !== 'bind') continue;
    const under = abs === dest || abs.startsWith(dest + '/');
    if (!under || (best && best.destination.length >= dest.length)) continue;
    best = { root: source, inner: '/' + abs.slice(dest.length).replace(/^\/+/, ''), destination: dest, writable: m.point.RW };
  }
  return best ?? { root: rootfs, inner: path, destination: '/', writable: !c.record.HostConfig.ReadonlyRootfs };
}

/**
 * Open the confined root of the mount holding path. A bind of a single file is
 * confined to the file's directory, the path inside it being the file's name.
 */
export async function openBase(c: Container, rootfs: string, path: string): Promise<{ base: PathBase; root: ConfinedRoot }> {
  const base = baseFor(c, rootfs, path);
  try {
    return { base, root: await ConfinedRoot.open(base.root) };
  } catch (err) {
    if (errnoCode(err) !== 'ENOTDIR' || base.inner !== '/') throw err;
    const fileBase = { ...base, root: posix.dirname(base.root), inner: '/' + posix.basename(base.root) };
    return { base: fileBase, root: await ConfinedRoot.open(fileBase.root) };
  }
}

/** statInRoot across mounts, naming the result by its container path. */
export async function statInContainer(base: PathBase, root: ConfinedRoot, path: string, ref: string): Promise<ResolvedPath> {
  if (base.destination === '/') return statInRoot(root, path, ref);
  const r = await statInRoot(root, base.inner, ref).catch((err: unknown) => {
    if (err instanceof Error) err.message = err.message.replace(base.inner, path);
    throw err;
  });
  r.stat.name = posix.basename(containerPath(path)) || '/';
  if (r.stat.linkTarget) r.stat.linkTarget = posix.join(base.destination, r.stat.linkTarget);
  return r;
}

/** putArchive's refusal for a read-only destination, with Docker's messages. */
export function checkWritable(base: PathBase): void {
  if (base.writable) return;
  throw invalidArgument(base.destination === '/' ? 'container rootfs is marked read-only' : 'mounted volume is marked read-only');
}

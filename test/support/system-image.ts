/**
 * debian:bookworm-systemd for system-container tests and the bench, made once
 * per daemon by `wharf image bootstrap debian --systemd`. debootstrap's result
 * is cached (~/.cache/wharf), so only the first run on a machine downloads;
 * without debootstrap or Debian's mirror there is no image, and callers skip.
 */
import { access } from 'node:fs/promises';
import { get } from 'node:http';
import { join } from 'node:path';
import { cacheDir } from '../../src/cli/bootstrap/debian.js';
import { type Daemon, run } from './daemon.js';

export const SYSTEM_IMAGE = 'debian:bookworm-systemd';
const MIRROR_PROBE = 'http://deb.debian.org/debian/dists/bookworm/Release';
/** debootstrap of ~100 packages over a slow link. */
const BOOTSTRAP_TIMEOUT_MS = 15 * 60_000;

function mirrorReachable(): Promise<boolean> {
  return new Promise((resolve) => {
    const req = get(MIRROR_PROBE, { timeout: 10_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

/** Why the image cannot be made here, or undefined when it can (no cache and no way to build one). */
async function cannotBootstrap(): Promise<string | undefined> {
  const cached = await access(join(cacheDir(process.env), 'debian-bookworm-systemd.tar')).then(() => true, () => false);
  if (cached) return undefined;
  if ((await run('sh', ['-c', 'command -v debootstrap'])).code !== 0) return 'debootstrap is not installed';
  if (!(await mirrorReachable())) return `Debian's mirror is unreachable (${MIRROR_PROBE})`;
  return undefined;
}

/** Bootstraps the image into `d`; returns a reason to skip when it cannot be made on this machine. A failing bootstrap throws. */
export async function bootstrapSystemImage(d: Daemon): Promise<string | undefined> {
  const reason = await cannotBootstrap();
  if (reason) return reason;
  const r = await d.wharf(['image', 'bootstrap', 'debian', '--systemd'], { timeoutMs: BOOTSTRAP_TIMEOUT_MS });
  if (r.code !== 0) throw new Error(`wharf image bootstrap debian --systemd failed (${r.code}): ${r.stderr.slice(-2000)}`);
  return undefined;
}

/**
 * A Debian bookworm root filesystem from `debootstrap --variant=minbase`,
 * kept as a tarball in the user's cache (`$XDG_CACHE_HOME/wharf`, else
 * `~/.cache/wharf`) so it is built once and imported as often as needed.
 * The `systemd` flavour adds an init for system containers.
 */
import { spawn } from 'node:child_process';
import { access, chmod, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { failedPrecondition, internal } from '../../errdefs/index.js';

export const DEBIAN_SUITE = 'bookworm';

export type DebianFlavour = 'minbase' | 'systemd';

/**
 * systemd as /sbin/init, dbus for systemctl/hostnamectl, and busybox (half a
 * megabyte) for an httpd, nc and vi without pulling python or an editor in.
 */
const SYSTEMD_PACKAGES = ['systemd', 'systemd-sysv', 'dbus', 'busybox'];

export function cacheDir(env: Readonly<Record<string, string | undefined>>): string {
  return join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'), 'wharf');
}

function run(cmd: string, args: string[], log: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    child.on('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'ENOENT' ? failedPrecondition(`${cmd} is not installed (apt-get install ${cmd})`, err) : failedPrecondition(`${cmd}: ${err.message}`, err)),
    );
    child.on('close', (code) => (code === 0 ? resolve() : reject(internal(`${cmd} ${args.join(' ')} exited with status ${code}`))));
  });
}

/**
 * An image is shared by many machines: an empty /etc/machine-id (and no D-Bus
 * copy of it) lets each container get its own, which the engine bind-mounts.
 */
async function prepareForContainers(rootfs: string): Promise<void> {
  await writeFile(join(rootfs, 'etc', 'machine-id'), '');
  await rm(join(rootfs, 'var', 'lib', 'dbus', 'machine-id'), { force: true });
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The path of the cached rootfs tarball, running debootstrap (its output to
 * log) when there is none yet. Device nodes, /proc, /sys and downloaded .debs
 * stay out of the image.
 */
export async function debianRootfsTarball(
  env: Readonly<Record<string, string | undefined>>,
  log: NodeJS.WritableStream,
  flavour: DebianFlavour = 'minbase',
): Promise<string> {
  const dir = cacheDir(env);
  const tarball = join(dir, `debian-${DEBIAN_SUITE}-${flavour}.tar`);
  if (await exists(tarball)) return tarball;
  await mkdir(dir, { recursive: true });
  const rootfs = await mkdtemp(join(dir, `debootstrap-${DEBIAN_SUITE}-`));
  const partial = `${tarball}.${process.pid}.partial`;
  try {
    // mkdtemp makes it 0700; it becomes the image's `/`, which everyone must be able to enter.
    await chmod(rootfs, 0o755);
    const include = flavour === 'systemd' ? [`--include=${SYSTEMD_PACKAGES.join(',')}`] : [];
    await run('debootstrap', ['--variant=minbase', ...include, DEBIAN_SUITE, rootfs], log);
    if (flavour === 'systemd') await prepareForContainers(rootfs);
    await run('tar', ['--numeric-owner', '--xattrs', '-C', rootfs, '--exclude=./dev/*', '--exclude=./proc/*', '--exclude=./sys/*', '--exclude=./var/cache/apt/archives/*.deb', '-cf', partial, '.'], log);
    await rename(partial, tarball);
    return tarball;
  } finally {
    await rm(partial, { force: true });
    await rm(rootfs, { recursive: true, force: true });
  }
}

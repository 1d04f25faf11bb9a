/**
 * The raw-runc baselines: busybox `true` in a bundle runc runs directly, with
 * runc's own minimal spec and with the spec Wharf gives a container (Docker's
 * defaults: seccomp profile, capability set, masked and read-only paths, /dev
 * and /dev/shm), so the ratio against the second compares like with like.
 */
import { copyFile, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildSpec, hostFacts } from '../src/runtime/index.js';
import { run } from '../test/support/daemon.js';

async function busyboxRootfs(dir: string): Promise<string> {
  const rootfs = join(dir, 'rootfs');
  await mkdir(join(rootfs, 'bin'), { recursive: true });
  await copyFile('/bin/busybox', join(rootfs, 'bin', 'busybox'));
  await symlink('busybox', join(rootfs, 'bin', 'true'));
  return rootfs;
}

/** runc's default spec (`runc spec`), no terminal. */
export async function runcDefaultBundle(dir: string): Promise<string> {
  await busyboxRootfs(dir);
  const r = await run('runc', ['spec', '--bundle', dir]);
  if (r.code !== 0) throw new Error(`runc spec failed: ${r.stderr}`);
  const spec = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
  spec.process.terminal = false;
  spec.process.args = ['/bin/true'];
  await writeFile(join(dir, 'config.json'), JSON.stringify(spec));
  return dir;
}

/** The spec Wharf's runtime writes for `run busybox true`. */
export async function dockerDefaultsBundle(dir: string): Promise<string> {
  const rootfs = await busyboxRootfs(dir);
  const spec = buildSpec({
    id: 'bench',
    rootfs,
    args: ['/bin/true'],
    env: ['PATH=/bin'],
    cwd: '/',
    user: { uid: 0, gid: 0, additionalGids: [] },
    hostname: 'bench',
    tty: false,
    namespaces: { network: { type: 'private' } },
    cgroupParent: '/wharf-bench',
    host: await hostFacts(),
  });
  await writeFile(join(dir, 'config.json'), JSON.stringify(spec));
  return dir;
}

/**
 * Test fixtures for the runtime: a busybox root filesystem, bundles and specs
 * built the way the engine builds them, and cleanup that runs even when a test
 * fails half-way.
 */
import { copyFile, mkdir, mkdtemp, readdir, rm, rmdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Spec } from '../../oci/runtime-spec.js';
import { hostFacts } from '../host-facts.js';
import { buildSpec } from '../spec.js';
import type { SpecInput } from '../types.js';

const APPLETS = ['sh', 'true', 'cat', 'echo', 'sleep', 'stty', 'unshare', 'grep', 'ls', 'id', 'env', 'printf', 'head', 'kill', 'ps', 'wc', 'tr'];

export async function makeTempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'wharf-test-'));
}

/** A minimal root filesystem: static busybox, a few applet links, passwd and group. */
export async function makeBusyboxRootfs(dir: string): Promise<string> {
  for (const d of ['bin', 'etc', 'proc', 'sys', 'dev', 'tmp']) await mkdir(join(dir, d), { recursive: true });
  await copyFile('/bin/busybox', join(dir, 'bin/busybox'));
  for (const a of APPLETS) await symlink('busybox', join(dir, 'bin', a));
  await writeFile(join(dir, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n');
  await writeFile(join(dir, 'etc/group'), 'root:x:0:\nnogroup:x:65534:\n');
  return dir;
}

/** Containers of this test process live under their own cgroup parent, removed by removeTestCgroups(). */
export const TEST_CGROUP_PARENT = `/wharf-test-${process.pid}`;

/** rmdir the test cgroup parent in every v1 hierarchy (runc removes only the containers' own cgroups). */
export async function removeTestCgroups(parent = TEST_CGROUP_PARENT): Promise<void> {
  for (const hierarchy of await readdir('/sys/fs/cgroup')) {
    await rmdir(join('/sys/fs/cgroup', hierarchy, parent)).catch(() => undefined);
  }
}

export function newTestId(): string {
  return randomBytes(32).toString('hex');
}

/** A spec for `args` over `rootfs`, with Docker's defaults and optional overrides of the input. */
export async function testSpec(id: string, rootfs: string, args: string[], over: Partial<SpecInput> = {}): Promise<Spec> {
  return buildSpec({
    id,
    rootfs,
    args,
    env: ['PATH=/bin', 'HOME=/root'],
    cwd: '/',
    user: { uid: 0, gid: 0, additionalGids: [] },
    hostname: id.slice(0, 12),
    tty: false,
    namespaces: { network: { type: 'private' } },
    cgroupParent: TEST_CGROUP_PARENT,
    host: await hostFacts(),
    ...over,
  });
}

/** Runs registered cleanups in reverse order, continuing past failures. */
export class Cleanup {
  private readonly steps: Array<() => Promise<unknown>> = [];

  add(step: () => Promise<unknown>): void {
    this.steps.push(step);
  }

  dir(path: string): void {
    this.add(() => rm(path, { recursive: true, force: true }));
  }

  async run(): Promise<void> {
    for (const step of this.steps.reverse()) await step().catch(() => undefined);
    this.steps.length = 0;
  }
}

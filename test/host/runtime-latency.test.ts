/**
 * Prints (does not assert) the latency of a `true` container through the
 * runtime (create, start, wait, delete) next to a raw `runc run` of the same
 * bundle. Target: within 3x of raw runc.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ConmonRuntime } from '../../src/runtime/runtime.js';
import { serializeSpec } from '../../src/runtime/spec.js';
import { Cleanup, makeBusyboxRootfs, removeTestCgroups, TEST_CGROUP_PARENT, makeTempDir, newTestId, testSpec } from '../../src/runtime/testing/fixtures.js';

const execFileP = promisify(execFile);
const ROUNDS = 15;
const cleanup = new Cleanup();
let root: string;
let rootfs: string;

before(async () => {
  root = await makeTempDir();
  cleanup.dir(root);
  cleanup.add(() => removeTestCgroups());
  rootfs = await makeBusyboxRootfs(join(root, 'rootfs'));
});

after(() => cleanup.run());

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

it('measures run --rm true against raw runc run', { timeout: 120_000 }, async () => {
  const rt = new ConmonRuntime({ execRoot: join(root, 'exec') });
  cleanup.add(async () => rt.close());
  const runcRoot = join(root, 'raw-runc');
  const ours: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const id = newTestId();
    const bundleDir = join(root, 'bundles', id);
    await mkdir(bundleDir, { recursive: true });
    const spec = await testSpec(id, rootfs, ['true']);
    cleanup.add(() => rt.delete(id, { force: true }));

    let t0 = performance.now();
    const exited = rt.create(id, { bundleDir, spec, tty: false, openStdin: false, stdinOnce: false }).then(async () => {
      const wait = rt.waitExit(id);
      await rt.start(id);
      return wait;
    });
    assert.equal((await exited).exitCode, 0);
    await rt.delete(id);
    ours.push(performance.now() - t0);

    const rawId = `raw-${i}`;
    await writeFile(join(bundleDir, 'config.json'), serializeSpec({ ...spec, linux: { ...spec.linux, cgroupsPath: `${TEST_CGROUP_PARENT}/${rawId}` } }));
    cleanup.add(() => execFileP('runc', ['--root', runcRoot, 'delete', '--force', rawId]).catch(() => undefined));
    t0 = performance.now();
    await execFileP('runc', ['--root', runcRoot, 'run', '--bundle', bundleDir, rawId]);
    raw.push(performance.now() - t0);
    await execFileP('runc', ['--root', runcRoot, 'delete', rawId]).catch(() => undefined);
  }
  const m = median(ours);
  const r = median(raw);
  console.log(`latency of true (median of ${ROUNDS}): runtime create+start+wait+delete ${m.toFixed(1)} ms; raw runc run ${r.toFixed(1)} ms; ratio ${(m / r).toFixed(2)}x`);
});

/** The runtime contract on runc + conmon: the real behaviour the fake runtime must match. */
import { join } from 'node:path';
import { ConmonRuntime } from '../../src/runtime/runtime.js';
import { runtimeContract } from '../../src/runtime/testing/contract.js';
import { makeBusyboxRootfs, removeTestCgroups } from '../../src/runtime/testing/fixtures.js';

runtimeContract({
  async setUp(dir, cleanup) {
    cleanup.add(() => removeTestCgroups());
    return makeBusyboxRootfs(join(dir, 'rootfs'));
  },
  open: (dir) => new ConmonRuntime({ execRoot: join(dir, 'exec'), timeoutMs: 15_000 }),
});

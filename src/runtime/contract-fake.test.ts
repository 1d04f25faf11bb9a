/** The runtime contract on the fake runtime: what the engine's unprivileged tests stand on. */
import { runtimeContract } from './testing/contract.js';
import { FakeHost, FakeRuntime } from './testing/fake-runtime.js';

const host = new FakeHost();
runtimeContract({
  // The fake runs nothing from the rootfs.
  setUp: async (dir) => dir,
  open: () => new FakeRuntime(host),
});

/**
 * Volume costs on the run path: a named volume and a bind per run against a
 * plain `run --rm`, and the first run of a new volume that is seeded from
 * the image (Docker's copy-up) against reusing it.
 */
import type { Daemon } from '../test/support/daemon.js';

type Say = (k: string, v: string) => void;
type Timer = (n: number, fn: () => Promise<void>) => Promise<number>;

export async function benchVolumes(wharf: Daemon, runs: number, medianOf: Timer, say: Say, plainMs: number): Promise<void> {
  const must = async (args: string[]): Promise<void> => {
    const r = await wharf.wharf(args);
    if (r.code !== 0) throw new Error(`wharf ${args.join(' ')} failed: ${r.stderr}`);
  };
  const named = await medianOf(runs, () => must(['run', '--rm', '-v', 'bench-vol:/data', 'busybox', 'true']));
  say('wharf run --rm -v vol:/data median', `${named.toFixed(1)} ms  (${(named / plainMs).toFixed(2)}x plain run)`);
  const bind = await medianOf(runs, () => must(['run', '--rm', '-v', `${wharf.root}/bench-bind:/data`, 'busybox', 'true']));
  say('wharf run --rm -v /host:/data median', `${bind.toFixed(1)} ms  (${(bind / plainMs).toFixed(2)}x plain run)`);
  let n = 0;
  // /bin of busybox: ~400 hard links to one binary, copied with owners and modes.
  const seeded = await medianOf(runs, () => must(['run', '--rm', '-v', `bench-seed-${n++}:/bin`, 'busybox', 'true']));
  say('wharf run with a new volume seeded from /bin', `${seeded.toFixed(1)} ms  (${(seeded / plainMs).toFixed(2)}x plain run)`);
  await must(['volume', 'prune', '-af']);
}

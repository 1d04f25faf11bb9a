/**
 * What bridge networking costs a container start: `run --rm busybox true` with
 * `--network bridge` (netns, veth, IPAM, /etc files, teardown) against
 * `--network none`, interleaved so both see the same machine state.
 */
import type { Daemon } from '../test/support/daemon.js';
import { median, timed } from './measure.js';

export type Say = (key: string, value: string) => void;

function timeRun(d: Daemon, network: string): Promise<number> {
  return timed(`run --network ${network}`, () => d.wharf(['run', '--rm', '--network', network, 'busybox', 'true']));
}

export async function benchNetwork(d: Daemon, runs: number, say: Say): Promise<void> {
  await timeRun(d, 'bridge');
  await timeRun(d, 'none');
  const bridge: number[] = [];
  const none: number[] = [];
  for (let i = 0; i < runs; i++) {
    bridge.push(await timeRun(d, 'bridge'));
    none.push(await timeRun(d, 'none'));
  }
  const [b, n] = [median(bridge), median(none)];
  say('wharf run --rm --network none median', `${n.toFixed(1)} ms`);
  say('wharf run --rm --network bridge median', `${b.toFixed(1)} ms  (+${(b - n).toFixed(1)} ms, ${(b / n).toFixed(2)}x none; target < +40 ms)`);
}

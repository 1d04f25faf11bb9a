/**
 * What bridge networking costs a container start: `run --rm busybox true` with
 * `--network bridge` (netns, veth, IPAM, /etc files, teardown) against
 * `--network none`, interleaved so both see the same machine state.
 */
import type { Daemon } from '../test/support/daemon.js';

export type Say = (key: string, value: string) => void;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

async function timeRun(d: Daemon, network: string): Promise<number> {
  const t0 = process.hrtime.bigint();
  const r = await d.wharf(['run', '--rm', '--network', network, 'busybox', 'true']);
  if (r.code !== 0) throw new Error(`run --network ${network} failed (${r.code}): ${r.stderr}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
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

/**
 * What a user typing commands waits for: each everyday command through `wharf` and
 * through the docker CLI against the same wharfd, interleaved so both see the same
 * machine state, and the daemon's run path against a raw `runc run` of the same spec.
 */
import type { Daemon } from '../test/support/daemon.js';
import { median, timed } from './measure.js';

type Say = (k: string, v: string) => void;

/** Medians of `runs` interleaved pairs (after one warm-up pair): [wharf, docker]. */
async function pair(d: Daemon, args: string[], runs: number): Promise<[number, number]> {
  const w: number[] = [];
  const k: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const a = await timed(`wharf ${args.join(' ')}`, () => d.wharf(args));
    const b = await timed(`docker ${args.join(' ')}`, () => d.docker(args));
    if (i > 0) {
      w.push(a);
      k.push(b);
    }
  }
  return [median(w), median(k)];
}

export async function benchCli(d: Daemon, runs: number, say: Say, runcDockerSpecMs: number): Promise<void> {
  const names = Array.from({ length: 10 }, (_, i) => `bench-cli-${i}`);
  for (const name of names) await timed('run -d', () => d.wharf(['run', '-d', '--name', name, 'busybox', 'sh', '-c', 'echo ready; sleep 600']));
  await timed('volume create', () => d.wharf(['volume', 'create', 'bench-cli-vol']));
  try {
    const commands: Array<[string, string[]]> = [
      ['ps -a (10 containers)', ['ps', '-a']],
      ['images', ['images']],
      ['inspect', ['inspect', names[0] ?? '']],
      ['version', ['version']],
      ['logs (no follow)', ['logs', names[0] ?? '']],
      ['volume ls', ['volume', 'ls']],
      ['network ls', ['network', 'ls']],
    ];
    for (const [label, args] of commands) {
      const [w, k] = await pair(d, args, runs);
      say(`${label}: wharf / docker CLI → wharfd`, `${w.toFixed(1)} / ${k.toFixed(1)} ms  (${(w / k).toFixed(2)}x; target <= 1.5x)`);
    }
    const [w, k] = await pair(d, ['run', '--rm', 'busybox', 'true'], runs);
    say('run --rm busybox true: wharf / docker CLI → wharfd', `${w.toFixed(1)} / ${k.toFixed(1)} ms  (+${(w - k).toFixed(1)} ms; target <= +15 ms)`);
    const none: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const t = await timed('docker run --network none', () => d.docker(['run', '--rm', '--network', 'none', 'busybox', 'true']));
      if (i > 0) none.push(t);
    }
    const n = median(none);
    say('docker CLI → wharfd run --rm --network none median', `${n.toFixed(1)} ms  (${(n / runcDockerSpecMs).toFixed(2)}x runc run of Docker's spec; target <= 2x)`);
  } finally {
    await d.wharf(['rm', '-f', ...names]);
    await d.wharf(['volume', 'rm', 'bench-cli-vol']);
  }
}

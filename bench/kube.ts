/**
 * Kubernetes YAML: `kube play` and `kube down` of one file, a Deployment of 10 replicas
 * (10 pods), `wharf kube` against wharfd and podman 4.3 (Debian's, private and cleaned up
 * after: test/support/podman.ts), in one run.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Daemon, RunResult } from '../test/support/daemon.js';
import { podmanMissing, startPodman } from '../test/support/podman.js';
import { median, timed } from './measure.js';

type Say = (k: string, v: string) => void;

const REPLICAS = 10;
const ROUNDS = 3;

/** Podman 4.3 honours replicas (pods `<name>-pod-<n>`, as Wharf). Containers stop at once on SIGTERM: `down` measures the engine. */
function deploymentYaml(): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: { name: benchk }
spec:
  replicas: ${REPLICAS}
  selector: { matchLabels: { app: benchk } }
  template:
    metadata: { labels: { app: benchk } }
    spec:
      containers:
      - name: main
        image: busybox
        command: [sh, -c, 'trap "exit 0" TERM; sleep 600 & wait']
`;
}

type Kube = (args: string[]) => Promise<RunResult>;

/** Rounds interleave the engines: the shared machine's load drifts, and would favour whichever ran second. */
async function playDown(engines: Kube[], file: string): Promise<Array<[number, number]>> {
  const plays: number[][] = engines.map(() => []);
  const downs: number[][] = engines.map(() => []);
  for (let i = 0; i < ROUNDS; i++) {
    for (const [n, kube] of engines.entries()) {
      plays[n]!.push(await timed('kube play', () => kube(['play', file])));
      downs[n]!.push(await timed('kube down', () => kube(['down', file])));
    }
  }
  return engines.map((_, n) => [median(plays[n]!), median(downs[n]!)]);
}

export async function benchKube(tmp: string, wharf: Daemon, say: Say): Promise<void> {
  const file = join(tmp, 'kube-bench.yaml');
  await writeFile(file, deploymentYaml());
  const wharfKube: Kube = (args) => wharf.wharf(['kube', ...args], { timeoutMs: 300_000 });
  const pm = podmanMissing ? undefined : await startPodman(wharf);
  try {
    const engines = pm ? [wharfKube, (args: string[]) => pm.podman(['kube', ...args], { timeoutMs: 300_000 })] : [wharfKube];
    const [[wPlay, wDown] = [NaN, NaN], podman] = await playDown(engines, file);
    say(`wharf kube play / down, ${REPLICAS}-replica Deployment`, `${wPlay.toFixed(0)} / ${wDown.toFixed(0)} ms`);
    if (!podman) {
      say('podman 4.3 kube play / down', `skipped: ${podmanMissing}`);
      return;
    }
    const [pPlay, pDown] = podman;
    say('podman 4.3 kube play / down, same file', `${pPlay.toFixed(0)} / ${pDown.toFixed(0)} ms  (wharf ${(pPlay / wPlay).toFixed(2)}x / ${(pDown / wDown).toFixed(2)}x faster; target > 1x)`);
  } finally {
    await pm?.destroy();
  }
}

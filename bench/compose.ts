/**
 * Compose: `up -d` and `down` of a 10-service project, `wharf compose` against wharfd
 * and docker-compose 1.29 (the compose this machine has) against dockerd, in one run.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { run, type Daemon, type RunResult } from '../test/support/daemon.js';
import { median, timed } from './measure.js';
import type { DockerDaemon } from '../test/support/dockerd.js';

type Say = (k: string, v: string) => void;

const SERVICES = 10;
const ROUNDS = 3;

/** Services that stop at once on SIGTERM, so `down` measures the engine, not a grace period. */
function projectYaml(): string {
  const lines = ['services:'];
  for (let i = 0; i < SERVICES; i++) {
    lines.push(`  s${i}:`, '    image: busybox', `    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"]`);
  }
  return lines.join('\n') + '\n';
}

async function upDown(compose: (args: string[]) => Promise<RunResult>): Promise<[number, number]> {
  const ups: number[] = [];
  const downs: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    ups.push(await timed('compose up -d', () => compose(['up', '-d'])));
    downs.push(await timed('compose down', () => compose(['down'])));
  }
  return [median(ups), median(downs)];
}

export async function benchCompose(tmp: string, wharf: Daemon, docker: DockerDaemon | undefined, say: Say): Promise<void> {
  const dir = join(tmp, 'compose-bench');
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'compose.yaml');
  await writeFile(file, projectYaml());
  const project = ['-f', file, '-p', 'benchc'];
  const [wUp, wDown] = await upDown((args) => wharf.wharf(['compose', ...project, ...args], { timeoutMs: 120_000 }));
  say(`wharf compose up -d / down, ${SERVICES} services`, `${wUp.toFixed(0)} / ${wDown.toFixed(0)} ms`);
  if (!docker || !existsSync('/usr/bin/docker-compose')) {
    say('docker-compose 1.29 → dockerd', 'skipped: dockerd or docker-compose not installed');
    return;
  }
  const [dUp, dDown] = await upDown((args) => run('docker-compose', [...project, ...args], { env: { ...docker.env }, timeoutMs: 120_000 }));
  say(`docker-compose 1.29 → dockerd up -d / down`, `${dUp.toFixed(0)} / ${dDown.toFixed(0)} ms  (wharf ${(dUp / wUp).toFixed(2)}x / ${(dDown / wDown).toFixed(2)}x faster; target up >= 2x)`);
}

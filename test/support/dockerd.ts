/**
 * A real dockerd for side-by-side numbers, on its own socket and data root so
 * it never meets a system Docker. Absent dockerd → undefined, and the bench says so.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { run, type Daemon, type RunResult } from './daemon.js';

export interface DockerDaemon {
  /** DOCKER_HOST for other clients of this dockerd (docker-compose, the SDK). */
  readonly env: Readonly<Record<string, string>>;
  docker(args: string[], env?: Record<string, string>): Promise<RunResult>;
  stop(): Promise<void>;
}

const DOCKERD = ['/usr/bin/dockerd', '/usr/sbin/dockerd', '/usr/local/bin/dockerd'].find((p) => existsSync(p));

export async function startDocker(tmp: string, wharf: Daemon): Promise<DockerDaemon | undefined> {
  if (!DOCKERD) return undefined;
  const root = join(tmp, 'docker');
  const sock = join(root, 'docker.sock');
  const proc: ChildProcess = spawn(
    DOCKERD,
    ['--data-root', join(root, 'data'), '--exec-root', join(root, 'exec'), '-H', `unix://${sock}`, '--pidfile', join(root, 'docker.pid'), '--bridge', 'none', '--iptables=false', '--ip-masq=false'],
    { stdio: 'ignore' },
  );
  const env = { DOCKER_HOST: `unix://${sock}` };
  const docker = (args: string[], extra: Record<string, string> = {}): Promise<RunResult> => run('docker', args, { env: { ...env, ...extra } });
  for (let i = 0; i < 100 && (await docker(['version'])).code !== 0; i++) await new Promise((r) => setTimeout(r, 200));
  // busybox moves from Wharf to Docker as a `docker save` tarball: the round trip is part of the point.
  const tar = join(tmp, 'busybox.tar');
  const saved = await wharf.wharf(['save', '-o', tar, 'busybox']);
  const loaded = saved.code === 0 ? await docker(['load', '-i', tar]) : saved;
  if (loaded.code !== 0) {
    proc.kill('SIGTERM');
    throw new Error(`could not give dockerd the busybox image: ${loaded.stderr}`);
  }
  return {
    env,
    docker,
    async stop() {
      const ids = (await docker(['ps', '-aq'])).stdout.split('\n').filter(Boolean);
      if (ids.length) await docker(['rm', '-f', ...ids]);
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    },
  };
}

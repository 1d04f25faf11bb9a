/**
 * System containers: how long debian:bookworm-systemd takes from `run -d` to
 * `systemctl is-system-running` answering running (or degraded), and what a
 * booted, idle one holds in memory against the same image running `sleep`.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Daemon } from '../test/support/daemon.js';
import { bootstrapSystemImage, SYSTEM_IMAGE } from '../test/support/system-image.js';
import { waitFor } from '../test/support/wait.js';
import { median, timeIt } from './measure.js';

type Say = (k: string, v: string) => void;

/** Each boot costs seconds: a few are enough for a median. */
const MAX_BOOTS = 5;

/** The processes of a container's cgroup tree (systemd's sub-cgroups too), v1 pids hierarchy or v2. */
async function cgroupPids(dir: string): Promise<number[]> {
  const own = (await readFile(join(dir, 'cgroup.procs'), 'utf8').catch(() => '')).split('\n').filter(Boolean).map(Number);
  const children = (await readdir(dir, { withFileTypes: true }).catch(() => [])).filter((e) => e.isDirectory());
  const nested = await Promise.all(children.map((e) => cgroupPids(join(dir, e.name))));
  return [...own, ...nested.flat()];
}

/** Resident memory of every process of the container, MiB (shared pages counted in each, as top does). */
async function containerRssMiB(id: string): Promise<number> {
  const v1 = join('/sys/fs/cgroup/pids/wharf', id);
  const pids = [...(await cgroupPids(v1)), ...(await cgroupPids(join('/sys/fs/cgroup/wharf', id)))];
  const kib = await Promise.all(
    pids.map((p) => readFile(`/proc/${p}/status`, 'utf8').then((s) => Number(/VmRSS:\s+(\d+)/.exec(s)?.[1] ?? 0), () => 0)),
  );
  return kib.reduce((a, b) => a + b, 0) / 1024;
}

export async function benchSystem(wharf: Daemon, runs: number, say: Say): Promise<void> {
  const skip = await bootstrapSystemImage(wharf);
  if (skip) return say('system container boot', `skipped: ${skip}`);
  const must = async (args: string[]): Promise<string> => {
    const r = await wharf.wharf(args);
    if (r.code !== 0) throw new Error(`wharf ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout.trim();
  };
  const booted = (name: string) =>
    waitFor(async () => /^(running|degraded)$/.test((await wharf.wharf(['exec', name, 'systemctl', 'is-system-running'])).stdout.trim()), {
      what: `${name} to boot`,
      timeoutMs: 120_000,
      intervalMs: 50,
    });

  const boots: number[] = [];
  for (let i = 0; i < Math.min(runs, MAX_BOOTS); i++) {
    boots.push(await timeIt(async () => {
      await must(['run', '-d', '--name', `bench-sys-${i}`, SYSTEM_IMAGE]);
      await booted(`bench-sys-${i}`);
    }));
    if (i > 0) await must(['rm', '-f', `bench-sys-${i}`]);
  }
  say('system container: run -d → is-system-running, median', `${median(boots).toFixed(0)} ms (${boots.length} boots)`);

  const sys = await must(['inspect', '-f', '{{.Id}}', 'bench-sys-0']);
  const plain = await must(['run', '-d', '--name', 'bench-sleep', SYSTEM_IMAGE, 'sleep', 'infinity']);
  // Idle already: bench-sys-0 reported `running` (every boot job done) before the later boots.
  const [sysRss, plainRss] = [await containerRssMiB(sys), await containerRssMiB(plain)];
  say('system container RSS idle (all its processes)', `${sysRss.toFixed(1)} MiB  (same image running sleep: ${plainRss.toFixed(1)} MiB)`);
  await must(['rm', '-f', 'bench-sys-0', 'bench-sleep']);
}

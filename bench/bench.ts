/**
 * `npm run bench`: Wharf against raw runc and, where dockerd is installed,
 * Docker (and, for `kube play`, podman), in one run on this machine. Prints medians and ratios; asserts nothing.
 */
import { mkdtemp, rm, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Daemon, run } from '../test/support/daemon.js';
import { startDocker, type DockerDaemon } from '../test/support/dockerd.js';
import { sweepSharedChains } from '../test/support/network.js';
import { dockerDefaultsBundle, runcDefaultBundle } from './runc-bundles.js';
import { benchVolumes } from './volumes.js';
import { benchShip } from './ship.js';
import { benchNetwork } from './network.js';
import { benchBuild } from './build.js';
import { benchEngine } from './engine.js';
import { benchCli } from './cli.js';
import { benchCompose } from './compose.js';
import { benchSystem } from './system.js';
import { benchKube } from './kube.js';
import { benchDashboard } from './dashboard.js';
import { median, timeIt } from './measure.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const FLEET = Number(process.env.BENCH_FLEET ?? 50);

async function medianOf(n: number, fn: () => Promise<void>): Promise<number> {
  await fn(); // warm-up: first runs pay for page cache and JIT
  const xs: number[] = [];
  for (let i = 0; i < n; i++) xs.push(await timeIt(fn));
  return median(xs);
}

function must(r: { code: number; stderr: string }, what: string): void {
  if (r.code !== 0) throw new Error(`${what} failed (${r.code}): ${r.stderr}`);
}

function rssKiB(pid: number): Promise<number> {
  return readFile(`/proc/${pid}/status`, 'utf8').then((s) => Number(/VmRSS:\s+(\d+)/.exec(s)?.[1] ?? NaN));
}

async function pidsOf(pattern: RegExp): Promise<number[]> {
  const ps = await run('ps', ['-eo', 'pid=,args=']);
  return ps.stdout
    .split('\n')
    .map((l) => /^\s*(\d+)\s+(.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => !!m && pattern.test(m[2] ?? ''))
    .map((m) => Number(m[1]));
}

async function main(): Promise<void> {
  const rows: Array<[string, string]> = [];
  const say = (k: string, v: string): void => {
    rows.push([k, v]);
    console.log(`${k.padEnd(48)} ${v}`);
  };
  const tmp = await mkdtemp('/tmp/wb-');
  const wharf = await Daemon.start();
  let docker: DockerDaemon | undefined;
  try {
    const runcRoot = join(tmp, 'runc');
    let n = 0;
    const runcRun = (bundle: string) => medianOf(RUNS, async () => must(await run('runc', ['--root', runcRoot, 'run', '--bundle', bundle, `b${n++}`]), 'runc run'));
    const runcMinimal = await runcRun(await runcDefaultBundle(join(tmp, 'bundle-min')));
    say("runc run, runc's default spec, median", `${runcMinimal.toFixed(1)} ms`);
    // The ratios below are against the bundle equivalent to what Wharf (and Docker) run.
    const runc = await runcRun(await dockerDefaultsBundle(join(tmp, 'bundle')));
    say("runc run, Docker's default spec (equivalent), median", `${runc.toFixed(1)} ms  (seccomp, caps, masked paths: +${(runc - runcMinimal).toFixed(1)} ms)`);

    const wharfRun = await medianOf(RUNS, async () => must(await wharf.wharf(['run', '--rm', 'busybox', 'true']), 'wharf run'));
    say('wharf run --rm busybox true median', `${wharfRun.toFixed(1)} ms  (${(wharfRun / runc).toFixed(2)}x runc; target <= 3x)`);
    const dockerCliRun = await medianOf(RUNS, async () => must(await wharf.docker(['run', '--rm', 'busybox', 'true']), 'docker→wharfd run'));
    say('docker CLI → wharfd run --rm median', `${dockerCliRun.toFixed(1)} ms  (${(dockerCliRun / runc).toFixed(2)}x runc)`);
    await benchVolumes(wharf, RUNS, medianOf, say, wharfRun);
    await benchEngine(wharf, RUNS, FLEET, medianOf, say, runc);

    await benchNetwork(wharf, RUNS, say);
    await benchCli(wharf, RUNS, say, runc);
    await benchSystem(wharf, RUNS, say);

    docker = await startDocker(tmp, wharf);
    if (docker) {
      const d = docker;
      const dockerRun = await medianOf(RUNS, async () => must(await d.docker(['run', '--rm', 'busybox', 'true']), 'docker run'));
      say('docker run --rm (dockerd) median', `${dockerRun.toFixed(1)} ms  (${(dockerRun / runc).toFixed(2)}x runc)`);
      say('wharf vs docker (run --rm)', `${(dockerRun / wharfRun).toFixed(2)}x faster`);
    } else {
      say('docker run --rm (dockerd)', 'skipped: dockerd not installed');
    }

    await benchShip(tmp, wharf, docker, say);
    await benchCompose(tmp, wharf, docker, say);
    await benchKube(tmp, wharf, say);
    await benchBuild({ wharf, ...(docker ? { docker } : {}), tmp, runs: RUNS, median: medianOf, say });

    const daemonPid = (await pidsOf(new RegExp(`wharfd.*${wharf.dataRoot}`)))[0] ?? 0;
    say('wharfd RSS idle', `${((await rssKiB(daemonPid)) / 1024).toFixed(1)} MiB`);
    await benchDashboard(wharf, say, () => rssKiB(daemonPid));
    // One after another, as a user's script starts them.
    const fleetMs = await timeIt(async () => {
      for (let i = 0; i < FLEET; i++) must(await wharf.wharf(['run', '-d', 'busybox', 'sleep', '600']), 'run -d');
    });
    say(`${FLEET} x wharf run -d (CLI, sequential)`, `${(fleetMs / 1000).toFixed(2)} s  (target < 3 s)`);
    say(`wharfd RSS with ${FLEET} running`, `${((await rssKiB(daemonPid)) / 1024).toFixed(1)} MiB  (target < 120 MiB)`);
    const conmons = await pidsOf(new RegExp(`conmon.*${wharf.execRoot}`));
    const conmonRss = await Promise.all(conmons.map(rssKiB));
    say('conmon RSS per container', `${(conmonRss.reduce((a, b) => a + b, 0) / Math.max(1, conmonRss.length) / 1024).toFixed(2)} MiB (${conmons.length} conmons)`);
  } finally {
    await docker?.stop();
    await wharf.destroy();
    await sweepSharedChains();
    await rm(tmp, { recursive: true, force: true });
  }
  if (existsSync('/proc/self')) console.log(`\nbench: ${rows.length} measurements, RUNS=${RUNS}, FLEET=${FLEET}`);
}

await main();

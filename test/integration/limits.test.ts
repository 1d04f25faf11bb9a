/**
 * Resource limits (cgroups v1) through the real docker CLI and wharf: each
 * flag is checked in the host's cgroupfs, `update` changes a running
 * container's files, and runaway containers (memory hog, fork bomb, busy
 * loop) are contained without hurting the daemon or a bystander.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access, readFile } from 'node:fs/promises';
import { Daemon } from '../support/daemon.js';
import { bothClients, type Cli, daemonForFile, ok } from '../support/clients.js';
import { waitFor } from '../support/wait.js';

const CGROUP = '/sys/fs/cgroup';
const MiB = 1024 * 1024;

let d: Daemon;
const docker: Cli = (a, o) => d.docker(a, o);
daemonForFile((started) => (d = started));

function cgroupFile(controller: string, id: string, file: string): Promise<string> {
  return readFile(`${CGROUP}/${controller}/wharf/${id}/${file}`, 'utf8').then((s) => s.trim());
}

async function containerCount(): Promise<number> {
  return (await ok(docker, ['ps', '-aq'])).split('\n').filter(Boolean).length;
}

bothClients('resource flags land in the container cgroup', () => d, async (c) => {
  const id = await ok(c, [
    'run', '-d', '-m', '32m', '--memory-swap', '64m', '--memory-reservation', '16m', '--oom-kill-disable',
    '--cpu-shares', '512', '--cpu-period', '50000', '--cpu-quota', '25000', '--cpuset-cpus', '0', '--cpuset-mems', '0',
    '--pids-limit', '42', '--shm-size', '8m', '--ulimit', 'nofile=512:1024',
    'busybox', 'sh', '-c', 'ulimit -n; ulimit -Hn; df -k /dev/shm | tail -1; sleep 1000',
  ]);
  try {
    assert.equal(await cgroupFile('memory', id, 'memory.limit_in_bytes'), String(32 * MiB));
    assert.equal(await cgroupFile('memory', id, 'memory.soft_limit_in_bytes'), String(16 * MiB));
    assert.equal(await cgroupFile('memory', id, 'memory.memsw.limit_in_bytes'), String(64 * MiB));
    assert.match(await cgroupFile('memory', id, 'memory.oom_control'), /oom_kill_disable 1/);
    assert.equal(await cgroupFile('cpu', id, 'cpu.shares'), '512');
    assert.equal(await cgroupFile('cpu', id, 'cpu.cfs_period_us'), '50000');
    assert.equal(await cgroupFile('cpu', id, 'cpu.cfs_quota_us'), '25000');
    assert.equal(await cgroupFile('cpuset', id, 'cpuset.cpus'), '0');
    assert.equal(await cgroupFile('cpuset', id, 'cpuset.mems'), '0');
    assert.equal(await cgroupFile('pids', id, 'pids.max'), '42');
    const logs = await waitFor(async () => {
      const out = (await d.docker(['logs', id])).stdout;
      return out.split('\n').length > 3 ? out : undefined;
    }, { what: 'the ulimit and shm output' });
    const [soft, hard, shm] = logs.split('\n');
    assert.equal(soft, '512');
    assert.equal(hard, '1024');
    assert.match(shm ?? '', /^shm\s+8192\s/);
    const inspected = JSON.parse(await ok(c, ['inspect', '-f', '{{json .HostConfig}}', id])) as Record<string, unknown>;
    assert.equal(inspected.Memory, 32 * MiB);
    assert.equal(inspected.MemorySwap, 64 * MiB);
    assert.equal(inspected.PidsLimit, 42);
    assert.equal(inspected.CpuShares, 512);
  } finally {
    await ok(c, ['rm', '-f', id]);
  }
});

bothClients('impossible limits are refused with Docker messages and nothing is created', () => d, async (c, client) => {
  const before = await containerCount();
  const cases: Array<[string[], RegExp]> = [
    [['-m', '4m'], /Minimum memory limit allowed is 6MB/],
    [['-m', '-5m'], /invalid size: '-5m'/],
    [['--memory-reservation', '1m'], /Minimum memory reservation allowed is 6MB/],
    [['-m', '32m', '--memory-swap', '16m'], /Minimum memoryswap limit should be larger than memory limit/],
    [['--cpu-shares', '-3'], /invalid CPU shares \(-3\)/],
    [['--cpus', '64'], /range of CPUs is from 0\.01 to \d+\.00/],
    [['--cpu-period', '10'], /CPU cfs period can not be less than 1ms/],
    [['--cpu-period', '-1'], /CPU cfs period can not be less than 1ms/],
    [['--cpu-quota', '500'], /CPU cfs quota can not be less than 1ms/],
    [['--shm-size', '-1'], /invalid size: '-1'/],
    [['--memory-swappiness', '200'], /Valid memory swappiness range is 0-100/],
    [['--oom-score-adj', '2000'], /range for oom score adj is \[-1000, 1000\]/],
    [['--cpuset-cpus', '99'], /Requested CPUs are not available/],
    [['--ulimit', 'nofile=30000000:30000000'], /ulimit nofile: hard limit 30000000 exceeds the daemon's hard limit \d+/],
    [['--sysctl', 'vm.swappiness=1'], client === 'docker' ? /sysctl 'vm.swappiness=1' is not allowed/ : /sysctl 'vm.swappiness' is not whitelisted/],
    [['--sysctl', 'kernel.hostname=x'], /sysctl 'kernel.hostname(=x)?' is not (allowed|whitelisted)/],
    [['--network', 'host', '--sysctl', 'net.ipv4.ip_forward=1'], /sysctl 'net.ipv4.ip_forward' is not allowed in the host network namespace/],
    [['--cap-add', 'FOO'], /unknown capability: "CAP_FOO"/],
    [['--security-opt', 'foo=bar'], /invalid --security-opt 2: "foo=bar"/],
  ];
  for (const [flags, message] of cases) {
    const r = await c(['run', '--rm', ...flags, 'busybox', 'true']);
    assert.equal(r.code, 125, `${flags.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, flags.join(' '));
  }
  assert.equal(await containerCount(), before);
});

bothClients('--kernel-memory is ignored and --blkio-weight applies only where the kernel has it', () => d, async (c) => {
  const id = await ok(c, ['run', '-d', '--kernel-memory', '50m', 'busybox', 'true']);
  const hc = JSON.parse(await ok(c, ['inspect', '-f', '{{json .HostConfig}}', id])) as { KernelMemory?: number };
  assert.equal(hc.KernelMemory ?? 0, 0);
  assert.equal(await ok(c, ['wait', id]), '0');
  await ok(c, ['rm', id]);
  const hasWeight = await Promise.any([access(`${CGROUP}/blkio/blkio.weight`), access(`${CGROUP}/blkio/blkio.bfq.weight`)]).then(
    () => true,
    () => false,
  );
  const r = await c(['run', '--rm', '--blkio-weight', '300', 'busybox', 'true']);
  assert.equal(r.code, 0, r.stderr);
  if (hasWeight) assert.doesNotMatch(r.stderr, /Weight discarded/);
  else assert.match(r.stderr, /WARNING: Your kernel does not support Block I\/O weight or the cgroup is not mounted\. Weight discarded\./);
  const bad = await c(['run', '--rm', '--blkio-weight', '5', 'busybox', 'true']);
  assert.equal(bad.code, 125);
  assert.match(bad.stderr, /Range of blkio weight is from 10 to 1000/);
});

bothClients('update changes a running container\'s cgroup files', () => d, async (c) => {
  const id = await ok(c, ['run', '-d', '-m', '32m', '--cpus', '0.5', '--pids-limit', '20', 'busybox', 'sleep', '1000']);
  try {
    assert.equal(await cgroupFile('cpu', id, 'cpu.cfs_quota_us'), '50000');
    // Without --memory-swap, Docker gives as much swap as memory.
    assert.equal(await cgroupFile('memory', id, 'memory.memsw.limit_in_bytes'), String(64 * MiB));
    await ok(c, ['update', '-m', '64m', '--memory-swap', '128m', '--cpus', '1.5', '--pids-limit', '30', '--cpu-shares', '256', id]);
    assert.equal(await cgroupFile('memory', id, 'memory.limit_in_bytes'), String(64 * MiB));
    assert.equal(await cgroupFile('memory', id, 'memory.memsw.limit_in_bytes'), String(128 * MiB));
    assert.equal(await cgroupFile('cpu', id, 'cpu.cfs_quota_us'), '150000');
    assert.equal(await cgroupFile('cpu', id, 'cpu.shares'), '256');
    assert.equal(await cgroupFile('pids', id, 'pids.max'), '30');
    assert.equal(await ok(c, ['inspect', '-f', '{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}} {{.HostConfig.PidsLimit}}', id]), `${64 * MiB} 1500000000 30`);
    await ok(c, ['update', '--pids-limit', '-1', id]);
    assert.equal(await cgroupFile('pids', id, 'pids.max'), 'max');
    const bad = await c(['update', '-m', '2m', id]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /Minimum memory limit allowed is 6MB/);
    assert.equal(await cgroupFile('memory', id, 'memory.limit_in_bytes'), String(64 * MiB));
  } finally {
    await ok(c, ['rm', '-f', id]);
  }
});

test('stats --no-stream reports memory usage against the limit and the pids count', async () => {
  const id = await ok(docker, ['run', '-d', '-m', '64m', '--pids-limit', '10', 'busybox', 'sleep', '1000']);
  try {
    for (const c of [docker, (a: string[]) => d.wharf(a)] as Cli[]) {
      const line = await ok(c, ['stats', '--no-stream', '--format', '{{.MemUsage}}|{{.PIDs}}', id]);
      assert.match(line, /^[\d.]+[KMG]?i?B \/ 64MiB\|1$/);
    }
  } finally {
    await ok(docker, ['rm', '-f', id]);
  }
});

test('--cpus 0.5 holds a busy loop to about half a core', async () => {
  const id = await ok(docker, ['run', '-d', '--cpus', '0.5', 'busybox', 'sh', '-c', 'while :; do :; done']);
  try {
    const usage = async (): Promise<[bigint, bigint]> => [BigInt(await cgroupFile('cpuacct', id, 'cpuacct.usage')), process.hrtime.bigint()];
    const [u0, t0] = await usage();
    // The measurement window itself, not a wait for a state.
    await new Promise((r) => setTimeout(r, 2000));
    const [u1, t1] = await usage();
    const cores = Number(u1 - u0) / Number(t1 - t0);
    assert.ok(cores > 0.2 && cores < 0.8, `busy loop used ${cores.toFixed(2)} cores`);
  } finally {
    await ok(docker, ['rm', '-f', id]);
  }
});

test('seed: a memory hog and a fork bomb are contained without hurting the daemon or a bystander', async () => {
  const bystander = await ok(docker, ['run', '-d', '--name', 'bystander', 'busybox', 'sleep', '1000']);
  // The bomb forks in a subshell while PID 1 becomes `sleep` (exec, no fork): a shell that
  // meets EAGAIN itself would exit and take the cgroup with it before the test looks.
  const bomb = await ok(docker, ['run', '-d', '--name', 'bomb', '--pids-limit', '32', 'busybox', 'sh', '-c', '(f() { f | f & }; f) & exec sleep 1000']);
  try {
    const since = Math.floor(Date.now() / 1000) - 1;
    const hog = await d.docker(['run', '--name', 'hog', '-m', '16m', '--memory-swap', '16m', 'busybox', 'sh', '-c', 'x=a; while :; do x=$x$x; done']);
    assert.equal(hog.code, 137, hog.stderr);
    for (const c of [docker, (a: string[]) => d.wharf(a)] as Cli[]) {
      assert.equal(await ok(c, ['inspect', '-f', '{{.State.OOMKilled}} {{.State.ExitCode}} {{.State.Status}}', 'hog']), 'true 137 exited');
    }
    const events = await ok(docker, ['events', '--since', String(since), '--until', String(Math.ceil(Date.now() / 1000) + 1), '--filter', 'container=hog', '--format', '{{.Action}}']);
    assert.deepEqual(events.split('\n').filter((a) => a === 'oom' || a === 'die'), ['oom', 'die']);

    // The bomb hits its ceiling: the kernel refuses forks beyond it.
    await waitFor(async () => (Number((await cgroupFile('pids', bomb, 'pids.events')).split(' ')[1]) > 0 ? true : undefined), { what: 'forks refused at pids.max' });
    assert.ok(Number(await cgroupFile('pids', bomb, 'pids.current')) <= 32);

    // The daemon and the bystander are unharmed.
    assert.equal(await ok(docker, ['exec', 'bystander', 'echo', 'alive']), 'alive');
    assert.equal(await ok(docker, ['inspect', '-f', '{{.State.Running}}', bystander]), 'true');
    assert.match(await ok(docker, ['ps', '--format', '{{.Names}}']), /bystander/);
  } finally {
    await ok(docker, ['rm', '-f', 'bystander', 'bomb', 'hog']);
  }
});

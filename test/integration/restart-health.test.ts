/**
 * Keeping services up, through the real docker CLI and wharf: restart
 * policies with Docker's back-off, across daemon restarts and crashes;
 * health checks (from --health-* flags and from the image's HEALTHCHECK) in
 * inspect, ps, filters and events; --init, --stop-signal and --stop-timeout.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Daemon } from '../support/daemon.js';
import { bothClients, type Cli, daemonForFile, ok } from '../support/clients.js';
import { waitFor } from '../support/wait.js';

interface Health {
  Status: string;
  FailingStreak: number;
  Log: Array<{ Start: string; End: string; ExitCode: number; Output: string }>;
}

let d: Daemon;
const docker: Cli = (a, o) => d.docker(a, o);
daemonForFile((started) => (d = started));

async function health(c: Cli, name: string): Promise<Health | null> {
  return JSON.parse(await ok(c, ['inspect', '-f', '{{json .State.Health}}', name])) as Health | null;
}

async function waitHealth(c: Cli, name: string, status: string): Promise<Health> {
  return waitFor(async () => {
    const h = await health(c, name);
    return h?.Status === status ? h : undefined;
  }, { what: `${name} ${status}` });
}

async function actions(name: string, filter: string): Promise<string[]> {
  const out = await ok(docker, ['events', '--since', '0', '--until', String(Math.ceil(Date.now() / 1000) + 1), '--filter', `container=${name}`, '--filter', `event=${filter}`, '--format', '{{.Action}} {{.TimeNano}}']);
  return out.split('\n').filter(Boolean);
}

test('on-failure:N restarts with a doubling back-off, counts restarts, then gives up', async () => {
  await ok(docker, ['run', '-d', '--name', 'flaky', '--restart', 'on-failure:3', 'busybox', 'sh', '-c', 'exit 3']);
  await waitFor(async () => ((await ok(docker, ['inspect', '-f', '{{.State.Status}} {{.RestartCount}}', 'flaky'])) === 'exited 3' ? true : undefined), { what: 'three restarts' });
  const events = await actions('flaky', 'start');
  assert.equal(events.length, 4);
  // Back-off: 100 + 200 + 400 ms at least between the first and the last start.
  const times = events.map((e) => BigInt(e.split(' ')[1] ?? '0'));
  assert.ok(Number((times[3] ?? 0n) - (times[0] ?? 0n)) / 1e6 >= 700);
  for (const c of [docker, (a: string[]) => d.wharf(a)] as Cli[]) {
    assert.equal(await ok(c, ['inspect', '-f', '{{.RestartCount}} {{.State.ExitCode}} {{.HostConfig.RestartPolicy.Name}}:{{.HostConfig.RestartPolicy.MaximumRetryCount}}', 'flaky']), '3 3 on-failure:3');
  }
  await ok(docker, ['rm', 'flaky']);
});

bothClients('docker stop suppresses the restart of an always container; start re-arms it', () => d, async (c) => {
  const id = await ok(c, ['run', '-d', '--restart', 'always', 'busybox', 'sh', '-c', 'sleep 0.3; exit 1']);
  try {
    await waitFor(async () => (Number(await ok(c, ['inspect', '-f', '{{.RestartCount}}', id])) >= 1 ? true : undefined), { what: 'a restart' });
    await ok(c, ['stop', '-t', '1', id]);
    const count = await ok(c, ['inspect', '-f', '{{.RestartCount}}', id]);
    // What is tested is that nothing happens: a second with no restart (the back-off is 100-200 ms here).
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(await ok(c, ['inspect', '-f', '{{.State.Status}} {{.RestartCount}}', id]), `exited ${count}`);
  } finally {
    await ok(c, ['rm', '-f', id]);
  }
});

test('restart policies survive daemon restarts and crashes', async () => {
  await ok(docker, ['run', '-d', '--name', 'always-stopped', '--restart', 'always', 'busybox', 'sleep', '1000']);
  await ok(docker, ['stop', '-t', '0', 'always-stopped']);
  await ok(docker, ['run', '-d', '--name', 'always-killed', '--restart', 'always', 'busybox', 'sleep', '1000']);
  await ok(docker, ['run', '-d', '--name', 'unless-killed', '--restart', 'unless-stopped', 'busybox', 'sleep', '1000']);
  await ok(docker, ['run', '-d', '--name', 'unless-stopped', '--restart', 'unless-stopped', 'busybox', 'sleep', '1000']);
  await ok(docker, ['stop', '-t', '0', 'unless-stopped']);
  await ok(docker, ['run', '-d', '--name', 'no-policy', 'busybox', 'sleep', '1000']);
  const pids = new Map<string, number>();
  for (const n of ['always-killed', 'unless-killed', 'no-policy']) pids.set(n, Number(await ok(docker, ['inspect', '-f', '{{.State.Pid}}', n])));

  // The daemon dies, and takes its containers with it.
  await d.crash();
  for (const pid of pids.values()) process.kill(pid, 'SIGKILL');
  await d.spawn();

  const status = async (n: string): Promise<string> => ok(docker, ['inspect', '-f', '{{.State.Status}}', n]);
  for (const n of ['always-stopped', 'always-killed', 'unless-killed']) {
    await waitFor(async () => ((await status(n)) === 'running' ? true : undefined), { what: `${n} running again` });
  }
  assert.equal(await status('unless-stopped'), 'exited');
  assert.equal(await ok(docker, ['inspect', '-f', '{{.State.Status}} {{.State.ExitCode}}', 'no-policy']), 'exited 137');
  assert.equal(await ok(docker, ['exec', 'always-killed', 'echo', 'back']), 'back');

  // A clean daemon restart keeps the running ones running.
  await d.stopDaemon();
  await d.spawn();
  assert.equal(await status('always-killed'), 'running');
  assert.equal(await status('unless-stopped'), 'exited');
  await ok(docker, ['rm', '-f', 'always-stopped', 'always-killed', 'unless-killed', 'unless-stopped', 'no-policy']);
});

bothClients('--health-* probes: starting, unhealthy, healthy in inspect, ps, filters and events', () => d, async (c) => {
  const name = `svc-${Math.random().toString(36).slice(2, 8)}`;
  await ok(c, ['run', '-d', '--name', name, '--health-cmd', 'echo probing; test -f /tmp/ready', '--health-interval', '200ms', '--health-retries', '2', '--health-timeout', '5s', 'busybox', 'sleep', '1000']);
  try {
    const unhealthy = await waitHealth(c, name, 'unhealthy');
    assert.ok(unhealthy.FailingStreak >= 2);
    const last = unhealthy.Log.at(-1);
    assert.equal(last?.ExitCode, 1);
    assert.equal(last?.Output, 'probing\n');
    assert.ok(Date.parse(last?.End ?? '') >= Date.parse(last?.Start ?? ''));
    assert.match(await ok(c, ['ps', '--filter', `name=${name}`, '--format', '{{.Status}}']), /^Up .* \(unhealthy\)$/);
    assert.match(await ok(c, ['ps', '--filter', 'health=unhealthy', '--format', '{{.Names}}']), new RegExp(name));

    await ok(c, ['exec', name, 'touch', '/tmp/ready']);
    const healthy = await waitHealth(c, name, 'healthy');
    assert.equal(healthy.FailingStreak, 0);
    assert.match(await ok(c, ['ps', '--filter', `name=${name}`, '--format', '{{.Status}}']), /^Up .* \(healthy\)$/);
    assert.match(await ok(c, ['ps', '--filter', 'health=healthy', '--format', '{{.Names}}']), new RegExp(name));
    assert.doesNotMatch(await ok(c, ['ps', '--filter', 'health=unhealthy', '--format', '{{.Names}}']), new RegExp(name));
    const full = await waitFor(async () => ((await health(c, name))?.Log.length === 5 ? true : undefined), { what: 'five log entries' });
    assert.ok(full);

    const statuses = (await actions(name, 'health_status')).map((e) => e.split(' ').slice(0, 2).join(' '));
    assert.deepEqual(statuses.slice(0, 2), ['health_status: unhealthy', 'health_status: healthy']);
    // A stopped container is no longer healthy, as in Docker.
    await ok(c, ['stop', '-t', '0', name]);
    assert.equal((await health(c, name))?.Status, 'unhealthy');
  } finally {
    await ok(c, ['rm', '-f', name]);
  }
});

test('a probe that outlives its timeout fails with Docker\'s message; the start period hides early failures', async () => {
  await ok(docker, ['run', '-d', '--name', 'slow', '--health-cmd', 'sleep 10', '--health-interval', '100ms', '--health-timeout', '300ms', '--health-retries', '1', 'busybox', 'sleep', '1000']);
  await ok(docker, ['run', '-d', '--name', 'warming', '--health-cmd', 'false', '--health-interval', '100ms', '--health-start-period', '1h', '--health-start-interval', '100ms', '--health-retries', '1', 'busybox', 'sleep', '1000']);
  try {
    const slow = await waitHealth(docker, 'slow', 'unhealthy');
    assert.deepEqual([slow.Log[0]?.ExitCode, slow.Log[0]?.Output], [-1, 'Health check exceeded timeout (300ms)']);
    const warming = await waitFor(async () => {
      const h = await health(docker, 'warming');
      return h && h.Log.length >= 3 ? h : undefined;
    }, { what: 'three probes of warming' });
    assert.deepEqual([warming.Status, warming.FailingStreak], ['starting', 0]);
    assert.match(await ok(docker, ['ps', '--filter', 'name=warming', '--format', '{{.Status}}']), /\(health: starting\)$/);
    assert.match(await ok(docker, ['ps', '--filter', 'health=starting', '--format', '{{.Names}}']), /warming/);
  } finally {
    await ok(docker, ['rm', '-f', 'slow', 'warming']);
  }
});

bothClients('HEALTHCHECK from the image runs; --no-healthcheck disables it', () => d, async (c, client) => {
  const image = `healthy-${client}`;
  const base = await ok(c, ['create', 'busybox', 'true']);
  await ok(c, ['commit', '--change', 'HEALTHCHECK --interval=100ms --retries=1 CMD ["sh", "-c", "echo image-probe"]', base, image]);
  await ok(c, ['rm', base]);
  const withCheck = await ok(c, ['run', '-d', image, 'sleep', '1000']);
  const without = await ok(c, ['run', '-d', '--no-healthcheck', image, 'sleep', '1000']);
  try {
    const h = await waitHealth(c, withCheck, 'healthy');
    assert.equal(h.Log[0]?.Output, 'image-probe\n');
    // What is tested is that nothing happens: three probe intervals without a health state.
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await health(c, without), null);
    assert.match(await ok(c, ['ps', '--filter', 'health=none', '--format', '{{.ID}}']), new RegExp(without.slice(0, 12)));
  } finally {
    await ok(c, ['rm', '-f', withCheck, without]);
    await ok(c, ['rmi', image]);
  }
});

bothClients('--init runs docker-init as PID 1: it reaps orphans and forwards signals', () => d, async (c) => {
  const orphanMaker = ['sh', '-c', 'sh -c "sleep 0.1 &"; exec sleep 1000'];
  const withInit = await ok(c, ['run', '-d', '--init', 'busybox', ...orphanMaker]);
  const without = await ok(c, ['run', '-d', 'busybox', ...orphanMaker]);
  try {
    const zombies = async (id: string): Promise<string[]> =>
      (await ok(c, ['exec', id, 'ps', '-o', 'stat,args'])).split('\n').filter((l) => /^Z/.test(l.trim()));
    // Without an init the orphan stays a zombie: that is what --init is for.
    await waitFor(async () => ((await zombies(without)).length > 0 ? true : undefined), { what: 'an unreaped orphan' });
    assert.deepEqual(await zombies(withInit), []);
    assert.match(await ok(c, ['exec', withInit, 'ps', '-o', 'pid,args']), /^\s*1 \/sbin\/docker-init -- sh -c/m);
  } finally {
    await ok(c, ['rm', '-f', withInit, without]);
  }
  const trapper = await ok(c, ['run', '-d', '--init', 'busybox', 'sh', '-c', 'trap "exit 7" TERM; while :; do sleep 0.1; done']);
  await ok(c, ['stop', '-t', '20', trapper]);
  assert.equal(await ok(c, ['inspect', '-f', '{{.State.ExitCode}}', trapper]), '7');
  await ok(c, ['rm', trapper]);
});

bothClients('--stop-signal and --stop-timeout', () => d, async (c) => {
  const usr1 = await ok(c, ['run', '-d', '--stop-signal', 'USR1', 'busybox', 'sh', '-c', 'trap "exit 5" USR1; while :; do sleep 0.1; done']);
  await ok(c, ['stop', usr1]);
  assert.equal(await ok(c, ['inspect', '-f', '{{.State.ExitCode}} {{.Config.StopSignal}}', usr1]), '5 USR1');
  const stubborn = await ok(c, ['run', '-d', '--stop-timeout', '1', 'busybox', 'sh', '-c', 'trap "" TERM; while :; do sleep 0.1; done']);
  await ok(c, ['stop', stubborn]);
  assert.equal(await ok(c, ['inspect', '-f', '{{.State.ExitCode}} {{.Config.StopTimeout}}', stubborn]), '137 1');
  await ok(c, ['rm', usr1, stubborn]);
});

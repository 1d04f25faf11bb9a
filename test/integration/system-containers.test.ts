/**
 * System containers: debian:bookworm-systemd boots systemd as PID 1 without
 * --privileged, through wharf and the docker CLI. The image is bootstrapped
 * once for the file; where it cannot be made (no debootstrap, no mirror, no
 * cache) every test skips with the reason.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { access, readFile, readdir } from 'node:fs/promises';
import { request } from 'node:http';
import { type Cli, daemonForFile, ok } from '../support/clients.js';
import { type Daemon, run, WHARF_BIN } from '../support/daemon.js';
import { containerProcesses, waitGone } from '../support/processes.js';
import { bootstrapSystemImage, SYSTEM_IMAGE } from '../support/system-image.js';
import { waitFor } from '../support/wait.js';

let d: Daemon;
let image: Promise<string | undefined> | undefined;
const docker: Cli = (a, o) => d.docker(a, o);
const wharf: Cli = (a, o) => d.wharf(a, o);
daemonForFile((started) => (d = started));

/** Bootstraps the image on the first call; skips the test (with the reason) when it cannot be made. */
async function needsImage(t: TestContext): Promise<boolean> {
  image ??= bootstrapSystemImage(d);
  const skip = await image;
  if (skip) t.skip(skip);
  return skip === undefined;
}

/** `systemctl is-system-running` once it has settled (running, degraded …); the failed units when it is not running. */
async function booted(name: string): Promise<string> {
  const state = await waitFor(
    async () => {
      const r = await wharf(['exec', name, 'systemctl', 'is-system-running']);
      const s = r.stdout.trim();
      return s !== '' && s !== 'initializing' && s !== 'starting' && s;
    },
    { what: `${name} to finish booting`, timeoutMs: 60_000, intervalMs: 250 },
  );
  if (state === 'running') return state;
  const failed = await wharf(['exec', name, 'systemctl', '--failed', '--no-legend']);
  return `${state}: ${failed.stdout.trim()}`;
}

function httpGet(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', timeout: 5000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (b: Buffer) => chunks.push(b));
      res.on('end', () => resolve(Buffer.concat(chunks).toString()));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

/** Every host path a container could leave behind: a cgroup in each v1 hierarchy (name=systemd too) or the v2 tree, and mounts. */
async function hostTraces(id: string): Promise<string[]> {
  const traces: string[] = [];
  for (const h of await readdir('/sys/fs/cgroup')) {
    const dirs = await readdir(`/sys/fs/cgroup/${h}/wharf`).catch(() => [] as string[]);
    if (dirs.includes(id)) traces.push(`/sys/fs/cgroup/${h}/wharf/${id}`);
  }
  if ((await readdir('/sys/fs/cgroup/wharf').catch(() => [] as string[])).includes(id)) traces.push(`/sys/fs/cgroup/wharf/${id}`);
  for (const line of (await readFile('/proc/self/mountinfo', 'utf8')).split('\n')) if (line.includes(id)) traces.push(line);
  return traces;
}

test('docker run … /sbin/init boots systemd to running by default, unprivileged, with journal, console and its own identity', async (t) => {
  if (!(await needsImage(t))) return;
  const id = await ok(docker, ['run', '-d', '--name', 'sys-a', '--hostname', 'alpha', SYSTEM_IMAGE, '/sbin/init']);
  await ok(docker, ['run', '-d', '--name', 'sys-b', '--hostname', 'beta', SYSTEM_IMAGE, '/sbin/init']);
  assert.equal(await booted('sys-a'), 'running');
  assert.equal(await booted('sys-b'), 'running');

  assert.equal(await ok(docker, ['inspect', '-f', '{{.HostConfig.Privileged}} {{.Config.StopSignal}}', 'sys-a']), 'false SIGRTMIN+3');
  const env = await ok(docker, ['exec', 'sys-a', 'sh', '-c', 'tr "\\0" "\\n" < /proc/1/environ']);
  assert.match(env, /^container=wharf$/m);
  assert.match(env, new RegExp(`^container_uuid=${id.slice(0, 32)}$`, 'm'));
  // Two machines: each its own hostname and machine id.
  const [a, b] = await Promise.all(['sys-a', 'sys-b'].map((n) => ok(docker, ['exec', n, 'sh', '-c', 'echo $(hostname) $(cat /etc/machine-id)'])));
  assert.equal(a, `alpha ${id.slice(0, 32)}`);
  assert.match(b ?? '', /^beta [0-9a-f]{32}$/);
  assert.notEqual(a?.split(' ')[1], b?.split(' ')[1]);
  // On cgroup v1 only its name=systemd cgroup is writable: the controllers (its limits) are not.
  if (await access('/sys/fs/cgroup/pids').then(() => true, () => false)) {
    assert.notEqual((await docker(['exec', 'sys-a', 'sh', '-c', 'echo 1 > /sys/fs/cgroup/pids/pids.max'])).code, 0, 'a controller was writable from inside');
    await ok(docker, ['exec', 'sys-a', 'test', '-w', '/sys/fs/cgroup/systemd/init.scope/cgroup.procs']);
  }
  // The journal works, and the boot messages went to /dev/console, which the log keeps.
  assert.match(await ok(docker, ['exec', 'sys-a', 'journalctl', '--no-pager', '-o', 'cat']), /Startup finished/);
  assert.match(await ok(docker, ['logs', 'sys-a']), /Welcome to Debian GNU\/Linux 12/);
  await ok(docker, ['rm', '-f', 'sys-a', 'sys-b']);
});

test('a unit enabled with systemctl serves HTTP through -p, under limits, with stats and exec -it, through a wharfd crash', async (t) => {
  if (!(await needsImage(t))) return;
  const port = 20000 + Math.floor(Math.random() * 20000);
  const id = await ok(wharf, ['run', '-d', '--name', 'sys-web', '-p', `127.0.0.1:${port}:80`, '-m', '256m', '--cpus', '0.5', '--pids-limit', '300', SYSTEM_IMAGE]);
  assert.equal(await booted('sys-web'), 'running');
  const unit = '[Unit]\nDescription=tiny web\n[Service]\nExecStart=/bin/busybox httpd -f -p 80 -h /srv/www\n[Install]\nWantedBy=multi-user.target\n';
  await ok(wharf, ['exec', '-i', 'sys-web', 'sh', '-c', 'cat > /etc/systemd/system/web.service'], { input: unit });
  await ok(wharf, ['exec', 'sys-web', 'sh', '-c', 'mkdir -p /srv/www && echo served-by-a-unit > /srv/www/index.html && systemctl enable --now web.service']);
  const body = await waitFor(() => httpGet(port).catch(() => undefined), { what: 'the unit to answer on the published port' });
  assert.equal(body, 'served-by-a-unit\n');

  assert.equal((await readFile(`/sys/fs/cgroup/memory/wharf/${id}/memory.limit_in_bytes`, 'utf8')).trim(), String(256 * 1024 * 1024));
  assert.equal((await readFile(`/sys/fs/cgroup/cpu/wharf/${id}/cpu.cfs_quota_us`, 'utf8')).trim(), '50000');
  assert.equal((await readFile(`/sys/fs/cgroup/pids/wharf/${id}/pids.max`, 'utf8')).trim(), '300');
  // The whole machine's usage: systemd, journald, dbus, logind and the unit.
  const [mem, pids] = (await ok(wharf, ['stats', '--no-stream', '--format', '{{.MemUsage}} {{.PIDs}}', 'sys-web'])).split(' / 256MiB ');
  assert.match(mem ?? '', /MiB$/);
  assert.ok(Number(pids) >= 5, `PIDs: ${pids}`);

  // `exec -it` wants a terminal on the client side: script(1) gives it one.
  const shell = await run('script', ['-qec', `${process.execPath} ${WHARF_BIN} exec -it sys-web bash`, '/dev/null'], {
    env: d.env,
    input: 'echo "in-$(tty | cut -c1-8)-$((40+2))"; exit\n',
  });
  assert.match(shell.stdout, /in-\/dev\/pts-42/);

  // A daemon crash: the machine keeps serving, and the next daemon re-adopts it.
  const pid = Number(await ok(wharf, ['inspect', '-f', '{{.State.Pid}}', 'sys-web']));
  const procs = await containerProcesses(pid);
  await d.crash();
  assert.equal(await httpGet(port), 'served-by-a-unit\n');
  await d.spawn();
  assert.equal(await ok(wharf, ['inspect', '-f', '{{.State.Status}} {{.State.Pid}}', 'sys-web']), `running ${pid}`);
  assert.equal(await booted('sys-web'), 'running');
  await ok(wharf, ['stop', 'sys-web']);
  assert.equal(await ok(wharf, ['inspect', '-f', '{{.State.ExitCode}}', 'sys-web']), '0');
  await waitGone(procs, 'systemd and its conmon to exit');
  await ok(wharf, ['rm', 'sys-web']);
});

test('restart and stop shut systemd down cleanly (the journal shows it), restart boots again, rm leaves nothing on the host', async (t) => {
  if (!(await needsImage(t))) return;
  // A volume on /var/log/journal (replacing the volatile tmpfs) keeps the journal across runs.
  const id = await ok(wharf, ['run', '-d', '--name', 'sys-stop', '-v', 'sys-journal:/var/log/journal', SYSTEM_IMAGE]);
  assert.equal(await booted('sys-stop'), 'running');
  await ok(wharf, ['restart', '-t', '20', 'sys-stop']);
  assert.equal(await booted('sys-stop'), 'running');
  const journal = await ok(wharf, ['exec', 'sys-stop', 'journalctl', '--no-pager', '-o', 'cat']);
  assert.match(journal, /Reached target shutdown\.target[\s\S]*Journal stopped[\s\S]*Startup finished/);
  assert.equal(journal.match(/Startup finished/g)?.length, 2);

  assert.notDeepEqual(await hostTraces(id), [], 'a running system container has cgroups and mounts to look for');

  const t0 = Date.now();
  await ok(wharf, ['stop', '-t', '20', 'sys-stop']);
  assert.ok(Date.now() - t0 < 20_000, 'stop waited for the timeout');
  assert.equal(await ok(wharf, ['inspect', '-f', '{{.State.ExitCode}}', 'sys-stop']), '0');
  assert.match(await ok(wharf, ['logs', 'sys-stop']), /Reached target shutdown\.target[\s\S]*Welcome[\s\S]*Halting system/);
  await ok(wharf, ['rm', '-v', 'sys-stop']);
  await ok(wharf, ['volume', 'rm', 'sys-journal']);
  assert.deepEqual(await hostTraces(id), []);
});

test('--systemd=always and false override the command; the label does the same for docker; bad modes are a 400', async (t) => {
  if (!(await needsImage(t))) return;
  const probe = 'echo $container $(grep -c " /run " /proc/self/mountinfo)';
  assert.equal(await ok(wharf, ['run', '--rm', '--systemd=always', SYSTEM_IMAGE, 'sh', '-c', probe]), 'wharf 1');
  assert.equal(await ok(docker, ['run', '--rm', '--label', 'io.wharf.systemd=always', SYSTEM_IMAGE, 'sh', '-c', probe]), 'wharf 1');
  assert.equal(await ok(wharf, ['run', '--rm', SYSTEM_IMAGE, 'sh', '-c', probe]), '0');
  await ok(wharf, ['create', '--name', 'sys-off', '--systemd=false', SYSTEM_IMAGE]);
  assert.doesNotMatch(await ok(wharf, ['inspect', '-f', '{{.Config.StopSignal}}', 'sys-off']), /RTMIN/);
  await ok(wharf, ['rm', 'sys-off']);

  const bad = await wharf(['run', '--rm', '--systemd=maybe', SYSTEM_IMAGE]);
  assert.equal(bad.code, 125);
  assert.match(bad.stderr, /invalid systemd mode "maybe": must be true, false or always/);
  const badLabel = await docker(['create', '--label', 'io.wharf.systemd=yes', SYSTEM_IMAGE]);
  assert.match(badLabel.stderr, /invalid io\.wharf\.systemd label "yes"/);
  assert.equal(await ok(docker, ['ps', '-aq']), '');
});

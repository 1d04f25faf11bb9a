/**
 * Pods through `wharf pod …` and `wharf run --pod`, and the Docker view of their
 * containers (`docker ps`, `docker inspect`, `docker run --label io.wharf.pod.name=…`):
 * shared network, IPC and UTS (PID on request) with a catatonit infra container,
 * ports published on it, lifecycle, removal leaving nothing, a daemon SIGKILL,
 * and bad input refused with nothing changed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Daemon } from '../support/daemon.js';
import { type Cli, daemonForFile, ok } from '../support/clients.js';
import { http } from '../support/http.js';
import { containerProcesses } from '../support/processes.js';
import { waitFor } from '../support/wait.js';

let d: Daemon;
const wharf: Cli = (a, o) => d.wharf(a, o);
const docker: Cli = (a, o) => d.docker(a, o);
daemonForFile((started) => (d = started));

/** A page from the host's loopback, where the pod's ports are published. */
async function httpGet(port: number, path: string): Promise<string> {
  return (await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(5000) })).text();
}

/**
 * A random fixed host port: every daemon's ephemeral allocator starts at the same
 * port, so test daemons running side by side would publish the same one.
 */
function randomHostPort(): number {
  return 20000 + Math.floor(Math.random() * 20000);
}

/** The host port the pod's infra container publishes for `port`. */
async function publishedPort(pod: string, port: string): Promise<number> {
  const infra = await ok(wharf, ['pod', 'inspect', '-f', '{{.InfraContainerId}}', pod]);
  const m = /:(\d+)$/.exec(await ok(wharf, ['port', infra, port]));
  assert.ok(m, `no published port ${port} on ${pod}`);
  return Number(m[1]);
}

async function podState(pod: string): Promise<string> {
  return ok(wharf, ['pod', 'inspect', '-f', '{{.State}}', pod]);
}

/** What `wharf ps -a` shows as `name status`, for the containers of one pod. */
async function podContainers(pod: string): Promise<string[]> {
  const out = await ok(docker, ['ps', '-a', '--filter', `label=io.wharf.pod.name=${pod}`, '--format', '{{.Names}} {{.State}}']);
  return out.split('\n').filter(Boolean).sort();
}

test('containers of a pod share its network, IPC and UTS namespaces; its port is published on the host', async () => {
  const podId = await ok(wharf, ['pod', 'create', '--name', 'web', '-p', `127.0.0.1:${randomHostPort()}:80`, '--label', 'tier=front', '--add-host', 'db.internal:10.9.9.9']);
  assert.match(podId, /^[0-9a-f]{64}$/);
  assert.equal(await podState('web'), 'Created');
  await ok(wharf, ['run', '-d', '--pod', 'web', '--name', 'srv', 'busybox', 'sh', '-c', 'echo served > /tmp/index.html; exec httpd -f -p 80 -h /tmp']);
  assert.equal(await podState('web'), 'Running', 'running a member started the infra container first');

  // A second container reaches the first on loopback, and sees the pod's name and /etc/hosts.
  const seen = await waitFor(async () => {
    const r = await wharf(['run', '--rm', '--pod', 'web', 'busybox', 'sh', '-c', 'wget -qO- http://127.0.0.1:80/index.html && hostname && echo $HOSTNAME && grep db.internal /etc/hosts']);
    return r.code === 0 ? r.stdout : undefined;
  }, { what: 'httpd answering on 127.0.0.1 inside the pod' });
  // $HOSTNAME too, in a run and an exec: the name of the infra container whose namespaces it joins, as dockerd takes it.
  assert.deepEqual(seen.trim().split('\n'), ['served', 'web', 'web', '10.9.9.9\tdb.internal']);
  assert.equal(await ok(docker, ['exec', 'srv', 'sh', '-c', 'echo $HOSTNAME']), 'web');

  // The host reaches it on the port published by the infra container.
  const port = await publishedPort('web', '80');
  assert.equal((await waitFor(() => httpGet(port, '/index.html').catch(() => undefined), { what: 'the published port' })).trim(), 'served');

  // The Docker view: labels in `docker ps`, the infra's namespaces in `docker inspect`.
  const infra = await ok(wharf, ['pod', 'inspect', '-f', '{{.InfraContainerId}}', 'web']);
  const rows = await ok(docker, ['ps', '--filter', 'label=io.wharf.pod.name=web', '--format', '{{.Names}} {{.Label "io.wharf.pod.id"}} {{.Image}}']);
  assert.deepEqual(rows.split('\n').sort(), [`${podId.slice(0, 12)}-infra ${podId} localhost/wharf-infra:latest`, `srv ${podId} busybox`]);
  const modes = await ok(docker, ['inspect', '-f', '{{.HostConfig.NetworkMode}} {{.HostConfig.IpcMode}} {{.HostConfig.UTSMode}} {{.HostConfig.PidMode}}', 'srv']);
  assert.equal(modes, `container:${infra} container:${infra} container:${infra}`, 'PidMode stays empty');
  const infraPid = await ok(docker, ['inspect', '-f', '{{.State.Pid}}', infra]);
  const srvPid = await ok(docker, ['inspect', '-f', '{{.State.Pid}}', 'srv']);
  for (const ns of ['net', 'ipc', 'uts']) {
    assert.equal(await readlink(`/proc/${srvPid}/ns/${ns}`), await readlink(`/proc/${infraPid}/ns/${ns}`), `${ns} namespace shared`);
  }
  assert.notEqual(await readlink(`/proc/${srvPid}/ns/pid`), await readlink(`/proc/${infraPid}/ns/pid`), 'PID is shared only on request');

  // A docker client joins a pod with the label alone.
  const viaDocker = await ok(docker, ['run', '--rm', '--label', 'io.wharf.pod.name=web', 'busybox', 'wget', '-qO-', 'http://127.0.0.1/index.html']);
  assert.equal(viaDocker, 'served');

  const list = await ok(wharf, ['pod', 'ps', '--format', '{{.Name}} {{.Status}} {{.NumberOfContainers}} {{.Labels}}']);
  assert.equal(list, 'web Running 2 tier=front');
  assert.equal(await ok(wharf, ['pod', 'ps', '-q', '--no-trunc']), podId);
});

test('--share pid on a user network: catatonit is PID 1 of every container; the pod answers to its name', async () => {
  await ok(wharf, ['network', 'create', 'podnet']);
  await ok(wharf, ['pod', 'create', '--name', 'pidpod', '--share', 'pid,ipc', '--network', 'podnet']);
  const ps = await ok(wharf, ['run', '--rm', '--pod', 'pidpod', 'busybox', 'ps', '-o', 'pid,args']);
  assert.match(ps, /^\s*1 \/catatonit -P$/m);
  assert.equal(await ok(wharf, ['pod', 'inspect', '-f', '{{json .SharedNamespaces}}', 'pidpod']), '["net","ipc","pid"]');
  assert.match(await ok(wharf, ['run', '--rm', '--network', 'podnet', 'busybox', 'ping', '-c', '1', '-W', '5', 'pidpod']), /1 packets received/);
  await ok(wharf, ['pod', 'rm', '-f', 'pidpod']);
  await ok(wharf, ['network', 'rm', 'podnet']);
});

test('pod lifecycle: start order, stop, restart, pause, top, logs; rm -f leaves nothing behind', async () => {
  const podId = await ok(wharf, ['pod', 'create', '--name', 'life']);
  await ok(wharf, ['create', '--pod', 'life', '--name', 'talker', '--stop-signal', 'KILL', 'busybox', 'sh', '-c', 'echo hello from talker; exec sleep 1000']);
  await ok(wharf, ['run', '-d', '--pod', 'life', '--name', 'other', '--stop-signal', 'KILL', 'busybox', 'sh', '-c', 'echo hello from other; exec sleep 1000']);
  assert.equal(await podState('life'), 'Degraded', 'talker was only created');

  await ok(wharf, ['pod', 'start', 'life']);
  assert.equal(await podState('life'), 'Running');
  const infra = await ok(wharf, ['pod', 'inspect', '-f', '{{.InfraContainerId}}', 'life']);
  const started = async (name: string): Promise<number> => Date.parse(await ok(docker, ['inspect', '-f', '{{.State.StartedAt}}', name]));
  assert.ok((await started(infra)) <= (await started('talker')), 'the infra container starts before the members');

  const logs = await waitFor(async () => {
    const out = (await ok(wharf, ['pod', 'logs', 'life'])).split('\n').sort();
    return out.length === 2 ? out : undefined;
  }, { what: 'both members to log' });
  assert.deepEqual(logs.map((l) => l.replace(/ +\|/, ' |')), ['other | hello from other', 'talker | hello from talker']);

  const top = await ok(wharf, ['pod', 'top', 'life']);
  assert.match(top, /^CONTAINER\s+UID\s+PID/);
  assert.match(top, /-infra\s+root\s+.*\/catatonit -P/);
  assert.match(top, /^talker\s+root\s+.*sleep 1000/m);

  await ok(wharf, ['pod', 'pause', 'life']);
  assert.equal(await podState('life'), 'Paused');
  await ok(wharf, ['pod', 'unpause', 'life']);
  assert.equal(await podState('life'), 'Running');

  await ok(wharf, ['pod', 'stop', '-t', '1', 'life']);
  assert.equal(await podState('life'), 'Exited');
  assert.deepEqual(await podContainers('life'), [`${podId.slice(0, 12)}-infra exited`, 'other exited', 'talker exited']);
  await ok(wharf, ['pod', 'restart', 'life']);
  assert.equal(await podState('life'), 'Running');

  // Removal of a running pod needs -f; then nothing of it is left.
  const refused = await wharf(['pod', 'rm', 'life']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /You cannot remove pod [0-9a-f]{64} with running containers\. Stop the pod before attempting removal or force remove/);
  const ids = (await ok(docker, ['ps', '-aq', '--no-trunc', '--filter', `label=io.wharf.pod.id=${podId}`])).split('\n');
  assert.equal(ids.length, 3);
  assert.equal(await ok(wharf, ['pod', 'rm', '-f', 'life']), 'life');
  assert.deepEqual(await podContainers('life'), []);
  assert.equal((await wharf(['pod', 'inspect', 'life'])).code, 1);
  const bundles = await readdir(join(d.execRoot, 'bundles'));
  for (const id of ids) assert.ok(!bundles.includes(id), `bundle of ${id} removed`);
  const mounts = await readFile('/proc/self/mountinfo', 'utf8');
  for (const id of ids) assert.ok(!mounts.includes(id), `no mount of ${id} left`);
  const netns = await readdir(join(d.execRoot, 'network', 'netns')).catch(() => [] as string[]);
  for (const id of ids) assert.ok(!netns.some((n) => n.includes(id.slice(0, 12))), `no netns of ${id} left`);
  assert.ok(!(await readdir(join(d.dataRoot, 'pods'))).includes(`${podId}.json`), 'the pod record is gone');
});

test('a pod survives a daemon SIGKILL: record, infra container, members and published port; pod kill ends it', async () => {
  await ok(wharf, ['pod', 'create', '--name', 'durable', '-p', `127.0.0.1:${randomHostPort()}:80`]);
  await ok(wharf, ['run', '-d', '--pod', 'durable', '--name', 'keeper', 'busybox', 'sh', '-c', 'echo kept > /tmp/index.html; exec httpd -f -p 80 -h /tmp']);
  const port = await publishedPort('durable', '80');
  await waitFor(() => httpGet(port, '/index.html').catch(() => undefined), { what: 'httpd in the pod' });
  const pid = Number(await ok(docker, ['inspect', '-f', '{{.State.Pid}}', 'keeper']));
  const procs = await containerProcesses(pid);

  await d.crash();
  for (const p of procs) process.kill(p, 0); // the member and its conmon outlived the daemon
  await d.spawn();

  assert.equal(await ok(wharf, ['pod', 'ps', '--format', '{{.Name}} {{.Status}} {{.NumberOfContainers}}', '--filter', 'name=durable']), 'durable Running 2');
  assert.equal(await ok(docker, ['inspect', '-f', '{{.State.Pid}}', 'keeper']), String(pid));
  assert.equal((await httpGet(port, '/index.html')).trim(), 'kept');
  await ok(wharf, ['pod', 'kill', 'durable']);
  await waitFor(async () => ((await podState('durable')) === 'Exited' ? true : undefined), { what: 'every container of the pod killed' });
  await ok(wharf, ['pod', 'rm', 'durable']);
});

test('bad input: unknown pods are 404, names conflict, what the pod owns is refused, and nothing changes', async () => {
  await ok(wharf, ['pod', 'create', '--name', 'owner']);
  const before = { pods: await ok(wharf, ['pod', 'ps', '-q']), containers: await ok(docker, ['ps', '-aq']) };

  const missing = await http(d.socket, 'GET', '/wharf/pods/nope/json');
  assert.equal(missing.status, 404);
  assert.deepEqual(JSON.parse(missing.body), { message: 'No such pod: nope' });
  for (const verb of ['start', 'top']) {
    const r = await wharf(['pod', verb, 'nope']);
    assert.equal(r.code, 1, verb);
    assert.match(r.stderr, /No such pod: nope/, verb);
  }
  for (const verb of ['stop', 'restart', 'kill', 'pause', 'unpause']) assert.equal((await http(d.socket, 'POST', `/wharf/pods/nope/${verb}`)).status, 404, verb);
  assert.equal((await http(d.socket, 'DELETE', '/wharf/pods/nope')).status, 404);

  const taken = await http(d.socket, 'POST', '/wharf/pods/create', JSON.stringify({ Name: 'owner' }));
  assert.equal(taken.status, 409);
  assert.match(JSON.parse(taken.body).message, /^Conflict\. The pod name "owner" is already in use by pod "[0-9a-f]{64}"/);
  assert.equal((await http(d.socket, 'POST', '/wharf/pods/create', JSON.stringify({ Name: 'bad name!' }))).status, 400);
  assert.equal((await http(d.socket, 'POST', '/wharf/pods/create', JSON.stringify({ Name: 5 }))).status, 400);
  const share = await wharf(['pod', 'create', '--share', 'net,mnt']);
  assert.match(share.stderr, /invalid kernel namespace to share: mnt/);

  for (const [flags, word] of [
    [['--network', 'none'], '--network'],
    [['-p', '8080:80'], '--publish'],
    [['--hostname', 'x'], '--hostname'],
  ] as const) {
    const r = await wharf(['run', '--rm', '--pod', 'owner', ...flags, 'busybox', 'true']);
    assert.equal(r.code, 125, word);
    assert.match(r.stderr, new RegExp(`conflicting options: ${word} and --pod`), word);
  }
  const viaDocker = await docker(['run', '--rm', '--label', 'io.wharf.pod.name=owner', '-p', '8080:80', 'busybox', 'true']);
  assert.match(viaDocker.stderr, /conflicting options: --publish and --pod/);
  const dns = await http(d.socket, 'POST', '/containers/create', JSON.stringify({ Image: 'busybox', Labels: { 'io.wharf.pod.name': 'owner' }, HostConfig: { Dns: ['1.1.1.1'] } }));
  assert.equal(dns.status, 400);
  assert.match(JSON.parse(dns.body).message, /conflicting options: --dns and --pod/);
  const unknown = await wharf(['run', '--rm', '--pod', 'nope', 'busybox', 'true']);
  assert.match(unknown.stderr, /No such pod: nope/);

  // The infra container goes only with its pod.
  const infra = await ok(wharf, ['pod', 'inspect', '-f', '{{.InfraContainerId}}', 'owner']);
  const rm = await docker(['rm', infra]);
  assert.match(rm.stderr, /is the infra container of pod owner: remove the pod instead/);
  assert.equal(await ok(docker, ['container', 'prune', '-f']).then(() => docker(['inspect', '-f', '{{.Id}}', infra])).then((r) => r.stdout.trim()), infra, 'prune keeps a stopped pod\'s infra container');

  assert.deepEqual({ pods: await ok(wharf, ['pod', 'ps', '-q']), containers: await ok(docker, ['ps', '-aq']) }, before);
  await ok(wharf, ['pod', 'rm', 'owner']);
});

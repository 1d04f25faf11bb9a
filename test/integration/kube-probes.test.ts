/**
 * Probes beyond Docker's healthcheck, through `wharf kube play` and `wharf run`:
 * a failing liveness probe restarts the container (HostConfig.HealthOnFailure,
 * podman's `--health-on-failure`), a readiness probe keeps a replica out of its
 * Service's DNS answer while it fails, and tcpSocket probes are connections
 * from the daemon, which work in busybox images.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Daemon } from '../support/daemon.js';
import { type Cli, daemonForFile, ok } from '../support/clients.js';
import { waitFor } from '../support/wait.js';

let d: Daemon;
const wharf: Cli = (a, o) => d.wharf(a, o);
const docker: Cli = (a, o) => d.docker(a, o);
daemonForFile((started) => (d = started));

const inspect = (name: string, format: string): Promise<string> => ok(docker, ['inspect', '-f', format, name]);

/** The `restart` events of `name` since `since` (unix seconds). */
async function restartEvents(name: string, since: number): Promise<string[]> {
  const until = Math.ceil(Date.now() / 1000) + 1;
  const out = await ok(docker, ['events', '--since', String(since), '--until', String(until), '--filter', `container=${name}`, '--filter', 'event=restart', '--format', '{{.Action}}']);
  return out.split('\n').filter(Boolean);
}

/** Once the container restarted after its probe failed: its restart count, and health back to healthy. */
async function restartedOnce(name: string): Promise<string> {
  return waitFor(async () => {
    const s = await inspect(name, '{{.RestartCount}} {{.State.Status}} {{.State.Health.Status}}');
    return s === '1 running healthy' ? s : undefined;
  }, { what: `${name} to be restarted by its failing probe and healthy again`, timeoutMs: 30_000 });
}

test('kube play: a livenessProbe that starts failing restarts the container (RestartCount, a restart event), as Kubernetes does', async () => {
  const since = Math.floor(Date.now() / 1000);
  const pod = `
kind: Pod
metadata: { name: live }
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: app
    image: busybox
    command: [sh, -c, 'touch /tmp/alive; echo started >> /runs; exec sleep 1000']
    livenessProbe: { exec: { command: [cat, /tmp/alive] }, periodSeconds: 1, failureThreshold: 1 }
`;
  const r = await wharf(['kube', 'play', '-'], { input: pod });
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /livenessProbe/, 'no warning: the probe is honoured');
  try {
    assert.equal(await inspect('live-app', '{{.HostConfig.HealthOnFailure}} {{.Config.StopTimeout}}'), 'restart 1');
    await waitFor(async () => ((await inspect('live-app', '{{.State.Health.Status}}')) === 'healthy' ? true : undefined), { what: 'the probe to pass' });
    const pid = await inspect('live-app', '{{.State.Pid}}');
    await ok(docker, ['exec', 'live-app', 'rm', '/tmp/alive']);
    await restartedOnce('live-app');
    assert.notEqual(await inspect('live-app', '{{.State.Pid}}'), pid, 'a new process');
    assert.equal(await ok(docker, ['exec', 'live-app', 'cat', '/runs']), 'started\nstarted', 'the same container ran its command again');
    assert.deepEqual(await restartEvents('live-app', since), ['restart']);
  } finally {
    await ok(wharf, ['kube', 'down', '-'], { input: pod });
  }
});

test('wharf run --health-on-failure=restart restarts an unhealthy container; a bad action is refused with podman\'s message', async () => {
  const since = Math.floor(Date.now() / 1000);
  const id = await ok(wharf, ['run', '-d', '--name', 'hof', '--health-cmd', 'cat /tmp/ok', '--health-interval', '1s', '--health-retries', '1',
    '--health-on-failure=restart', '--stop-timeout', '1', 'busybox', 'sh', '-c', 'touch /tmp/ok; exec sleep 1000']);
  try {
    assert.equal(await inspect(id, '{{.HostConfig.HealthOnFailure}} {{.HostConfig.RestartPolicy.Name}}'), 'restart no');
    await waitFor(async () => ((await inspect(id, '{{.State.Health.Status}}')) === 'healthy' ? true : undefined), { what: 'the check to pass' });
    await ok(docker, ['exec', 'hof', 'rm', '/tmp/ok']);
    await restartedOnce('hof');
    assert.deepEqual(await restartEvents('hof', since), ['restart']);
  } finally {
    await ok(docker, ['rm', '-f', 'hof']);
  }
  const bad = await wharf(['create', '--health-on-failure', 'explode', 'busybox']);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /invalid on-failure action "explode" for health check: supported actions are none,kill,restart,stop/);
});

/** The IPv4 addresses an nslookup in `from` gets for `name`. */
async function resolve(from: string, name: string): Promise<string[]> {
  const r = await docker(['exec', from, 'nslookup', name]);
  return [...r.stdout.matchAll(/^Address: (\d+\.\d+\.\d+\.\d+)$/gm)].map((m) => m[1]!).sort();
}

const podIp = async (member: string): Promise<string> => {
  const out = await ok(docker, ['exec', member, 'ip', '-4', '-o', 'addr', 'show', 'eth0']);
  return /inet (\d+\.\d+\.\d+\.\d+)/.exec(out)?.[1] ?? assert.fail(out);
};

test('kube play: a Service name resolves to the ready replicas only; readiness and liveness probes on one container are two checks', async () => {
  const app = `
kind: Service
metadata: { name: web }
spec:
  selector: { app: web }
  ports: [{ port: 8080 }]
---
kind: Deployment
metadata: { name: web }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
      - name: srv
        image: busybox
        command: [sh, -c, 'case $(hostname) in *-0) touch /tmp/ready;; esac; exec httpd -f -p 8080 -h /etc']
        readinessProbe: { exec: { command: [cat, /tmp/ready] }, periodSeconds: 1, failureThreshold: 1 }
        livenessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 1 }
---
kind: Pod
metadata: { name: client }
spec:
  containers: [{ name: c, image: busybox, command: [sleep, '1000'] }]
`;
  const r = await wharf(['kube', 'play', '-'], { input: app });
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /Probe/, 'both probes are honoured');
  try {
    const [ready, unready] = [await podIp('web-pod-0-srv'), await podIp('web-pod-1-srv')];
    await waitFor(async () => ((await inspect('web-pod-0-srv', '{{.State.Readiness.Status}}')) === 'healthy' ? true : undefined), { what: 'replica 0 to be ready' });
    assert.deepEqual(await resolve('client-c', 'web'), [ready], 'the replica that is not ready is not answered');
    assert.equal(await inspect('web-pod-1-srv', '{{.State.Readiness.Status}} {{.State.Health.Status}}'), 'unhealthy healthy', 'alive, not ready');
    // Becoming ready adds it; failing again removes it.
    await ok(docker, ['exec', 'web-pod-1-srv', 'touch', '/tmp/ready']);
    await waitFor(async () => ((await resolve('client-c', 'web')).length === 2 ? true : undefined), { what: 'replica 1 to be answered once ready' });
    await ok(docker, ['exec', 'web-pod-0-srv', 'rm', '/tmp/ready']);
    await waitFor(async () => {
      const got = await resolve('client-c', 'web');
      return got.length === 1 && got[0] === unready ? true : undefined;
    }, { what: 'replica 0 to leave the answer once not ready' });
    assert.equal(await inspect('web-pod-0-srv', '{{.RestartCount}} {{.State.Status}}'), '0 running', 'not ready is not restarted');
  } finally {
    await ok(wharf, ['kube', 'down', '-'], { input: app });
    await ok(wharf, ['network', 'rm', 'wharf-kube']);
  }
});

test('kube play: tcpSocket probes are connections from the daemon to the pod (busybox has no nc -z): open port healthy, closed port not ready', async () => {
  const pod = `
kind: Pod
metadata: { name: tcp }
spec:
  containers:
  - name: srv
    image: busybox
    command: [httpd, -f, -p, '8080', -h, /etc]
    livenessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 1 }
    readinessProbe: { tcpSocket: { port: 8081 }, periodSeconds: 1, failureThreshold: 1 }
`;
  await ok(wharf, ['kube', 'play', '-'], { input: pod });
  try {
    assert.equal(await inspect('tcp-srv', '{{json .Config.Healthcheck.Test}} {{json .HostConfig.ReadinessCheck.Test}}'), '["TCP","8080"] ["TCP","8081"]');
    const status = await waitFor(async () => {
      const s = await inspect('tcp-srv', '{{.State.Health.Status}} {{.State.Readiness.Status}}');
      return s.includes('starting') ? undefined : s;
    }, { what: 'both tcpSocket probes to report' });
    assert.equal(status, 'healthy unhealthy');
    assert.match(await inspect('tcp-srv', '{{(index .State.Readiness.Log 0).Output}}'), /8081: connect ECONNREFUSED/);
  } finally {
    await ok(wharf, ['kube', 'down', '-'], { input: pod });
  }
});

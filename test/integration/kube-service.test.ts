/**
 * `wharf kube play` of Services, probes and Jobs: a Deployment of 3 replicas
 * behind a Service reached by name from another pod (connections spread over
 * the replicas), its NodePort published on the host; probes as checks (more in kube-probes.test.ts).
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

/** A random fixed host port: side-by-side test daemons would otherwise pick the same one. */
const NODE_PORT = 20000 + Math.floor(Math.random() * 20000);

const app = `
apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  type: NodePort
  selector: { app: web }
  ports: [{ port: 80, targetPort: 8080, nodePort: ${NODE_PORT} }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 3
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
      - name: srv
        image: busybox
        command: [sh, -c, 'hostname > /tmp/index.html; exec httpd -f -p 8080 -h /tmp']
---
apiVersion: v1
kind: Pod
metadata: { name: client }
spec:
  containers: [{ name: c, image: busybox, command: [sleep, '1000'] }]
`;

/**
 * A client taking the name's first address. wget's own lookup (glibc) sorts
 * the answers by longest prefix (RFC 6724 rule 9), so it would stick to one
 * replica here as with Docker; busybox wget crashes with -T, hence no timeout flag.
 */
const FIRST_ANSWER = `ip=$(nslookup web | awk '/^Address: /{n++; if (n == 1) print $2}'); wget -qO- "http://$ip:8080/"`;

test('a Service names the ready replicas of a Deployment: reached by name from another pod, spread over them, its nodePort on the host', async () => {
  assert.match(await ok(wharf, ['kube', 'play', '-'], { input: app }), /Pod:/);
  try {
    const seen = new Set<string>();
    await waitFor(async () => {
      const r = await docker(['exec', 'client-c', 'sh', '-c', FIRST_ANSWER]);
      if (r.code === 0) seen.add(r.stdout.trim());
      return seen.size >= 2 ? true : undefined;
    }, { what: 'answers from two replicas through the service name' });
    for (const host of seen) assert.match(host, /^web-pod-[0-2]$/);
    assert.match(await ok(docker, ['exec', 'client-c', 'wget', '-qO-', 'http://web:8080/']), /^web-pod-[0-2]$/);
    // The client pod is no replica: the name does not lead to it.
    const addrs = await ok(docker, ['exec', 'client-c', 'nslookup', 'web']);
    assert.equal((addrs.match(/Address: \d+\.\d+\.\d+\.\d+/g) ?? []).length, 3, addrs);
    const body = await waitFor(async () => {
      const res = await fetch(`http://127.0.0.1:${NODE_PORT}/`).catch(() => undefined);
      return res?.ok ? (await res.text()).trim() : undefined;
    }, { what: 'the nodePort on the host' });
    assert.match(body, /^web-pod-[0-2]$/);
  } finally {
    await ok(wharf, ['kube', 'down', '-'], { input: app });
    await ok(wharf, ['network', 'rm', 'wharf-kube']);
  }
});

test('a Service whose targetPort differs from its port is played with a warning saying which port answers', async () => {
  const file = 'kind: Service\nmetadata: { name: s }\nspec:\n  selector: { app: x }\n  ports: [{ port: 80, targetPort: 8080 }]\n';
  const r = await wharf(['kube', 'play', '-'], { input: file });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /WARNING: Service "s": spec\.ports\[0\]\.targetPort: 8080 differs from port 80: "s" is reached on the container's port 8080, not on 80/);
  assert.match(r.stderr, /WARNING: Service "s": its selector matches no pod of the file/);
  await ok(wharf, ['network', 'rm', 'wharf-kube']);
});

test('probes are the containers\' checks: httpGet and exec drive health and readiness as docker inspect shows them; tcpSocket is Wharf\'s TCP check', async () => {
  const probed = `
kind: Pod
metadata: { name: probed }
spec:
  containers:
  - name: srv
    image: busybox
    command: [httpd, -f, -p, '8080', -h, /etc]
    livenessProbe: { httpGet: { path: /hostname, port: 8080 }, periodSeconds: 1, failureThreshold: 2 }
  - name: sick
    image: busybox
    command: [sleep, '1000']
    readinessProbe: { exec: { command: [cat, /tmp/ready] }, periodSeconds: 1, failureThreshold: 1, timeoutSeconds: 2 }
  - name: port
    image: busybox
    command: [sleep, '1000']
    startupProbe: { tcpSocket: { port: 8080 }, periodSeconds: 1, initialDelaySeconds: 1 }
`;
  const r = await wharf(['kube', 'play', '-'], { input: probed });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /WARNING: Pod "probed": spec\.containers\[2\]\.startupProbe: it keeps probing after its first success/);
  try {
    const health = (c: string, check = 'Health') => async () => {
      const s = await ok(docker, ['inspect', '-f', `{{.State.${check}.Status}}`, `probed-${c}`]);
      return s === 'starting' ? undefined : s;
    };
    assert.equal(await waitFor(health('srv'), { what: 'the httpGet probe' }), 'healthy');
    assert.equal(await waitFor(health('sick', 'Readiness'), { what: 'the exec probe' }), 'unhealthy');
    assert.equal(await ok(docker, ['inspect', '-f', '{{json .Config.Healthcheck}}', 'probed-port']), JSON.stringify({ Test: ['TCP', '8080'], Interval: 1e9, Timeout: 1e9, StartPeriod: 1e9, Retries: 3 }));
    assert.equal(await waitFor(health('port'), { what: 'the tcpSocket probe' }), 'healthy');
    await ok(docker, ['exec', 'probed-sick', 'touch', '/tmp/ready']);
    await waitFor(async () => ((await health('sick', 'Readiness')()) === 'healthy' ? true : undefined), { what: 'the exec probe to pass' });
  } finally {
    await ok(wharf, ['kube', 'down', '-'], { input: probed });
  }
});

test('a Job runs its completions to the end; OnFailure retries a failing container up to backoffLimit', async () => {
  const job = `
kind: Job
metadata: { name: count }
spec:
  completions: 2
  backoffLimit: 3
  template:
    spec:
      restartPolicy: OnFailure
      volumes: [{ name: tries, emptyDir: {} }]
      containers:
      - name: c
        image: busybox
        command: [sh, -c, 'echo x >> /tries/n; test $(wc -l < /tries/n) -ge 2']
        volumeMounts: [{ name: tries, mountPath: /tries }]
`;
  await ok(wharf, ['kube', 'play', '-'], { input: job });
  try {
    for (const pod of ['count-pod-0', 'count-pod-1']) {
      const done = await waitFor(async () => {
        const s = await ok(docker, ['inspect', '-f', '{{.State.Status}} {{.State.ExitCode}} {{.RestartCount}} {{.HostConfig.RestartPolicy.MaximumRetryCount}}', `${pod}-c`]);
        return s.startsWith('exited 0') ? s : undefined;
      }, { what: `${pod} to complete` });
      assert.equal(done, 'exited 0 1 3', 'failed once, retried, then succeeded');
    }
  } finally {
    await ok(wharf, ['kube', 'down', '-'], { input: job });
  }
});

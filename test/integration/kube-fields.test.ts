/**
 * `wharf kube play` of the pod fields beyond containers and volumes: fieldRef
 * environment (the downward API), annotations as container labels, an
 * emptyDir in memory (a tmpfs), a Job's parallelism, and `--publish`.
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

const field = (name: string, path: string): string => `    - { name: ${name}, valueFrom: { fieldRef: { fieldPath: "${path}" } } }\n`;

test('fieldRef env, annotations as labels and a Memory emptyDir: what the pod sees of itself', async () => {
  const pod = `
kind: Pod
metadata:
  name: facts
  namespace: team
  labels: { app: facts }
  annotations: { note: hello }
spec:
  serviceAccountName: robot
  volumes: [{ name: mem, emptyDir: { medium: Memory, sizeLimit: 16Mi } }]
  containers:
  - name: c
    image: busybox
    command: [sleep, '1000']
    volumeMounts: [{ name: mem, mountPath: /scratch }]
    env:
${field('POD_NAME', 'metadata.name')}${field('NS', 'metadata.namespace')}${field('UID', 'metadata.uid')}${field('APP', "metadata.labels['app']")}${field('NOTE', "metadata.annotations['note']")}${field('NODE', 'spec.nodeName')}${field('SA', 'spec.serviceAccountName')}${field('POD_IP', 'status.podIP')}${field('HOST_IP', 'status.hostIP')}${field('LABELS', 'metadata.labels')}    - { name: LIMIT, valueFrom: { resourceFieldRef: { resource: limits.memory } } }
`;
  const r = await wharf(['kube', 'play', '-'], { input: pod });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /WARNING: Pod "facts": spec\.containers\[0\]\.env\[10\]\.valueFrom\.resourceFieldRef: not supported by Wharf, ignored/);
  assert.match(r.stderr, /WARNING: Pod "facts": spec\.serviceAccountName: no service account token is mounted/);
  assert.doesNotMatch(r.stderr, /fieldRef:|fieldPath|annotations|medium|sizeLimit/, 'all honoured');
  try {
    const env = Object.fromEntries((await ok(docker, ['exec', 'facts-c', 'env'])).split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    const podId = await ok(docker, ['inspect', '-f', '{{index .Config.Labels "io.wharf.pod.id"}}', 'facts-c']);
    const ip = /inet (\S+)\//.exec(await ok(docker, ['exec', 'facts-c', 'ip', '-4', '-o', 'addr', 'show', 'eth0']))?.[1];
    const gateway = /default via (\S+)/.exec(await ok(docker, ['exec', 'facts-c', 'ip', 'route']))?.[1];
    assert.deepEqual(
      [env.POD_NAME, env.NS, env.UID, env.APP, env.NOTE, env.NODE, env.SA, env.POD_IP, env.HOST_IP, env.LABELS, env.LIMIT],
      ['facts', 'team', podId, 'facts', 'hello', await ok(docker, ['info', '-f', '{{.Name}}']), 'robot', ip, gateway, 'app="facts"', undefined],
    );
    assert.equal(await ok(docker, ['inspect', '-f', '{{index .Config.Labels "note"}}', 'facts-c']), 'hello', 'the annotation as a label');
    assert.match(await ok(docker, ['exec', 'facts-c', 'grep', ' /scratch ', '/proc/mounts']), /^tmpfs \/scratch tmpfs rw.*size=16384k/);
  } finally {
    await ok(wharf, ['kube', 'down', '-'], { input: pod });
  }
});

test('a Job runs parallelism pods at once until completions: the third starts once the first has completed', async () => {
  const job = `
kind: Job
metadata: { name: lanes }
spec:
  completions: 3
  parallelism: 2
  template:
    spec:
      restartPolicy: Never
      containers: [{ name: c, image: busybox, command: [sleep, '4'] }]
`;
  await ok(wharf, ['kube', 'play', '-'], { input: job });
  try {
    const times = async (pod: string): Promise<{ start: number; end: number }> => {
      const [start, end] = (await ok(docker, ['inspect', '-f', '{{.State.StartedAt}} {{.State.FinishedAt}}', `lanes-pod-${pod}-c`])).split(' ');
      return { start: Date.parse(start!), end: end!.startsWith('0001') ? Infinity : Date.parse(end!) };
    };
    const [p0, p1, p2] = [await times('0'), await times('1'), await times('2')];
    assert.ok(p1.start < p0.end, `the first two run at once: ${JSON.stringify([p0, p1, p2])}`);
    assert.ok(p2.start >= p0.end, `the third waits for a lane: started ${p2.start}, first ended ${p0.end}`);
  } finally {
    await ok(wharf, ['kube', 'down', '-'], { input: job });
  }
});

test('kube play --publish publishes a container port the file declares, overriding its hostPort; an undeclared one is a warning', async () => {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const pod = `
kind: Pod
metadata: { name: pub }
spec:
  containers:
  - name: srv
    image: busybox
    command: [sh, -c, 'echo published > /tmp/index.html; exec httpd -f -p 8080 -h /tmp']
    ports: [{ containerPort: 8080, hostPort: 1 }]
`;
  const r = await wharf(['kube', 'play', '--publish', `127.0.0.1:${port}:8080`, '--publish', '9999', '-'], { input: pod });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /WARNING: --publish 9999\/tcp: no container of the file declares this containerPort, not published/);
  try {
    const body = await waitFor(async () => {
      const res = await fetch(`http://127.0.0.1:${port}/`).catch(() => undefined);
      return res?.ok ? (await res.text()).trim() : undefined;
    }, { what: 'the published port' });
    assert.equal(body, 'published');
  } finally {
    await ok(wharf, ['kube', 'down', '-'], { input: pod });
  }
});

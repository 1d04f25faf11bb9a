/**
 * `wharf kube play` and `kube down`: Kubernetes YAML run as pods through the API.
 * A two-container Pod talking over localhost with ConfigMap and Secret env, a
 * Deployment of 2 replicas on a PersistentVolumeClaim that survives down/play,
 * and bad input: YAML errors with their position, invalid objects with their
 * path, unsupported fields as warnings, and a failed play leaving nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Daemon } from '../support/daemon.js';
import { type Cli, daemonForFile, ok } from '../support/clients.js';
import { waitFor } from '../support/wait.js';

let d: Daemon;
const wharf: Cli = (a, o) => d.wharf(a, o);
const docker: Cli = (a, o) => d.docker(a, o);
daemonForFile((started) => (d = started));

const ID = '[0-9a-f]{64}';

async function podNames(): Promise<string[]> {
  return (await ok(wharf, ['pod', 'ps', '--format', '{{.Name}}'])).split('\n').filter(Boolean).sort();
}

/** A random fixed host port: side-by-side test daemons would otherwise pick the same one. */
const HOST_PORT = 20000 + Math.floor(Math.random() * 20000);

/** The Pod, with a hostPath volume on `hostDir`. */
const web = (hostDir: string): string => `
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: { app: web }
spec:
  restartPolicy: Never
  containers:
  - name: srv
    image: busybox
    command: [sh, -c]
    args: ['echo "$GREETING $PASSWORD" > index.html; exec httpd -f -p 8080 -h .']
    workingDir: /tmp
    env:
    - name: GREETING
      valueFrom: { configMapKeyRef: { name: settings, key: greeting } }
    - name: PASSWORD
      valueFrom: { secretKeyRef: { name: creds, key: password } }
    envFrom:
    - prefix: CFG_
      configMapRef: { name: settings }
    ports:
    - { containerPort: 8080, hostPort: ${HOST_PORT}, hostIP: 127.0.0.1 }
    resources:
      limits: { memory: 64Mi, cpu: 500m }
    volumeMounts:
    - { name: conf, mountPath: /etc/web }
    - { name: keys, mountPath: /run/keys/ }
  - name: client
    image: busybox
    command: [sh, -c, 'until wget -qO /out/got http://127.0.0.1:8080/; do sleep 0.2; done; exec sleep 1000']
    volumeMounts: [{ name: out, mountPath: /out }]
  volumes:
  - name: out
    hostPath: { path: '${hostDir}', type: DirectoryOrCreate }
  - name: conf
    configMap: { name: settings, items: [{ key: greeting, path: sub/greeting.txt }] }
  - name: keys
    secret: { secretName: creds, defaultMode: 0400 }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: settings }
data:
  greeting: hello
  mode: fast
---
apiVersion: v1
kind: Secret
metadata: { name: creds }
data:
  password: ${Buffer.from('s3cret').toString('base64')}
`;

test('a two-container Pod talks over localhost, with ConfigMap and Secret env, a hostPath and its hostPort published; kube down removes it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kube-'));
  try {
    const file = join(dir, 'web.yaml');
    await writeFile(file, web(join(dir, 'out')));
    const out = await ok(wharf, ['kube', 'play', file]);
    assert.match(out, new RegExp(`^Pod:\\n(${ID})\\nContainers:\\n${ID}\\n${ID}$`));
    const podId = /^Pod:\n(\S+)/.exec(out)![1]!;

    const got = await waitFor(() => readFile(join(dir, 'out', 'got'), 'utf8').then((t) => t.trim() || undefined, () => undefined), {
      what: 'the client container to fetch from its neighbour on 127.0.0.1 into the hostPath',
    });
    assert.equal(got, 'hello s3cret');
    const page = await waitFor(() => fetch(`http://127.0.0.1:${HOST_PORT}/`, { signal: AbortSignal.timeout(5000) }).then((r) => r.text(), () => undefined), { what: 'the hostPort published on the host' });
    assert.equal(page.trim(), 'hello s3cret');
    // configMap and secret volumes: the chosen items at their paths, with their modes.
    assert.equal(await ok(docker, ['exec', 'web-srv', 'sh', '-c', 'cat /etc/web/sub/greeting.txt; echo; ls /etc/web; stat -c %a /run/keys/password; cat /run/keys/password']), 'hello\nsub\n400\ns3cret');
    const env = (await ok(docker, ['exec', 'web-srv', 'env'])).split('\n');
    assert.ok(env.includes('CFG_greeting=hello') && env.includes('CFG_mode=fast'), 'envFrom with its prefix');

    const rows = await ok(docker, ['ps', '--filter', 'label=io.wharf.pod.name=web', '--format', '{{.Names}}={{.Label "app"}}']);
    // The object's labels go on the members; the infra container carries the pod's own labels only.
    assert.deepEqual(rows.split('\n').sort(), [`${podId.slice(0, 12)}-infra=`, 'web-client=web', 'web-srv=web']);
    assert.equal(await ok(docker, ['inspect', '-f', '{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}} {{.Config.WorkingDir}} {{.HostConfig.RestartPolicy.Name}}', 'web-srv']), `${64 * 1024 * 1024} 500000000 /tmp no`);

    // Played again, the pod's name is taken; --replace removes the earlier play's pod first.
    const again = await wharf(['kube', 'play', file]);
    assert.notEqual(again.code, 0);
    assert.match(again.stderr, /web/);
    const replaced = await ok(wharf, ['kube', 'play', '--replace', '--start=false', file]);
    const newId = /^Pod:\n(\S+)/.exec(replaced)![1]!;
    assert.notEqual(newId, podId);
    assert.equal(await ok(wharf, ['pod', 'inspect', '-f', '{{.State}}', 'web']), 'Created', '--start=false');

    assert.equal(await ok(wharf, ['kube', 'down', file]), `Pods stopped:\n${newId}\nPods removed:\n${newId}`);
    assert.equal(await ok(docker, ['ps', '-aq', '--filter', 'label=io.wharf.pod.name=web']), '');
    assert.deepEqual(await podNames(), []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

const APP = `
kind: PersistentVolumeClaim
apiVersion: v1
metadata: { name: appdata }
spec:
  accessModes: [ReadWriteOnce]
  resources: { requests: { storage: 1Gi } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: app }
spec:
  replicas: 2
  selector: { matchLabels: { app: app } }
  template:
    metadata: { labels: { app: app } }
    spec:
      volumes:
      - name: data
        persistentVolumeClaim: { claimName: appdata }
      - name: scratch
        emptyDir: {}
      containers:
      - name: main
        image: busybox
        command: [sh, -c, 'echo "$(hostname)" >> /data/log; echo x > /scratch/x; exec sleep 1000']
        volumeMounts:
        - { name: data, mountPath: /data }
        - { name: scratch, mountPath: /scratch }
`;

test('a Deployment of 2 replicas on a PersistentVolumeClaim that survives kube down and play', async () => {
  const logOf = async (): Promise<string[]> => (await ok(docker, ['run', '--rm', '-v', 'appdata:/data', 'busybox', 'cat', '/data/log'])).split('\n').sort();

  const out = await ok(wharf, ['kube', 'play', '-'], { input: APP });
  assert.match(out, new RegExp(`^Volume:\\nappdata\\nPod:\\n${ID}\\nContainer:\\n${ID}\\n\\nPod:\\n${ID}\\nContainer:\\n${ID}$`));
  assert.deepEqual(await podNames(), ['app-pod-0', 'app-pod-1']);
  await waitFor(async () => ((await logOf().catch(() => [])).length === 2 ? true : undefined), { what: 'both replicas to write to the claim' });
  assert.deepEqual(await logOf(), ['app-pod-0', 'app-pod-1']);

  const down = await ok(wharf, ['kube', 'down', '-'], { input: APP });
  assert.match(down, /^Pods stopped:\n/);
  assert.doesNotMatch(down, /Volumes removed/);
  assert.deepEqual(await podNames(), []);
  const volumes = (await ok(docker, ['volume', 'ls', '-q'])).split('\n');
  assert.ok(volumes.includes('appdata'), 'the claim is kept');
  assert.ok(!volumes.some((v) => v.endsWith('-scratch')), 'emptyDir volumes go with their pods');

  await ok(wharf, ['kube', 'play', '-'], { input: APP });
  await waitFor(async () => ((await logOf()).length === 4 ? true : undefined), { what: 'the replicas to append to the kept claim' });
  const forced = await ok(wharf, ['kube', 'down', '--force', '-'], { input: APP });
  assert.match(forced, /Volumes removed:\n(.*\n)*appdata/);
  assert.ok(!(await ok(docker, ['volume', 'ls', '-q'])).split('\n').includes('appdata'));
});

test('bad YAML names its line and column; an invalid object its path; both create nothing', async () => {
  const bad = await wharf(['kube', 'play', '-'], { input: 'kind: Pod\nmetadata:\n  name: [x\n  other: y\n' });
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /failed to parse stdin: yaml: line \d+, column \d+: /);

  const noImage = 'kind: Pod\nmetadata: { name: broken }\nspec:\n  containers:\n  - name: a\n';
  const invalid = await wharf(['kube', 'play', '-'], { input: noImage });
  assert.notEqual(invalid.code, 0);
  assert.match(invalid.stderr, /invalid Pod "broken": spec\.containers\[0\]\.image: required/);
  assert.deepEqual(await podNames(), []);
});

test('an unsupported field is a warning naming its path, its securityContext honoured; a play failing part-way removes what it made', async () => {
  const probe = `
kind: Pod
metadata: { name: probed }
spec:
  containers:
  - name: a
    image: busybox
    command: [sleep, '1000']
    lifecycle: { preStop: { exec: { command: ['true'] } } }
    securityContext: { runAsUser: 1000, readOnlyRootFilesystem: true, capabilities: { drop: [ALL] } }
  hostAliases: [{ ip: 10.9.8.7, hostnames: [db.internal] }]
`;
  const r = await wharf(['kube', 'play', '-'], { input: probe });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /WARNING: Pod "probed": spec\.containers\[0\]\.lifecycle: not supported/);
  assert.deepEqual(await podNames(), ['probed']);
  // The honoured neighbours of the ignored hook: user, read-only root, capabilities, host aliases.
  assert.equal(await ok(docker, ['exec', 'probed-a', 'id', '-u']), '1000');
  assert.notEqual((await docker(['exec', 'probed-a', 'touch', '/x'])).code, 0, 'read-only root filesystem');
  assert.match(await ok(docker, ['exec', 'probed-a', 'grep', 'CapEff', '/proc/self/status']), /CapEff:\s+0+$/);
  assert.match(await ok(docker, ['exec', 'probed-a', 'cat', '/etc/hosts']), /10\.9\.8\.7\s+db\.internal/);
  await ok(wharf, ['kube', 'down', '-'], { input: probe });

  const failing = `
kind: PersistentVolumeClaim
metadata: { name: doomed }
---
kind: Pod
metadata: { name: first }
spec:
  containers: [{ name: a, image: busybox, command: [sleep, '1000'] }]
---
kind: Pod
metadata: { name: second }
spec:
  containers: [{ name: a, image: busybox, command: [sleep, '1000'] }, { name: b, image: 'no-such-image:kube' }]
`;
  const failed = await wharf(['kube', 'play', '-'], { input: failing });
  assert.notEqual(failed.code, 0);
  assert.match(failed.stderr, /no-such-image/);
  assert.deepEqual(await podNames(), []);
  assert.equal(await ok(docker, ['ps', '-aq']), '');
  assert.ok(!(await ok(docker, ['volume', 'ls', '-q'])).split('\n').includes('doomed'));
});

test('--configmap files feed env; --network; --start=false only creates; play --down removes; a DaemonSet is one pod', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kube-'));
  try {
    const cm = join(dir, 'cm.yaml');
    await writeFile(cm, 'kind: ConfigMap\nmetadata: { name: outside }\ndata: { colour: blue }\n');
    const pod = 'kind: Pod\nmetadata: { name: fed }\nspec:\n  containers: [{ name: a, image: busybox, envFrom: [{ configMapRef: { name: outside } }] }]\n';
    const missing = await wharf(['kube', 'play', '-'], { input: pod });
    assert.match(missing.stderr, /invalid Pod "fed": spec\.containers\[0\]\.envFrom\[0\]\.configMapRef\.name: ConfigMap "outside" not found/);

    const notConfigMap = await wharf(['kube', 'play', '--configmap', join(dir, 'pod.yaml'), '-'], { input: pod });
    assert.notEqual(notConfigMap.code, 0);
    await writeFile(join(dir, 'pod.yaml'), pod);
    const wrongKind = await wharf(['kube', 'play', '--configmap', join(dir, 'pod.yaml'), '-'], { input: pod });
    assert.match(wrongKind.stderr, /document 1 is a Pod, not a ConfigMap/);

    await ok(wharf, ['network', 'create', 'kubenet']);
    await ok(wharf, ['kube', 'play', '--start=false', '--network', 'kubenet', '--configmap', cm, '-'], { input: pod });
    assert.equal(await ok(wharf, ['pod', 'inspect', '-f', '{{.InfraConfig.Network}}', 'fed']), 'kubenet');
    assert.match(await ok(docker, ['inspect', '-f', '{{.State.Status}} {{json .Config.Env}}', 'fed-a']), /^created .*"colour=blue"/);
    assert.match(await ok(wharf, ['kube', 'play', '--down', '-'], { input: pod }), /^Pods stopped:/);
    assert.deepEqual(await podNames(), []);
    await ok(wharf, ['network', 'rm', 'kubenet']);

    const daemonSet = 'kind: DaemonSet\nmetadata: { name: agent }\nspec:\n  template:\n    spec:\n      containers: [{ name: a, image: busybox }]\n';
    await ok(wharf, ['kube', 'play', '--start=false', '-'], { input: daemonSet });
    assert.deepEqual(await podNames(), ['agent-pod-0']);
    await ok(wharf, ['kube', 'down', '-'], { input: daemonSet });
    assert.deepEqual(await podNames(), []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('init containers run in order to completion before the containers; a failing one fails the play', async () => {
  const inits = (second: string): string => `
kind: Pod
metadata: { name: inits }
spec:
  volumes: [{ name: work, emptyDir: {} }]
  initContainers:
  - { name: one, image: busybox, command: [sh, -c, 'echo one >> /work/order'], volumeMounts: [{ name: work, mountPath: /work }] }
  - { name: two, image: busybox, command: [sh, -c, '${second}'], volumeMounts: [{ name: work, mountPath: /work }] }
  containers:
  - { name: main, image: busybox, command: [sh, -c, 'cat /work/order > /tmp/seen; exec sleep 1000'], volumeMounts: [{ name: work, mountPath: /work }] }
`;
  const good = inits('echo two >> /work/order');
  await ok(wharf, ['kube', 'play', '-'], { input: good });
  const seen = await waitFor(async () => {
    const r = await docker(['exec', 'inits-main', 'cat', '/tmp/seen']);
    return r.code === 0 && r.stdout.trim() ? r.stdout.trim() : undefined;
  }, { what: 'the main container to read what the init containers wrote' });
  assert.equal(seen, 'one\ntwo');
  const names = await ok(docker, ['ps', '-a', '--filter', 'label=io.wharf.pod.name=inits', '--format', '{{.Names}}']);
  assert.deepEqual(names.split('\n').filter((n) => !n.endsWith('-infra')), ['inits-main'], 'init containers are gone once done');
  await ok(wharf, ['kube', 'down', '-'], { input: good });

  const failing = await wharf(['kube', 'play', '-'], { input: inits('exit 3') });
  assert.notEqual(failing.code, 0);
  assert.match(failing.stderr, /init container inits-two exited with code 3/);
  assert.deepEqual(await podNames(), []);
  assert.equal(await ok(docker, ['ps', '-aq']), '');
});

test('--build, as podman: an image named after a directory of the context root is built when missing, always with --build, never with --build=false', async () => {
  const root = await mkdtemp(join(tmpdir(), 'kube-build-'));
  try {
    await writeFile(join(root, 'pod.yaml'), `
kind: Pod
metadata: { name: built }
spec:
  restartPolicy: Never
  containers: [{ name: app, image: localhost/kubebuilt:v1 }]
`);
    const dir = join(root, 'kubebuilt');
    await mkdir(dir);
    const containerfile = (word: string): string => `FROM busybox\nRUN echo ${word} > /word\nCMD ["cat", "/word"]\n`;
    await writeFile(join(dir, 'Containerfile'), containerfile('first'));
    const logs = async (): Promise<string> => waitFor(async () => {
      const r = await docker(['logs', 'built-app']);
      return r.code === 0 && r.stdout.trim() ? r.stdout.trim() : undefined;
    }, { what: 'the built image to print its word' });

    await ok(wharf, ['kube', 'play', '--context-dir', root, join(root, 'pod.yaml')]);
    assert.equal(await logs(), 'first', 'missing, so built by default');
    await writeFile(join(dir, 'Containerfile'), containerfile('second'));
    await ok(wharf, ['kube', 'play', '--replace', '--context-dir', root, join(root, 'pod.yaml')]);
    assert.equal(await logs(), 'first', 'present: not rebuilt by default');
    await ok(wharf, ['kube', 'play', '--replace', '--build', '--context-dir', root, join(root, 'pod.yaml')]);
    assert.equal(await logs(), 'second', '--build rebuilds');
    await ok(wharf, ['kube', 'down', join(root, 'pod.yaml')]);
    await ok(docker, ['rmi', 'localhost/kubebuilt:v1']);
    const never = await wharf(['kube', 'play', '--build=false', '--context-dir', root, join(root, 'pod.yaml')]);
    assert.notEqual(never.code, 0, '--build=false: the missing image fails the play');
    assert.match(never.stderr, /No such image|not found/i);
    assert.deepEqual(await podNames(), []);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

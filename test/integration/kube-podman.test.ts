/**
 * The same Kubernetes YAML through `wharf kube play` (the file's private wharfd) and
 * `podman kube play` (Debian's podman 4.3, private too: test/support/podman.ts), and what a
 * user sees of each, side by side: pods and their containers' names, env from a ConfigMap,
 * command output, two containers talking over 127.0.0.1, a hostPort answering on loopback,
 * Deployment replicas, and `kube down` leaving nothing. Skipped where podman is absent.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Daemon, type RunOptions, type RunResult } from '../support/daemon.js';
import { ok, type Cli } from '../support/clients.js';
import { podmanMissing, startPodman, type Podman } from '../support/podman.js';
import { waitFor } from '../support/wait.js';

let d: Daemon;
let pm: Podman | undefined;
let dir: string;
// One hook: podman's busybox is saved from the daemon, which must be up first.
before(async () => {
  d = await Daemon.start();
  dir = await mkdtemp(join(tmpdir(), 'kube-podman-'));
  if (!podmanMissing) pm = await startPodman(d);
});
after(async () => {
  await pm?.destroy();
  await d?.destroy();
  await rm(dir, { recursive: true, force: true });
});

/** One engine as a user drives it: its kube play/down, and its CLI's ps, exec and logs. */
interface Engine {
  name: string;
  kube: Cli;
  /** Pod names, sorted. */
  pods(): Promise<string[]>;
  /** A pod's container names, sorted; the infra container (`<pod id[:12]>-infra` in both) as `<infra>`. */
  members(pod: string): Promise<string[]>;
  /** A pod's labels as JSON. */
  podLabels(pod: string): Promise<string>;
  /** Every container, pod or not. */
  containers(): Promise<string[]>;
  exec(container: string, cmd: string): Promise<string>;
  logs(container: string): Promise<string>;
}

const lines = (s: string): string[] => s.split('\n').filter(Boolean).sort();
const infra = (names: string[]): string[] => names.map((n) => (/^[0-9a-f]{12}-infra$/.test(n) ? '<infra>' : n)).sort();

function wharfEngine(): Engine {
  const docker: Cli = (a, o) => d.docker(a, o);
  return {
    name: 'wharf',
    kube: (a, o) => d.wharf(['kube', ...a], o),
    pods: async () => lines(await ok((a, o) => d.wharf(a, o), ['pod', 'ps', '--format', '{{.Name}}'])),
    members: async (pod) => infra(lines(await ok(docker, ['ps', '-a', '--filter', `label=io.wharf.pod.name=${pod}`, '--format', '{{.Names}}']))),
    // Less the ownership labels Wharf adds (io.wharf.kube.kind/name, which `kube down` goes by): podman keeps no such mark.
    podLabels: async (pod) => {
      const labels = JSON.parse(await ok((a, o) => d.wharf(a, o), ['pod', 'inspect', '-f', '{{json .Labels}}', pod])) as Record<string, string>;
      return JSON.stringify(Object.fromEntries(Object.entries(labels).filter(([k]) => !k.startsWith('io.wharf.kube.'))));
    },
    containers: async () => lines(await ok(docker, ['ps', '-aq'])),
    exec: (c, cmd) => ok(docker, ['exec', c, 'sh', '-c', cmd]),
    logs: (c) => ok(docker, ['logs', c]),
  };
}

function podmanEngine(p: Podman): Engine {
  const podman: Cli = (a: string[], o?: RunOptions): Promise<RunResult> => p.podman(a, o);
  return {
    name: 'podman',
    kube: (a, o) => p.podman(['kube', ...a], o),
    pods: async () => lines(await ok(podman, ['pod', 'ps', '--format', '{{.Name}}'])),
    members: async (pod) => infra(lines(await ok(podman, ['ps', '-a', '--filter', `pod=${pod}`, '--format', '{{.Names}}']))),
    podLabels: (pod) => ok(podman, ['pod', 'inspect', '--format', '{{json .Labels}}', pod]),
    containers: async () => lines(await ok(podman, ['ps', '-aq'])),
    exec: (c, cmd) => ok(podman, ['exec', c, 'sh', '-c', cmd]),
    logs: (c) => ok(podman, ['logs', c]),
  };
}

/** The kube play/down output with ids masked: both print podman's `Pod:`/`Containers:` lists. */
const masked = (out: string): string => out.trim().replace(/\b[0-9a-f]{64}\b/g, '<id>');

/** A random fixed host port: side-by-side test daemons would otherwise pick the same one. */
const HOST_PORT = 20000 + Math.floor(Math.random() * 20000);

/** Processes that exit on SIGTERM, so `down` measures nothing of a grace period. */
const POD = `
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: { app: web }
spec:
  containers:
  - name: srv
    image: busybox
    command: [sh, -c]
    args: ['echo "$GREETING $MODE" > index.html; httpd -f -p 8080 -h . & trap "exit 0" TERM; wait']
    workingDir: /tmp
    env:
    - { name: MODE, value: fast }
    - name: GREETING
      valueFrom: { configMapKeyRef: { name: settings, key: greeting } }
    ports:
    - { containerPort: 8080, hostPort: ${HOST_PORT}, hostIP: 127.0.0.1 }
  - name: client
    image: busybox
    command: [sh, -c, 'until wget -qO /tmp/page http://127.0.0.1:8080/; do sleep 0.2; done; echo "got $(cat /tmp/page) on $HOSTNAME"; trap "exit 0" TERM; sleep 1000 & wait']
---
apiVersion: v1
kind: ConfigMap
metadata: { name: settings }
data:
  greeting: hello
`;

/** What a user sees of the Pod file played by one engine, and of its `kube down`. */
async function seePod(e: Engine, file: string): Promise<Record<string, unknown>> {
  const play = masked(await ok(e.kube, ['play', file]));
  const log = await waitFor(async () => ((await e.logs('web-client').catch(() => '')).includes('got') ? e.logs('web-client') : undefined), {
    what: `${e.name}: the client to fetch its neighbour's page over 127.0.0.1`,
  });
  const page = await waitFor(() => fetch(`http://127.0.0.1:${HOST_PORT}/`, { signal: AbortSignal.timeout(5000) }).then((r) => r.text(), () => undefined), {
    what: `${e.name}: the hostPort to answer on loopback`,
  });
  const seen = {
    play,
    pods: await e.pods(),
    members: await e.members('web'),
    env: await e.exec('web-srv', 'echo "$GREETING $MODE"'),
    workdir: await e.exec('web-srv', 'pwd'),
    hostname: await e.exec('web-client', 'hostname'),
    log,
    page: page.trim(),
  };
  const down = masked(await ok(e.kube, ['down', file]));
  return { ...seen, down, after: { pods: await e.pods(), containers: await e.containers() } };
}

test('a two-container Pod with ConfigMap env and a hostPort: wharf and podman kube play show the same', { skip: podmanMissing }, async () => {
  const file = join(dir, 'pod.yaml');
  await writeFile(file, POD);
  const wharf = await seePod(wharfEngine(), file);
  const podman = await seePod(podmanEngine(pm!), file);
  assert.deepEqual(wharf, podman);
  // And what both show is what the file asks for.
  assert.deepEqual(wharf, {
    play: 'Pod:\n<id>\nContainers:\n<id>\n<id>',
    pods: ['web'],
    members: ['<infra>', 'web-client', 'web-srv'],
    env: 'hello fast',
    workdir: '/tmp',
    hostname: 'web',
    // The pod's hostname, in the environment too (Wharf gave the member's own id there).
    log: 'got hello fast on web',
    page: 'hello fast',
    down: 'Pods stopped:\n<id>\nPods removed:\n<id>',
    after: { pods: [], containers: [] },
  });
});

const DEPLOYMENT = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: app, labels: { app: app } }
spec:
  replicas: 2
  selector: { matchLabels: { app: app } }
  template:
    metadata: { labels: { app: app, tier: back } }
    spec:
      containers:
      - name: main
        image: busybox
        env: [{ name: ROLE, value: worker }]
        command: [sh, -c, 'echo "$ROLE on $(hostname)"; trap "exit 0" TERM; sleep 1000 & wait']
`;

/** What a user sees of the Deployment played by one engine, and of its `kube down`. */
async function seeDeployment(e: Engine, file: string): Promise<Record<string, unknown>> {
  const play = masked(await ok(e.kube, ['play', file]));
  const pods = await e.pods();
  const replicas: Record<string, unknown> = {};
  for (const pod of pods) {
    const main = `${pod}-main`;
    replicas[pod] = {
      members: await e.members(pod),
      labels: JSON.parse(await e.podLabels(pod)),
      log: await waitFor(() => e.logs(main).then((l) => l || undefined), { what: `${e.name}: ${main} to say where it runs` }),
    };
  }
  const down = masked(await ok(e.kube, ['down', file]));
  return { play, replicas, down, after: { pods: await e.pods(), containers: await e.containers() } };
}

test('a Deployment of 2 replicas: both make pods <name>-pod-<n> of containers <pod>-<container>, and down removes them', { skip: podmanMissing }, async () => {
  const file = join(dir, 'deployment.yaml');
  await writeFile(file, DEPLOYMENT);
  const wharf = await seeDeployment(wharfEngine(), file);
  const podman = await seeDeployment(podmanEngine(pm!), file);
  assert.deepEqual(wharf, podman);
  const replica = (n: number): unknown => ({ members: ['<infra>', `app-pod-${n}-main`], labels: { app: 'app', tier: 'back' }, log: `worker on app-pod-${n}` });
  assert.deepEqual(wharf, {
    play: 'Pod:\n<id>\nContainer:\n<id>\n\nPod:\n<id>\nContainer:\n<id>',
    replicas: { 'app-pod-0': replica(0), 'app-pod-1': replica(1) },
    down: 'Pods stopped:\n<id>\n<id>\nPods removed:\n<id>\n<id>',
    after: { pods: [], containers: [] },
  });
});

test('podman leaves nothing on the host: its directory, bridge, firewall rules and network namespaces are gone', { skip: podmanMissing }, async () => {
  await pm!.destroy();
  assert.deepEqual(await pm!.leftovers(), []);
});

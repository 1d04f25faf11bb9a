/**
 * `wharf kube generate`: a container, a pod and compose projects on the test
 * daemon written as Kubernetes YAML that kubernetes-models' schemas accept,
 * then played back with `kube play` once the originals are gone: same env,
 * port reachable on 127.0.0.1, the named volume's data kept, configs and
 * secrets at their paths; a DaemonSet and a Job played back too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { DaemonSet, Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { ConfigMap, PersistentVolumeClaim, Pod, Secret, Service } from 'kubernetes-models/v1';
import { Daemon } from '../support/daemon.js';
import { type Cli, daemonForFile, ok } from '../support/clients.js';
import { waitFor } from '../support/wait.js';

let d: Daemon;
const wharf: Cli = (a, o) => d.wharf(a, o);
const docker: Cli = (a, o) => d.docker(a, o);
daemonForFile((started) => (d = started));

// `any`: YAML read back, its shape asserted field by field.
type Obj = Record<string, any>;

/** The documents of a generated file, each validated by the schema of its kind. */
function validated(text: string): Obj[] {
  const docs = parseAllDocuments(text).map((doc) => doc.toJS() as Obj);
  for (const o of docs) {
    const model = { Pod, Service, PersistentVolumeClaim, Deployment, DaemonSet, Job, ConfigMap, Secret }[o.kind as string];
    assert.ok(model, `unexpected kind ${o.kind}`);
    new model(o as never).validate();
  }
  return docs;
}

/** A random fixed host port: side-by-side test daemons would otherwise pick the same one. */
const hostPort = (): number => 20000 + Math.floor(Math.random() * 10000);

async function page(port: number, path = '/'): Promise<string> {
  return waitFor(() => fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(3000) }).then((r) => (r.ok ? r.text() : undefined), () => undefined), {
    what: `a page on 127.0.0.1:${port}${path}`,
  });
}

const SERVE = 'echo "$GREETING $(cat /data/seed)" > /tmp/index.html; exec httpd -f -p 8080 -h /tmp';

test('a container round-trips: generate -s -f, remove it, kube play the file: same env, port and volume data', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kgen-'));
  const port = hostPort();
  try {
    await ok(docker, ['run', '--rm', '-v', 'gendata:/data', 'busybox', 'sh', '-c', 'echo kept > /data/seed']);
    await ok(docker, ['run', '-d', '--name', 'My_Web', '-e', 'GREETING=hello', '-p', `127.0.0.1:${port}:8080`, '-v', 'gendata:/data', '--memory', '64m', '--cpus', '0.5', '--restart', 'unless-stopped', '--label', 'tier=front', 'busybox', 'sh', '-c', SERVE]);
    assert.equal((await page(port)).trim(), 'hello kept');

    const file = join(dir, 'web.yaml');
    const gen = await wharf(['kube', 'generate', '-s', '-f', file, 'My_Web']);
    assert.equal(gen.code, 0, gen.stderr);
    assert.match(gen.stderr, /"My_Web-pod" is not a valid Kubernetes name, written as "my-web-pod"/);
    const docs = validated(await readFile(file, 'utf8'));
    assert.deepEqual(docs.map((o) => o.kind), ['PersistentVolumeClaim', 'Pod', 'Service']);
    const [claim, pod, svc] = docs as [Obj, Obj, Obj];
    assert.equal(claim.metadata.name, 'gendata');
    assert.deepEqual(pod.metadata, { name: 'my-web-pod', labels: { app: 'my-web-pod', tier: 'front' } });
    assert.equal(pod.spec.restartPolicy, 'Always');
    const c = pod.spec.containers[0];
    assert.equal(c.name, 'my-web');
    assert.equal(c.image, 'busybox');
    assert.equal(c.command, undefined, "busybox has no entrypoint: Cmd is args");
    assert.deepEqual(c.args, ['sh', '-c', SERVE]);
    assert.deepEqual(c.env, [{ name: 'GREETING', value: 'hello' }], "only the user's env, not the image's PATH");
    assert.deepEqual(c.ports, [{ containerPort: 8080, hostPort: port, hostIP: '127.0.0.1', protocol: 'TCP' }]);
    assert.deepEqual(c.resources, { limits: { memory: String(64 * 1024 * 1024), cpu: '500m' } });
    assert.deepEqual(pod.spec.volumes, [{ name: 'gendata-pvc', persistentVolumeClaim: { claimName: 'gendata' } }]);
    assert.deepEqual(svc.spec.selector, { app: 'my-web-pod' });
    assert.equal(svc.spec.type, 'NodePort');

    // As podman: an existing file is never replaced.
    const again = await wharf(['kube', 'generate', '-f', file, 'My_Web']);
    assert.notEqual(again.code, 0);
    assert.match(again.stderr, /already exists/);

    await ok(docker, ['rm', '-f', 'My_Web']);
    await ok(wharf, ['kube', 'play', file]);
    assert.equal((await page(port)).trim(), 'hello kept');
    assert.equal(await ok(docker, ['inspect', '-f', '{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}} {{.HostConfig.RestartPolicy.Name}}', 'my-web-pod-my-web']), `${64 * 1024 * 1024} 500000000 always`);
    await ok(wharf, ['kube', 'down', file]);
  } finally {
    await docker(['rm', '-f', 'My_Web']);
    await docker(['volume', 'rm', '-f', 'gendata']);
    await rm(dir, { recursive: true, force: true });
  }
});

test('a pod as a Deployment (--type deployment --replicas 1): members without the pod prefix, healthcheck as a livenessProbe; played back it serves again', async () => {
  const port = hostPort();
  await ok(wharf, ['pod', 'create', '--name', 'shop', '-p', `127.0.0.1:${port}:8080`]);
  await ok(docker, ['run', '-d', '--label', 'io.wharf.pod.name=shop', '--name', 'shop-srv', '-e', 'GREETING=shop', '--health-cmd', 'true', '--health-interval', '5s', 'busybox', 'sh', '-c', 'mkdir -p /data && echo open > /data/seed; ' + SERVE]);
  assert.equal((await page(port)).trim(), 'shop open');

  const out = await ok(wharf, ['kube', 'generate', '--type', 'deployment', '--replicas', '1', 'shop']);
  const [dep] = validated(out) as [Obj];
  assert.equal(dep.kind, 'Deployment');
  assert.equal(dep.spec.replicas, 1);
  assert.deepEqual(dep.spec.selector.matchLabels, { app: 'shop' });
  const c = dep.spec.template.spec.containers[0];
  assert.equal(c.name, 'srv');
  assert.deepEqual(c.livenessProbe, { exec: { command: ['/bin/sh', '-c', 'true'] }, periodSeconds: 5 });

  await ok(wharf, ['pod', 'rm', '-f', 'shop']);
  const played = await wharf(['kube', 'play', '-'], { input: out });
  assert.equal(played.code, 0, played.stderr);
  assert.equal((await page(port)).trim(), 'shop open');
  assert.equal(await ok(docker, ['inspect', '-f', '{{.Config.Labels.app}}', 'shop-pod-0-srv']), 'shop');
  await ok(wharf, ['kube', 'down', '-'], { input: out });
});

test('an unknown name or compose project is an error and writes nothing; a bad --type is refused', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kgen-'));
  try {
    const file = join(dir, 'none.yaml');
    const r = await wharf(['kube', 'generate', '-f', file, 'nosuch']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /no such container or pod: nosuch/);
    const p = await wharf(['kube', 'generate', '-f', file, '--compose-project', 'nosuch']);
    assert.notEqual(p.code, 0);
    assert.match(p.stderr, /no such compose project: nosuch/);
    await assert.rejects(readFile(file));
    const bad = await wharf(['kube', 'generate', '--type', 'cronjob', '-f', file, 'nosuch']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /invalid --type "cronjob": must be pod, deployment, daemonset or job/);
    const none = await wharf(['kube', 'generate']);
    assert.notEqual(none.code, 0);
    assert.match(none.stderr, /requires at least 1 argument or --compose-project/);
    await assert.rejects(readFile(file));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('--type daemonset: played back, one pod runs with the env; --type job: played back, it runs to completion once more', async () => {
  await ok(docker, ['run', '-d', '--name', 'agent', '-e', 'MODE=watch', 'busybox', 'sleep', '1d']);
  const ds = await wharf(['kube', 'generate', '--type', 'daemonset', 'agent']);
  assert.equal(ds.code, 0, ds.stderr);
  assert.match(ds.stderr, /a DaemonSet's pods always restart \(restart policy Never left out\)/);
  const [set] = validated(ds.stdout) as [Obj];
  assert.equal(set.kind, 'DaemonSet');
  assert.equal(set.spec.template.spec.restartPolicy, undefined);

  await ok(docker, ['run', '--name', 'once', '--restart', 'on-failure:2', '-v', 'joblog:/out', 'busybox', 'sh', '-c', 'echo ran >> /out/log']);
  const job = await wharf(['kube', 'generate', '--type', 'job', 'once']);
  assert.equal(job.code, 0, job.stderr);
  const [claim, j] = validated(job.stdout) as [Obj, Obj];
  assert.equal(claim.kind, 'PersistentVolumeClaim');
  assert.equal(j.kind, 'Job');
  assert.deepEqual([j.spec.backoffLimit, j.spec.template.spec.restartPolicy], [2, 'OnFailure']);
  try {
    await ok(docker, ['rm', '-f', 'agent', 'once']);
    await ok(wharf, ['kube', 'play', '-'], { input: ds.stdout });
    assert.equal(await ok(docker, ['exec', 'agent-pod-pod-0-agent', 'sh', '-c', 'echo $MODE']), 'watch');
    await ok(wharf, ['kube', 'play', '-'], { input: job.stdout });
    assert.equal(await ok(docker, ['wait', 'once-pod-pod-0-once']), '0');
    assert.equal(await ok(docker, ['run', '--rm', '-v', 'joblog:/out', 'busybox', 'cat', '/out/log']), 'ran\nran');
  } finally {
    await wharf(['kube', 'down', '-'], { input: ds.stdout });
    await wharf(['kube', 'down', '-'], { input: job.stdout });
    await docker(['rm', '-f', 'agent', 'once']);
    await docker(['volume', 'rm', '-f', 'joblog']);
  }
});

// dist/test/integration → the repository root
const BOXED = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples', 'boxed-compose', 'compose.yaml');

test("the seeds' boxed app: compose up, generate --compose-project, compose down, kube play: the same answers through the published port, the volume's data kept", async () => {
  const port = hostPort();
  const compose = (args: string[]) => ok(wharf, ['compose', '-f', BOXED, ...args], { env: { WEB_PORT: String(port) } });
  const dir = await mkdtemp(join(tmpdir(), 'kgen-'));
  const file = join(dir, 'boxed.yaml');
  try {
    await compose(['up', '-d', '--build', '--wait']);
    assert.equal(await page(port), '<h1>boxed web</h1>\n');
    assert.equal((await page(port, '/cgi-bin/greeting')).trim(), 'hello from the db');
    // Changed under compose: only the volume carries it over.
    await ok(docker, ['exec', 'boxed-db-1', 'sh', '-c', 'echo greeting=kept in the volume > /data/kv']);
    assert.equal((await page(port, '/cgi-bin/greeting')).trim(), 'kept in the volume');

    const gen = await wharf(['kube', 'generate', '--compose-project', 'boxed', '-f', file]);
    assert.equal(gen.code, 0, gen.stderr);
    assert.match(gen.stderr, /service web: depends_on is not carried/);
    const docs = validated(await readFile(file, 'utf8'));
    assert.deepEqual(docs.map((o) => `${o.kind}/${o.metadata.name}`), ['PersistentVolumeClaim/boxed-dbdata', 'Deployment/app', 'Service/app', 'Deployment/db', 'Service/db', 'Deployment/web', 'Service/web']);
    assert.deepEqual(docs[0]!.metadata.annotations, { 'io.wharf.kube.volume': 'boxed_dbdata' });
    const [, app, appSvc, db, , web] = docs as Obj[];
    assert.equal(app!.spec.replicas, 1);
    assert.deepEqual(app!.spec.template.spec.containers[0].env, [{ name: 'DB_URL', value: 'http://db/kv' }]);
    assert.deepEqual(appSvc!.spec, { clusterIP: 'None', selector: { app: 'app' }, ports: [{ name: '80-tcp', port: 80, targetPort: 80, protocol: 'TCP' }] });
    assert.deepEqual(db!.spec.template.spec.containers[0].livenessProbe, { exec: { command: ['wget', '-qO/dev/null', 'http://127.0.0.1/kv'] }, periodSeconds: 1, failureThreshold: 30 });
    assert.deepEqual(db!.spec.template.spec.volumes, [{ name: 'boxed-dbdata-pvc', persistentVolumeClaim: { claimName: 'boxed-dbdata' } }]);
    assert.deepEqual(web!.spec.template.spec.containers[0].ports, [{ containerPort: 80, hostPort: port, protocol: 'TCP' }]);
    assert.equal(web!.spec.template.spec.containers[0].image, 'boxed-web');

    await compose(['down', '-t', '1']);
    const played = await wharf(['kube', 'play', file]);
    assert.equal(played.code, 0, played.stderr);
    assert.equal(await page(port), '<h1>boxed web</h1>\n');
    assert.equal((await page(port, '/cgi-bin/greeting')).trim(), 'kept in the volume');
  } finally {
    await wharf(['kube', 'down', file]);
    await compose(['down', '-v', '--rmi', 'local', '-t', '1']).catch(() => undefined);
    await docker(['volume', 'rm', '-f', 'boxed_dbdata']);
    await rm(dir, { recursive: true, force: true });
  }
});

test("a compose project's configs and secrets: written as a ConfigMap and a Secret, played back at the same paths", async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kgen-'));
  const file = join(dir, 'out.yaml');
  await writeFile(join(dir, 'token.txt'), 's3cret\n');
  await writeFile(join(dir, 'compose.yaml'), `
name: kgenfiles
services:
  box:
    image: busybox
    command: ["sleep", "1d"]
    stop_signal: SIGKILL
    configs:
      - source: motd
        target: /etc/motd
    secrets: [token]
configs:
  motd:
    content: hello from a config
secrets:
  token:
    file: ./token.txt
`);
  const compose = (args: string[]) => ok(wharf, ['compose', '-f', join(dir, 'compose.yaml'), ...args]);
  try {
    await compose(['up', '-d']);
    const gen = await wharf(['kube', 'generate', '--compose-project', 'kgenfiles', '-f', file]);
    assert.equal(gen.code, 0, gen.stderr);
    const docs = validated(await readFile(file, 'utf8'));
    assert.deepEqual(docs.map((o) => `${o.kind}/${o.metadata.name}`), ['Secret/token', 'ConfigMap/motd', 'Deployment/box', 'Service/box']);
    assert.deepEqual(docs[0]!.data, { token: Buffer.from('s3cret\n').toString('base64') });
    assert.deepEqual(docs[1]!.data, { motd: 'hello from a config' });
    const spec = docs[2]!.spec.template.spec;
    assert.deepEqual(spec.containers[0].volumeMounts, [
      { name: 'token-secret', mountPath: '/run/secrets/token', subPath: 'token', readOnly: true },
      { name: 'motd-cm', mountPath: '/etc/motd', subPath: 'motd', readOnly: true },
    ]);
    assert.ok(!JSON.stringify(spec.volumes).includes('hostPath'), 'the secret file is not bound from the host');

    await compose(['down']);
    await ok(wharf, ['kube', 'play', file]);
    assert.equal(await ok(docker, ['exec', 'box-pod-0-box', 'cat', '/etc/motd']), 'hello from a config');
    assert.equal(await ok(docker, ['exec', 'box-pod-0-box', 'cat', '/run/secrets/token']), 's3cret');
    assert.equal(await ok(docker, ['exec', 'box-pod-0-box', 'stat', '-c', '%a', '/etc/motd']), '444');
  } finally {
    await wharf(['kube', 'down', file]);
    await compose(['down']).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
});

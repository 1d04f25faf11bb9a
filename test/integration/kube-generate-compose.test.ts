/**
 * `wharf kube generate --compose-project`: projects `wharf compose up` made
 * (the seeds' boxed app, and one with a config and a secret) written as
 * Kubernetes YAML that kubernetes-models' schemas accept; after `compose down`,
 * `kube play` of the file reproduces them: the same answers through the
 * published port on loopback, the volume's data, the files at their paths.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Daemon } from '../support/daemon.js';
import { type Cli, daemonForFile, ok } from '../support/clients.js';
import { hostPort, page, validated, type Obj } from '../support/kube-generated.js';

let d: Daemon;
const wharf: Cli = (a, o) => d.wharf(a, o);
const docker: Cli = (a, o) => d.docker(a, o);
daemonForFile((started) => (d = started));

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

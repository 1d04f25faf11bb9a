/**
 * `wharf kube generate`: a container and a pod on the test daemon written as
 * Kubernetes YAML that kubernetes-models' schemas accept, then played back with
 * `kube play` once the originals are gone: same env, port reachable on
 * 127.0.0.1, the named volume's data kept; a DaemonSet and a Job played back
 * too. Compose projects: kube-generate-compose.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Daemon } from '../support/daemon.js';
import { type Cli, daemonForFile, ok } from '../support/clients.js';
import { hostPort, page, validated, type Obj } from '../support/kube-generated.js';

let d: Daemon;
const wharf: Cli = (a, o) => d.wharf(a, o);
const docker: Cli = (a, o) => d.docker(a, o);
daemonForFile((started) => (d = started));

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

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DaemonSet, Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { ConfigMap, PersistentVolumeClaim, Pod, Secret, Service } from 'kubernetes-models/v1';
import type { ContainerInspect } from '../apitypes/containers.js';
import { dnsLabel, generate, type GenContainer, type GenPod } from './generate-convert.js';
import { planFile } from './plan.js';

type Obj = Record<string, unknown>;

/** Each object through the kubernetes-models schema of its kind: throws on anything a cluster would refuse. */
function validate(objects: readonly Obj[]): void {
  const models = { Pod, Deployment, DaemonSet, Job, Service, PersistentVolumeClaim, ConfigMap, Secret };
  for (const o of objects) {
    const model = models[o.kind as keyof typeof models];
    if (!model) assert.fail(`unexpected kind ${String(o.kind)}`);
    new model(o as never).validate();
  }
}

function inspect(config: Partial<ContainerInspect['Config']>, host: Partial<ContainerInspect['HostConfig']> = {}, mounts: ContainerInspect['Mounts'] = []): ContainerInspect {
  return { Config: { Image: 'busybox:latest', ...config }, HostConfig: host, Mounts: mounts } as ContainerInspect;
}

const image = { Env: ['PATH=/usr/bin:/bin'], Cmd: ['sh'], WorkingDir: '' };

function web(): GenContainer {
  return {
    name: 'Web_Server',
    image,
    inspect: inspect(
      {
        Env: ['PATH=/usr/bin:/bin', 'GREETING=hello world'],
        Cmd: ['httpd', '-f', '-p', '80'],
        Healthcheck: { Test: ['CMD-SHELL', 'wget -q -O- localhost'], Interval: 5e9, Retries: 3 },
      },
      { Memory: 64 * 1024 * 1024, NanoCpus: 5e8, RestartPolicy: { Name: 'unless-stopped' } },
      [
        { Type: 'volume', Name: 'web_data', Source: '/x', Destination: '/data', Mode: '', RW: true, Propagation: '' },
        { Type: 'bind', Source: '/srv/site', Destination: '/www', Mode: '', RW: false, Propagation: '' },
      ],
    ),
  };
}

function pod(containers: GenContainer[]): GenPod {
  return { name: 'Web_Server-pod', labels: { tier: 'front', 'bad label': 'x y' }, portBindings: { '80/tcp': [{ HostIp: '', HostPort: '30080' }] }, containers };
}

test('a container becomes a valid Pod with only what the user set', () => {
  const { objects, warnings } = generate([pod([web()])], { type: 'pod', replicas: 1, service: false });
  validate(objects);
  assert.deepEqual(objects.map((o) => o.kind), ['PersistentVolumeClaim', 'Pod']);
  const p = objects[1] as { metadata: { name: string; labels: Obj }; spec: { restartPolicy: string; containers: Obj[]; volumes: Obj[] } };
  assert.equal(p.metadata.name, 'web-server-pod');
  assert.deepEqual(p.metadata.labels, { app: 'web-server-pod', tier: 'front' });
  assert.equal(p.spec.restartPolicy, 'Always');
  const c = p.spec.containers[0]!;
  assert.equal(c.name, 'web-server');
  assert.equal(c.command, undefined, 'the entrypoint is the image’s');
  assert.deepEqual(c.args, ['httpd', '-f', '-p', '80']);
  assert.deepEqual(c.env, [{ name: 'GREETING', value: 'hello world' }]);
  assert.deepEqual(c.ports, [{ containerPort: 80, hostPort: 30080, protocol: 'TCP' }]);
  assert.deepEqual(c.resources, { limits: { memory: String(64 * 1024 * 1024), cpu: '500m' } });
  assert.deepEqual(c.livenessProbe, { exec: { command: ['/bin/sh', '-c', 'wget -q -O- localhost'] }, periodSeconds: 5, failureThreshold: 3 });
  assert.deepEqual(c.volumeMounts, [
    { name: 'web-data-pvc', mountPath: '/data' },
    { name: 'srv-site-host', mountPath: '/www', readOnly: true },
  ]);
  assert.deepEqual(p.spec.volumes, [
    { name: 'web-data-pvc', persistentVolumeClaim: { claimName: 'web-data' } },
    { name: 'srv-site-host', hostPath: { path: '/srv/site' } },
  ]);
  assert.ok(warnings.some((w) => w.includes('bad label')));
  assert.ok(warnings.some((w) => w.includes('"web_data"')));
});

test('an entrypoint that differs becomes command, Cmd args; CpuQuota is a cpu limit', () => {
  const c: GenContainer = { name: 'job', image: { Entrypoint: ['/entry'], Cmd: ['run'] }, inspect: inspect({ Entrypoint: ['sleep'], Cmd: ['100'] }, { CpuQuota: 150000, CpuPeriod: 100000 }) };
  const { objects } = generate([{ name: 'job', labels: {}, portBindings: {}, containers: [c] }], { type: 'pod', replicas: 1, service: false });
  validate(objects);
  const spec = (objects[0] as { spec: { restartPolicy: string; containers: Obj[] } }).spec;
  assert.deepEqual([spec.containers[0]!.command, spec.containers[0]!.args], [['sleep'], ['100']]);
  assert.deepEqual(spec.containers[0]!.resources, { limits: { cpu: '1500m' } });
  assert.equal(spec.restartPolicy, 'Never');
});

test('--type deployment --replicas and -s: a Deployment and a NodePort Service selecting it', () => {
  const { objects } = generate([pod([web(), { ...web(), name: 'web-server' }])], { type: 'deployment', replicas: 3, service: true });
  validate(objects);
  assert.deepEqual(objects.map((o) => o.kind), ['PersistentVolumeClaim', 'Deployment', 'Service']);
  const d = objects[1] as { spec: { replicas: number; selector: { matchLabels: Obj }; template: { metadata: { labels: Obj }; spec: { containers: Obj[]; restartPolicy?: string } } } };
  assert.equal(d.spec.replicas, 3);
  assert.deepEqual(d.spec.selector.matchLabels, { app: 'web-server-pod' });
  assert.equal(d.spec.template.metadata.labels.app, 'web-server-pod');
  assert.equal(d.spec.template.spec.restartPolicy, undefined);
  assert.deepEqual(d.spec.template.spec.containers.map((c) => c.name), ['web-server', 'web-server-2'], 'names stay unique');
  const s = objects[2] as { spec: Obj };
  assert.deepEqual(s.spec, { type: 'NodePort', selector: { app: 'web-server-pod' }, ports: [{ name: '80-tcp', port: 80, targetPort: 80, protocol: 'TCP', nodePort: 30080 }] });
});

test('names are sanitized to DNS-1123 labels', () => {
  assert.equal(dnsLabel('My_App.1'), 'my-app-1');
  assert.equal(dnsLabel('--x--'), 'x');
  assert.equal(dnsLabel('___'), 'x');
  assert.equal(dnsLabel('a'.repeat(80)).length, 63);
});

test('user, privileges and the pod-wide settings: securityContext, hostAliases, dnsConfig, shareProcessNamespace', () => {
  const c: GenContainer = {
    name: 'app',
    image,
    inspect: inspect({ User: '1000:1000' }, { Privileged: true, ReadonlyRootfs: true, CapAdd: ['CAP_NET_ADMIN'], CapDrop: ['all'], SecurityOpt: ['no-new-privileges'] }),
  };
  const named: GenContainer = { name: 'other', image, inspect: { ...inspect({ User: 'nobody' }), Name: '/other' } };
  const { objects, warnings } = generate(
    [{ name: 'p', labels: {}, portBindings: {}, containers: [c, named], hostname: 'Box', extraHosts: ['db:10.0.0.5', 'cache:10.0.0.5', 'v6:fd00::1'], dns: ['10.0.0.53'], sharePid: true }],
    { type: 'pod', replicas: 1, service: true },
  );
  validate(objects);
  const spec = (objects[0] as { spec: Obj & { containers: Obj[] } }).spec;
  assert.deepEqual(spec.containers[0]!.securityContext, {
    runAsUser: 1000,
    runAsGroup: 1000,
    privileged: true,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
    capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] },
  });
  assert.equal(spec.containers[1]!.securityContext, undefined);
  assert.ok(warnings.some((w) => w.includes('"nobody"')));
  assert.ok(warnings.some((w) => w.includes('publishes no ports')), 'no Service without published ports');
  assert.equal(objects.length, 1);
  assert.equal(spec.hostname, 'box');
  assert.equal(spec.shareProcessNamespace, true);
  assert.deepEqual(spec.hostAliases, [
    { ip: '10.0.0.5', hostnames: ['db', 'cache'] },
    { ip: 'fd00::1', hostnames: ['v6'] },
  ]);
  assert.deepEqual(spec.dnsConfig, { nameservers: ['10.0.0.53'] });
});

test('sources whose names sanitize alike get distinct volume names; the same source is one volume', () => {
  const bind = (source: string, target: string): ContainerInspect['Mounts'][number] => ({ Type: 'bind', Source: source, Destination: target, Mode: '', RW: true, Propagation: '' });
  const c: GenContainer = { name: 'a', image, inspect: inspect({}, {}, [bind('/a_b', '/x'), bind('/a-b', '/y'), bind('/a_b', '/z')]) };
  const { objects } = generate([{ name: 'p', labels: {}, portBindings: {}, containers: [c] }], { type: 'pod', replicas: 1, service: false });
  validate(objects);
  const spec = (objects[0] as { spec: { volumes: Obj[]; containers: Array<{ volumeMounts: Obj[] }> } }).spec;
  assert.deepEqual(spec.volumes, [
    { name: 'a-b-host', hostPath: { path: '/a_b' } },
    { name: 'a-b-host-2', hostPath: { path: '/a-b' } },
  ]);
  assert.deepEqual(spec.containers[0]!.volumeMounts.map((m) => m.name), ['a-b-host', 'a-b-host-2', 'a-b-host']);
});

test("--type daemonset and job: each kind's restart rules, with a warning for what does not carry", () => {
  const c = (policy: string, retries = 0): GenContainer => ({ name: 'w', image, inspect: inspect({ Cmd: ['true'] }, { RestartPolicy: { Name: policy as never, MaximumRetryCount: retries } }) });
  const ds = generate([{ name: 'agent', labels: {}, portBindings: {}, containers: [c('no')] }], { type: 'daemonset', replicas: 2, service: false });
  validate(ds.objects);
  const d = ds.objects[0] as { kind: string; spec: Obj & { template: { spec: Obj } } };
  assert.equal(d.kind, 'DaemonSet');
  assert.deepEqual(d.spec.selector, { matchLabels: { app: 'agent' } });
  assert.equal(d.spec.template.spec.restartPolicy, undefined, 'a DaemonSet’s pods always restart');
  assert.ok(ds.warnings.some((w) => w.includes("DaemonSet's pods always restart")));
  assert.ok(ds.warnings.some((w) => w.includes('--replicas 2')));

  const onFailure = generate([{ name: 'batch', labels: {}, portBindings: {}, containers: [c('on-failure', 4)] }], { type: 'job', replicas: 3, service: false });
  validate(onFailure.objects);
  const j = onFailure.objects[0] as { apiVersion: string; kind: string; spec: Obj & { template: { spec: Obj } } };
  assert.deepEqual([j.apiVersion, j.kind], ['batch/v1', 'Job']);
  assert.equal(j.spec.selector, undefined, 'the cluster makes a Job’s selector');
  assert.deepEqual([j.spec.completions, j.spec.parallelism, j.spec.backoffLimit, j.spec.template.spec.restartPolicy], [3, 3, 4, 'OnFailure']);

  const never = generate([{ name: 'once', labels: {}, portBindings: {}, containers: [c('no')] }], { type: 'job', replicas: 1, service: false });
  assert.equal((never.objects[0] as { spec: { template: { spec: Obj } } }).spec.template.spec.restartPolicy, 'Never');
  const always = generate([{ name: 'loop', labels: {}, portBindings: {}, containers: [c('always')] }], { type: 'job', replicas: 1, service: false });
  validate(always.objects);
  assert.equal((always.objects[0] as { spec: { template: { spec: Obj } } }).spec.template.spec.restartPolicy, 'OnFailure');
  assert.ok(always.warnings.some((w) => /Job's pods are not restarted once they succeed/.test(w)));
});

/** A Compose service as generate-compose.ts gathers it: its own kind and replicas, reached by name. */
function composeService(): GenPod {
  const c: GenContainer = {
    name: 'web',
    image: { ...image, ExposedPorts: { '80/tcp': {} } } as GenContainer['image'],
    inspect: inspect(
      { Cmd: ['httpd', '-f'], ExposedPorts: { '80/tcp': {}, '9000/udp': {} } },
      { RestartPolicy: { Name: 'always' } },
      [
        { Type: 'volume', Name: 'shop_data', Source: '/x', Destination: '/data', Mode: '', RW: true, Propagation: '' },
        // A config from a file is bound too: its ConfigMap stands for the bind.
        { Type: 'bind', Source: '/home/u/site.conf', Destination: '/etc/site.conf', Mode: '', RW: false, Propagation: '' },
      ],
    ),
    files: [
      { kind: 'ConfigMap', source: 'site.conf', path: '/etc/site.conf', content: Buffer.from('listen 80\n'), mode: 0o444 },
      { kind: 'Secret', source: 'api_key', path: '/run/secrets/api_key', content: Buffer.from('s3cret'), mode: 0o400 },
    ],
  };
  return { name: 'web', labels: {}, portBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }] }, containers: [c], exposed: ['80/tcp', '9000/udp'], replicas: 2, type: 'deployment', byName: true };
}

test('a Compose service: a Deployment of its running containers, a headless Service of its name, its files as a ConfigMap and a Secret, its volume claimed', () => {
  const { objects, warnings } = generate([composeService()], { type: 'pod', replicas: 1, service: false });
  validate(objects);
  assert.ok(warnings.some((w) => w.includes('host port 8080')), 'two replicas cannot both publish one host port');
  assert.deepEqual(objects.map((o) => o.kind), ['PersistentVolumeClaim', 'ConfigMap', 'Secret', 'Deployment', 'Service']);
  const [pvc, cm, secret, dep, svc] = objects as Array<Obj & { metadata: Obj; spec: Obj & { template: { spec: Obj & { containers: Obj[] } } } }>;
  assert.deepEqual(pvc!.metadata, { name: 'shop-data', annotations: { 'io.wharf.kube.volume': 'shop_data' } });
  assert.deepEqual(cm, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'site.conf' }, data: { 'site.conf': 'listen 80\n' } });
  assert.deepEqual(secret, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'api-key' }, type: 'Opaque', data: { api_key: Buffer.from('s3cret').toString('base64') } });
  assert.equal(dep!.spec.replicas, 2);
  assert.equal(dep!.spec.template.spec.restartPolicy, undefined);
  const c = dep!.spec.template.spec.containers[0]!;
  assert.deepEqual(c.ports, [
    { containerPort: 80, hostPort: 8080, hostIP: '127.0.0.1', protocol: 'TCP' },
    { containerPort: 9000, protocol: 'UDP' },
  ]);
  assert.deepEqual(c.volumeMounts, [
    { name: 'shop-data-pvc', mountPath: '/data' },
    { name: 'site-conf-cm', mountPath: '/etc/site.conf', subPath: 'site.conf', readOnly: true },
    { name: 'api-key-secret', mountPath: '/run/secrets/api_key', subPath: 'api_key', readOnly: true },
  ]);
  assert.deepEqual(dep!.spec.template.spec.volumes, [
    { name: 'shop-data-pvc', persistentVolumeClaim: { claimName: 'shop-data' } },
    { name: 'site-conf-cm', configMap: { name: 'site.conf', items: [{ key: 'site.conf', path: 'site.conf' }], defaultMode: 0o444 } },
    { name: 'api-key-secret', secret: { secretName: 'api-key', items: [{ key: 'api_key', path: 'api_key' }], defaultMode: 0o400 } },
  ]);
  assert.deepEqual(svc!.spec, {
    clusterIP: 'None',
    selector: { app: 'web' },
    ports: [
      { name: '80-tcp', port: 80, targetPort: 80, protocol: 'TCP' },
      { name: '9000-udp', port: 9000, targetPort: 9000, protocol: 'UDP' },
    ],
  });
});

test('kube play reads a generated Compose service back: the claim mounts the Docker volume it names, each file lands at its own path', () => {
  const { objects } = generate([{ ...composeService(), replicas: 1 }], { type: 'pod', replicas: 1, service: false });
  const plan = planFile(objects);
  assert.deepEqual(plan.warnings, []);
  assert.deepEqual(plan.volumes.map((v) => [v.name, v.claim]), [['shop_data', 'shop-data']]);
  assert.deepEqual(plan.pods.map((p) => [p.name, p.create.Aliases, p.create.PortBindings]), [
    ['web-pod-0', ['web'], { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }] }],
  ]);
  const member = plan.pods[0]!.containers[0]!;
  assert.deepEqual(member.body.HostConfig?.Mounts, [{ Type: 'volume', Source: 'shop_data', Target: '/data', ReadOnly: false }]);
  assert.deepEqual(member.files, [
    { path: '/etc/site.conf', content: 'listen 80\n', mode: 0o444 },
    { path: '/run/secrets/api_key', content: 's3cret', mode: 0o400 },
  ]);
});

test('Wharf\'s TCP check becomes a tcpSocket probe and its ReadinessCheck a readinessProbe', () => {
  const c: GenContainer = {
    name: 'probed',
    image,
    inspect: inspect({ Healthcheck: { Test: ['TCP', '8080'], Interval: 1e9 } }, { ReadinessCheck: { Test: ['CMD', 'cat', '/tmp/ready'], Retries: 1 } }),
  };
  const { objects } = generate([{ name: 'probed-pod', labels: {}, portBindings: {}, containers: [c] }], { type: 'pod', replicas: 1, service: false });
  validate(objects);
  const spec = (objects[0] as { spec: { containers: Obj[] } }).spec.containers[0]!;
  assert.deepEqual(spec.livenessProbe, { tcpSocket: { port: 8080 }, periodSeconds: 1 });
  assert.deepEqual(spec.readinessProbe, { exec: { command: ['cat', '/tmp/ready'] }, failureThreshold: 1 });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Deployment } from 'kubernetes-models/apps/v1';
import { PersistentVolumeClaim, Pod, Service } from 'kubernetes-models/v1';
import type { ContainerInspect } from '../apitypes/containers.js';
import { dnsLabel, generate, type GenContainer, type GenPod } from './generate-convert.js';

type Obj = Record<string, unknown>;

/** Each object through the kubernetes-models schema of its kind: throws on anything a cluster would refuse. */
function validate(objects: readonly Obj[]): void {
  for (const o of objects) {
    if (o.kind === 'Pod') new Pod(o).validate();
    else if (o.kind === 'Deployment') new Deployment(o).validate();
    else if (o.kind === 'Service') new Service(o).validate();
    else if (o.kind === 'PersistentVolumeClaim') new PersistentVolumeClaim(o).validate();
    else assert.fail(`unexpected kind ${String(o.kind)}`);
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

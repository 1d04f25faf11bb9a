import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planFile } from './plan.js';
import { parseDocuments } from './yaml.js';

const plan = (text: string): ReturnType<typeof planFile> => planFile(parseDocuments(text, 'f.yaml'));

test('a Pod becomes a pod create request and its members, env resolved from a ConfigMap written after it', () => {
  const p = plan(`
kind: Pod
metadata: { name: web, labels: { app: web } }
spec:
  hostname: h
  containers:
  - name: srv
    image: busybox
    command: [httpd]
    args: [-f]
    env: [{ name: A, valueFrom: { configMapKeyRef: { name: cm, key: a } } }, { name: B, value: 2 }]
    ports: [{ containerPort: 80, hostPort: 8080, protocol: UDP }, { containerPort: 81 }]
    volumeMounts: [{ name: h, mountPath: /h, readOnly: true }]
  volumes: [{ name: h, hostPath: { path: /srv, type: Directory } }]
---
kind: ConfigMap
metadata: { name: cm }
data: { a: one }
`);
  assert.deepEqual(p.warnings, []);
  const [pod] = p.pods;
  assert.deepEqual(pod!.create, { Name: 'web', Labels: { app: 'web', 'io.wharf.kube.kind': 'Pod', 'io.wharf.kube.name': 'web' }, Hostname: 'h', PortBindings: { '80/udp': [{ HostIp: '', HostPort: '8080' }] }, ExtraHosts: [], Dns: [] });
  const c = pod!.containers[0]!;
  assert.equal(c.name, 'web-srv');
  assert.deepEqual([c.body.Entrypoint, c.body.Cmd, c.body.Env, c.body.HostConfig?.Binds], [['httpd'], ['-f'], ['A=one', 'B=2'], ['/srv:/h:ro']]);
  assert.equal(c.body.Labels?.['io.wharf.pod.name'], 'web');
  assert.deepEqual(c.body.HostConfig?.RestartPolicy, { Name: 'always' }, "Kubernetes' default restartPolicy");
});

test('errors name the object and the path of the field', () => {
  assert.throws(() => plan('kind: Pod\nmetadata: { name: p }\nspec:\n  containers: [{ name: a }]\n'), /invalid Pod "p": spec\.containers\[0\]\.image: required/);
  assert.throws(() => plan('kind: Pod\nmetadata: { name: p }\nspec:\n  containers: [{ name: a, image: x, env: [{ name: A, valueFrom: { secretKeyRef: { name: s, key: k } } }] }]\n'), /spec\.containers\[0\]\.env\[0\]\.valueFrom\.secretKeyRef\.name: Secret "s" not found/);
  assert.throws(() => plan('kind: Pod\nmetadata: { name: p }\nspec:\n  containers: [{ name: a, image: x, resources: { limits: { memory: lots } } }]\n'), /spec\.containers\[0\]\.resources\.limits\.memory: invalid quantity "lots"/);
  assert.throws(() => plan('kind: Pod\nmetadata: { name: Bad_Name }\nspec: {}\n'), /metadata\.name: invalid name/);
  assert.throws(() => plan('kind: Pod\nmetadata: { name: p }\nspec:\n  containers: [{ name: a, image: x, ports: [{ containerPort: 70000 }] }]\n'), /spec\.containers\[0\]\.ports\[0\]\.containerPort: must be between 1 and 65535/);
  assert.throws(() => plan('kind: Pod\nmetadata: { name: p }\nspec:\n  containers: [{ name: ../a, image: x }]\n'), /spec\.containers\[0\]\.name: invalid name/);
  assert.throws(() => plan('kind: Deployment\nmetadata: { name: a }\nspec: { template: { spec: { containers: [{ name: c, image: x }] } } }\n---\nkind: Pod\nmetadata: { name: a-pod-0 }\nspec: { containers: [{ name: c, image: x }] }\n'), /pod name "a-pod-0" is used twice in the file/);
  assert.throws(() => plan('a: [1,\n'), /failed to parse f\.yaml: yaml: line \d+, column \d+/);
});

test('fields Wharf does not honour are warnings naming their path, once per Deployment', () => {
  const p = plan(`
kind: Deployment
metadata: { name: d }
spec:
  replicas: 3
  template:
    spec:
      nodeSelector: { disk: ssd }
      containers: [{ name: a, image: x, imagePullPolicy: Always, livenessProbe: { exec: { command: [ls] } }, env: [{ name: N, valueFrom: { fieldRef: { fieldPath: status.podIPs } } }] }]
---
kind: Ingress
metadata: { name: s }
`);
  assert.deepEqual(p.pods.map((x) => x.name), ['d-pod-0', 'd-pod-1', 'd-pod-2']);
  assert.deepEqual(p.warnings.sort(), [
    'Deployment "d": spec.template.spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: "status.podIPs" is not supported by Wharf, the variable is not set',
    'Deployment "d": spec.template.spec.containers[0].imagePullPolicy: Always is not honoured: the local image is used',
    'Deployment "d": spec.template.spec.nodeSelector: not supported by Wharf, ignored',
    'Ingress "s": kind Ingress is not supported by Wharf, skipped',
  ]);
});

test('a Service is an alias of the pods its selector picks; a NodePort is published by the first of them', () => {
  const p = plan(`
kind: Service
metadata: { name: api }
spec:
  type: NodePort
  selector: { app: api }
  ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }]
---
kind: Deployment
metadata: { name: api }
spec:
  replicas: 2
  template:
    metadata: { labels: { app: api } }
    spec: { containers: [{ name: c, image: x }] }
---
kind: Pod
metadata: { name: other, labels: { app: other } }
spec: { containers: [{ name: c, image: x }] }
`);
  assert.deepEqual(p.pods.map((x) => x.create.Aliases), [['api'], ['api'], undefined]);
  assert.deepEqual(p.pods.map((x) => x.create.PortBindings), [{ '8080/tcp': [{ HostIp: '', HostPort: '30080' }] }, {}, {}]);
  assert.equal(p.warnings.length, 2, p.warnings.join('\n'));
  assert.throws(() => plan('kind: Service\nmetadata: { name: e }\nspec: { type: ExternalName }\n'), /spec\.type: unsupported value "ExternalName"/);
});

test('a Job is its completions\' pods, parallelism at a time; OnFailure retries up to backoffLimit; Always is refused', () => {
  const job = (policy: string): string => `kind: Job\nmetadata: { name: j }\nspec:\n  completions: 2\n  parallelism: 1\n  backoffLimit: 2\n  template:\n    spec:\n      restartPolicy: ${policy}\n      containers: [{ name: c, image: x }]\n`;
  const p = plan(job('OnFailure'));
  assert.deepEqual(p.pods.map((x) => [x.name, x.containers[0]!.body.HostConfig?.RestartPolicy]), [['j-pod-0', { Name: 'on-failure', MaximumRetryCount: 2 }], ['j-pod-1', { Name: 'on-failure', MaximumRetryCount: 2 }]]);
  assert.deepEqual(p.warnings, []);
  assert.deepEqual(p.pods.map((x) => x.after), [undefined, 'j-pod-0'], 'one at a time: the second waits for the first');
  assert.throws(() => plan(job('Always')), /spec\.template\.spec\.restartPolicy: a Job's pods must be Never or OnFailure/);
  assert.throws(() => plan(job('Always').replace('      restartPolicy: Always\n', '')), /a Job's pods must be Never or OnFailure/, 'omitted is Always, as Kubernetes refuses it');
});

test('a Secret decodes data and takes stringData as it is', () => {
  const p = plan(`
kind: Secret
metadata: { name: s }
data: { a: ${Buffer.from('x').toString('base64')} }
stringData: { b: why }
---
kind: Pod
metadata: { name: p }
spec:
  containers: [{ name: c, image: x, envFrom: [{ secretRef: { name: s } }] }]
`);
  assert.deepEqual(p.pods[0]!.containers[0]!.body.Env, ['a=x', 'b=why']);
});

test('securityContext, requests, hostAliases, dnsConfig, hostNetwork and shareProcessNamespace', () => {
  const p = plan(`
kind: Pod
metadata: { name: p }
spec:
  hostNetwork: true
  shareProcessNamespace: true
  securityContext: { runAsUser: 1000, runAsGroup: 100 }
  hostAliases: [{ ip: 10.0.0.1, hostnames: [a.local, b.local] }]
  dnsConfig: { nameservers: [1.1.1.1], searches: [x] }
  containers:
  - name: c
    image: x
    securityContext: { runAsUser: 7, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { add: [NET_ADMIN], drop: [ALL] } }
    resources: { requests: { cpu: 250m, memory: 32Mi } }
  - { name: d, image: x }
`);
  const pod = p.pods[0]!;
  assert.deepEqual([pod.create.Network, pod.create.Share, pod.create.ExtraHosts, pod.create.Dns], ['host', ['net', 'ipc', 'uts', 'pid'], ['a.local:10.0.0.1', 'b.local:10.0.0.1'], ['1.1.1.1']]);
  const [c, d] = pod.containers;
  assert.equal(c!.body.User, '7:100');
  assert.equal(d!.body.User, '1000:100');
  const { ReadonlyRootfs, SecurityOpt, CapAdd, CapDrop, CpuShares, MemoryReservation } = c!.body.HostConfig!;
  assert.deepEqual({ ReadonlyRootfs, SecurityOpt, CapAdd, CapDrop, CpuShares, MemoryReservation }, {
    ReadonlyRootfs: true,
    SecurityOpt: ['no-new-privileges'],
    CapAdd: ['NET_ADMIN'],
    CapDrop: ['ALL'],
    CpuShares: 256,
    MemoryReservation: 32 * 1024 * 1024,
  });
  assert.deepEqual(p.warnings, ['Pod "p": spec.dnsConfig.searches: not supported by Wharf, ignored']);
});

test('configMap and secret volumes become files in the members that mount them', () => {
  const p = plan(`
kind: ConfigMap
metadata: { name: cm }
data: { a: one, b: two }
---
kind: Pod
metadata: { name: p }
spec:
  volumes:
  - { name: all, configMap: { name: cm, defaultMode: 0440 } }
  - { name: some, configMap: { name: cm, items: [{ key: b, path: x/b.conf, mode: 0600 }] } }
  containers:
  - name: c
    image: x
    volumeMounts: [{ name: all, mountPath: /all/ }, { name: some, mountPath: /some }]
`);
  assert.deepEqual(p.pods[0]!.containers[0]!.files, [
    { path: '/all/a', content: 'one', mode: 0o440 },
    { path: '/all/b', content: 'two', mode: 0o440 },
    { path: '/some/x/b.conf', content: 'two', mode: 0o600 },
  ]);
  assert.throws(() => plan('kind: Pod\nmetadata: { name: p }\nspec:\n  volumes: [{ name: v, secret: { secretName: s, items: [{ key: k, path: ../x }] } }]\n  containers: [{ name: c, image: x }]\n'), /spec\.volumes\[0\]\.secret\.secretName: Secret "s" not found/);
});

test('a DaemonSet is one pod on this host; its replicas field means nothing', () => {
  const p = plan('kind: DaemonSet\nmetadata: { name: agent }\nspec:\n  replicas: 3\n  updateStrategy: { type: RollingUpdate }\n  template:\n    spec:\n      containers: [{ name: a, image: x }]\n');
  assert.deepEqual(p.pods.map((x) => [x.name, x.create.Labels?.['io.wharf.kube.kind']]), [['agent-pod-0', 'DaemonSet']]);
  assert.deepEqual(p.warnings, ['DaemonSet "agent": spec.replicas: not supported by Wharf, ignored']);
});

test("a claim's io.wharf.kube.volume annotation is the Docker volume its pods mount; subPath picks one configMap key, and only there", () => {
  const p = plan(`
kind: PersistentVolumeClaim
metadata: { name: shop-data, annotations: { io.wharf.kube.volume: shop_data } }
---
kind: ConfigMap
metadata: { name: cm }
data: { a: one, b: two }
---
kind: Pod
metadata: { name: p }
spec:
  containers:
  - name: c
    image: busybox
    volumeMounts: [{ name: d, mountPath: /data }, { name: f, mountPath: /etc/a.conf, subPath: a }]
  volumes: [{ name: d, persistentVolumeClaim: { claimName: shop-data } }, { name: f, configMap: { name: cm } }]
`);
  assert.deepEqual(p.warnings, []);
  assert.deepEqual(p.volumes, [{ name: 'shop_data', claim: 'shop-data', labels: { 'io.wharf.kube.kind': 'PersistentVolumeClaim', 'io.wharf.kube.name': 'shop-data' } }]);
  const member = p.pods[0]!.containers[0]!;
  assert.deepEqual(member.body.HostConfig?.Mounts, [{ Type: 'volume', Source: 'shop_data', Target: '/data', ReadOnly: false }]);
  assert.deepEqual(member.files, [{ path: '/etc/a.conf', content: 'one', mode: 0o644 }]);
  assert.throws(
    () => plan('kind: Pod\nmetadata: { name: p }\nspec:\n  volumes: [{ name: d, emptyDir: {} }]\n  containers: [{ name: c, image: x, volumeMounts: [{ name: d, mountPath: /d, subPath: x }] }]\n'),
    /volumeMounts\[0\]\.subPath: supported for configMap and secret volumes only/,
  );
});

test('fieldRefs: the pod\'s own fields now, its id, addresses and node at play; later env entries win', () => {
  const p = plan(`
kind: Deployment
metadata: { name: d, namespace: ns }
spec:
  template:
    metadata: { labels: { app: a, tier: b }, annotations: { note: hi } }
    spec:
      containers:
      - name: c
        image: x
        env:
        - { name: NAME, valueFrom: { fieldRef: { fieldPath: metadata.name } } }
        - { name: NS, valueFrom: { fieldRef: { fieldPath: metadata.namespace } } }
        - { name: ALL, valueFrom: { fieldRef: { fieldPath: metadata.labels } } }
        - { name: NOTE, valueFrom: { fieldRef: { fieldPath: "metadata.annotations['note']" } } }
        - { name: IP, valueFrom: { fieldRef: { fieldPath: status.podIP } } }
        - { name: NODE, valueFrom: { fieldRef: { fieldPath: spec.nodeName } } }
        - { name: NODE, value: fixed }
`);
  const m = p.pods[0]!.containers[0]!;
  assert.deepEqual(m.body.Env, ['NAME=d-pod-0', 'NS=ns', 'ALL=app="a"\ntier="b"', 'NOTE=hi', 'NODE=fixed']);
  assert.deepEqual(m.podEnv, [{ name: 'IP', field: 'status.podIP' }]);
  assert.equal(m.body.Labels?.note, 'hi', 'annotations are labels');
  assert.deepEqual(p.warnings, []);
});

test('an emptyDir in memory is a tmpfs volume of its sizeLimit; on disk the limit is a warning', () => {
  const p = plan(`
kind: Pod
metadata: { name: p }
spec:
  volumes: [{ name: m, emptyDir: { medium: Memory, sizeLimit: 1Gi } }, { name: d, emptyDir: { sizeLimit: 1Gi } }]
  containers: [{ name: c, image: x, volumeMounts: [{ name: m, mountPath: /m }, { name: d, mountPath: /d }] }]
`);
  assert.deepEqual(p.pods[0]!.scratchVolumes, [{ name: 'p-m', driverOpts: { type: 'tmpfs', device: 'tmpfs', o: `size=${2 ** 30}` } }, { name: 'p-d' }]);
  assert.deepEqual(p.warnings, ['Pod "p": spec.volumes[1].emptyDir.sizeLimit: not enforced on disk: only a Memory emptyDir has a size']);
  assert.throws(() => plan('kind: Pod\nmetadata: { name: p }\nspec:\n  volumes: [{ name: m, emptyDir: { medium: HugePages } }]\n  containers: [{ name: c, image: x }]\n'), /spec\.volumes\[0\]\.emptyDir\.medium: unsupported value "HugePages"/);
});

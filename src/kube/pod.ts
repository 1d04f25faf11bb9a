/**
 * A pod template (a Pod's spec, a Deployment's spec.template) as what the API
 * takes: the pod create request, its members' container create requests and
 * the scratch volumes its emptyDirs need.
 */
import type { ContainerCreateRequest, HostConfig, MountSpec, PortBinding, RestartPolicy } from '../apitypes/containers.js';
import type { PodCreateRequest } from '../apitypes/pods.js';
import { POD_NAME_LABEL } from '../apitypes/pods.js';
import { containerEnv, type EnvSources, type PodEnvRef, type PodFields } from './env.js';
import { port, type Fields } from './fields.js';
import { kubeLabels } from './labels.js';
import { containerProbes } from './probe.js';
import { projectedFiles, type ProjectedFile } from './projected.js';
import { memoryBytes, nanoCpus } from './quantity.js';
import { containerSecurity, podIdentity, type PodIdentity } from './security.js';

/** A file written into a member before it starts (a configMap or secret volume's key). */
export interface MemberFile {
  /** Absolute in the container. */
  path: string;
  content: string;
  mode: number;
}

export interface PodMember {
  name: string;
  body: ContainerCreateRequest;
  files: MemberFile[];
  /** Environment variables whose values are known once the pod exists (`fieldRef`s to its uid or addresses). */
  podEnv: PodEnvRef[];
}

/** A pod's scratch volume (an emptyDir): a named volume, on tmpfs for `medium: Memory`. */
export interface ScratchVolume {
  name: string;
  driverOpts?: Record<string, string>;
}

export interface PodPlan {
  name: string;
  create: PodCreateRequest;
  /** Run in order, each to a zero exit, after the pod's infra starts and before its containers are made. */
  initContainers: PodMember[];
  containers: PodMember[];
  /** Named volumes made for the pod's emptyDirs, removed with it. */
  scratchVolumes: ScratchVolume[];
  /** A Job's pod beyond its `parallelism`: started once the pod named here has completed. */
  after?: string;
  /** `containerPort/protocol` of every member's `ports[]`: what `kube play --publish` may publish. */
  containerPorts: string[];
}

/** What a pod's `volumes` entry becomes in a member. */
type VolumeSource = { kind: 'volume' | 'bind'; source: string; readOnly: boolean } | { kind: 'files'; files: ProjectedFile[] };

const RESTART: Record<string, RestartPolicy['Name']> = { Always: 'always', OnFailure: 'on-failure', Never: 'no' };

/** The pod's `volumes`, by name. */
function podVolumes(spec: Fields, podName: string, scratch: ScratchVolume[], sources: EnvSources): Map<string, VolumeSource> {
  const out = new Map<string, VolumeSource>();
  for (const v of spec.objects('volumes')) {
    const name = v.requiredString('name');
    const pvc = v.object('persistentVolumeClaim');
    const emptyDir = v.object('emptyDir');
    const hostPath = v.object('hostPath');
    const configMap = v.object('configMap');
    const secret = v.object('secret');
    if (configMap) out.set(name, { kind: 'files', files: projectedFiles(configMap, 'ConfigMap', sources) });
    else if (secret) out.set(name, { kind: 'files', files: projectedFiles(secret, 'Secret', sources) });
    else if (pvc) {
      out.set(name, { kind: 'volume', source: pvc.requiredString('claimName'), readOnly: pvc.bool('readOnly') ?? false });
      pvc.done();
    } else if (emptyDir) {
      // One volume the pod's containers share, as an emptyDir is shared; it lives as long as the pod.
      const source = `${podName}-${name}`;
      const medium = emptyDir.string('medium') ?? '';
      if (medium !== '' && medium !== 'Memory') emptyDir.fail('medium', `unsupported value "${medium}": must be "" or Memory`);
      const size = emptyDir.string('sizeLimit');
      const bytes = size === undefined ? undefined : (memoryBytes(size) ?? emptyDir.fail('sizeLimit', `invalid quantity "${size}"`));
      // On disk a sizeLimit would need a quota the local driver does not have; in memory it is the tmpfs's size.
      if (bytes !== undefined && medium !== 'Memory') emptyDir.warn('sizeLimit', 'not enforced on disk: only a Memory emptyDir has a size');
      const memory = medium === 'Memory' ? { type: 'tmpfs', device: 'tmpfs', ...(bytes !== undefined ? { o: `size=${bytes}` } : {}) } : undefined;
      scratch.push({ name: source, ...(memory ? { driverOpts: memory } : {}) });
      out.set(name, { kind: 'volume', source, readOnly: false });
      emptyDir.done();
    } else if (hostPath) {
      out.set(name, { kind: 'bind', source: hostPath.requiredString('path'), readOnly: false });
      hostPath.ignore('type');
      hostPath.done();
    }
    // Other sources (downwardAPI, projected, nfs, …) are left unread, so done() names them.
    v.done();
  }
  return out;
}

function memberMounts(c: Fields, volumes: ReadonlyMap<string, VolumeSource>): { mounts: MountSpec[]; binds: string[]; files: MemberFile[] } {
  const mounts: MountSpec[] = [];
  const binds: string[] = [];
  const files: MemberFile[] = [];
  for (const m of c.objects('volumeMounts')) {
    const name = m.requiredString('name');
    const target = m.requiredString('mountPath');
    const readOnly = m.bool('readOnly') ?? false;
    const subPath = m.string('subPath');
    m.done();
    const v = volumes.get(name) ?? m.fail('name', `no volume named "${name}" in spec.volumes (or of a kind Wharf does not support)`);
    if (v.kind === 'files') {
      // subPath: that one file at mountPath itself (as kube generate mounts a Compose config), the directory around it left alone.
      if (subPath !== undefined) files.push(...v.files.filter((f) => f.path === subPath).map((f) => ({ ...f, path: target })));
      else for (const f of v.files) files.push({ path: `${target.replace(/\/+$/, '')}/${f.path}`, content: f.content, mode: f.mode });
      continue;
    }
    if (subPath !== undefined) m.fail('subPath', 'supported for configMap and secret volumes only');
    const ro = readOnly || v.readOnly;
    // A hostPath is a bind that creates a missing directory, as Kubernetes' DirectoryOrCreate (Docker's Binds do that).
    if (v.kind === 'bind') binds.push(`${v.source}:${target}${ro ? ':ro' : ''}`);
    else mounts.push({ Type: 'volume', Source: v.source, Target: target, ReadOnly: ro });
  }
  return { mounts, binds, files };
}

type ResourceHostConfig = Pick<HostConfig, 'Memory' | 'NanoCpus' | 'MemoryReservation' | 'CpuShares'>;

/** `resources`: limits are hard cgroup limits; requests a memory reservation and a CPU weight. */
function resources(c: Fields): ResourceHostConfig {
  const r = c.object('resources');
  if (!r) return {};
  const out: ResourceHostConfig = {};
  const quantity = (f: Fields, key: 'memory' | 'cpu'): number | undefined => {
    const text = f.string(key);
    if (text === undefined) return undefined;
    return (key === 'memory' ? memoryBytes(text) : nanoCpus(text)) ?? f.fail(key, `invalid quantity "${text}"`);
  };
  const lim = r.object('limits');
  if (lim) {
    out.Memory = quantity(lim, 'memory');
    out.NanoCpus = quantity(lim, 'cpu');
    lim.done();
  }
  const req = r.object('requests');
  if (req) {
    out.MemoryReservation = quantity(req, 'memory');
    const cpu = quantity(req, 'cpu');
    // As the kubelet turns a CPU request into cpu.shares: 1024 per CPU, at least 2.
    if (cpu !== undefined) out.CpuShares = Math.max(2, Math.round((cpu / 1e9) * 1024));
    req.done();
  }
  r.done();
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

/** Reads one member; its `ports` with a hostPort go to the pod's bindings. */
/** Kubernetes' DNS-1123 label: what a container's name must be. */
const LABEL_RE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;


function member(c: Fields, ctx: { podName: string; labels: Record<string, string>; restart: RestartPolicy | undefined; identity: PodIdentity; sources: EnvSources; volumes: ReadonlyMap<string, VolumeSource>; bindings: Record<string, PortBinding[]>; declared: Set<string>; stopTimeout: number | undefined; pod: PodFields }): PodMember {
  const name = c.requiredString('name');
  if (!LABEL_RE.test(name)) c.fail('name', `invalid name "${name}": lowercase letters, digits and '-'`);
  const image = c.requiredString('image');
  const command = c.strings('command');
  const args = c.strings('args');
  const workingDir = c.string('workingDir');
  const { env, podEnv } = containerEnv(c, ctx.sources, ctx.pod);
  for (const p of c.objects('ports')) {
    const containerPort = port(p, 'containerPort') ?? p.fail('containerPort', 'required');
    const protocol = (p.string('protocol') ?? 'TCP').toLowerCase();
    if (!['tcp', 'udp', 'sctp'].includes(protocol)) p.fail('protocol', `unsupported protocol "${protocol}"`);
    const hostPort = port(p, 'hostPort');
    const hostIP = p.string('hostIP');
    p.ignore('name');
    p.done();
    ctx.declared.add(`${containerPort}/${protocol}`);
    // As podman: only a port with a hostPort is published; containerPort alone only documents it.
    if (hostPort !== undefined) (ctx.bindings[`${containerPort}/${protocol}`] ??= []).push({ HostIp: hostIP ?? '', HostPort: String(hostPort) });
  }
  const { mounts, binds, files } = memberMounts(c, ctx.volumes);
  const hostLimits = resources(c);
  const security = containerSecurity(c, ctx.identity);
  const probes = containerProbes(c, ctx.restart?.Name);
  // Play uses the images the daemon has (a missing one fails the play): only `Always` asks for more.
  const pullPolicy = c.string('imagePullPolicy');
  if (pullPolicy === 'Always') c.warn('imagePullPolicy', 'Always is not honoured: the local image is used');
  else if (pullPolicy !== undefined && pullPolicy !== 'IfNotPresent' && pullPolicy !== 'Never') c.fail('imagePullPolicy', `unsupported value "${pullPolicy}": must be Always, IfNotPresent or Never`);
  c.done();
  const body: ContainerCreateRequest = {
    Image: image,
    // Kubernetes' command replaces the image's entrypoint (and so its CMD too), args its CMD.
    ...(command ? { Entrypoint: command } : {}),
    ...(args ? { Cmd: args } : {}),
    ...(workingDir ? { WorkingDir: workingDir } : {}),
    ...(probes.Healthcheck ? { Healthcheck: probes.Healthcheck } : {}),
    ...(ctx.stopTimeout !== undefined ? { StopTimeout: ctx.stopTimeout } : {}),
    ...(security.user ? { User: security.user } : {}),
    Env: env,
    // Annotations travel as labels (Docker has no annotations a client sees); the pod's own labels win a clash.
    Labels: { ...ctx.pod.annotations, ...ctx.labels, [POD_NAME_LABEL]: ctx.podName },
    HostConfig: {
      ...hostLimits,
      ...security.host,
      Mounts: mounts,
      Binds: binds,
      ...(ctx.restart ? { RestartPolicy: ctx.restart } : {}),
      ...(probes.HealthOnFailure ? { HealthOnFailure: probes.HealthOnFailure } : {}),
      ...(probes.ReadinessCheck ? { ReadinessCheck: probes.ReadinessCheck } : {}),
    },
  };
  return { name: `${ctx.podName}-${name}`, body, files, podEnv };
}

/**
 * The plan of pod `podName` from a pod template: `meta` is its metadata (labels),
 * `spec` its spec; `owner` the object that asks for it (`Pod`/`Deployment`, name).
 */
export function planPod(podName: string, meta: Fields | undefined, spec: Fields, owner: { kind: string; name: string; namespace: string }, sources: EnvSources): PodPlan {
  const ownLabels = meta?.stringMap('labels') ?? {};
  const labels = { ...ownLabels, ...kubeLabels(owner.kind, owner.name) };
  const annotations = meta?.stringMap('annotations') ?? {};
  const account = spec.string('serviceAccountName');
  const legacyAccount = spec.string('serviceAccount');
  const serviceAccountName = account ?? legacyAccount;
  if (serviceAccountName !== undefined) spec.warn(account !== undefined ? 'serviceAccountName' : 'serviceAccount', 'no service account token is mounted: the name is only what a fieldRef reads');
  const pod: PodFields = { name: podName, namespace: owner.namespace, labels: ownLabels, annotations, nodeName: spec.string('nodeName'), serviceAccountName: serviceAccountName ?? 'default' };
  const scratchVolumes: ScratchVolume[] = [];
  const volumes = podVolumes(spec, podName, scratchVolumes, sources);
  // Kubernetes' default, as podman plays it: a pod's containers come back unless the spec says otherwise.
  const policy = spec.string('restartPolicy') ?? 'Always';
  if (!(policy in RESTART)) spec.fail('restartPolicy', `unsupported value "${policy}": must be Always, OnFailure or Never`);
  const restart = { Name: RESTART[policy]! };
  const hostname = spec.string('hostname');
  const identity = podIdentity(spec);
  const network = spec.bool('hostNetwork') ? 'host' : undefined;
  const share = spec.bool('shareProcessNamespace') ? (['net', 'ipc', 'uts', 'pid'] as const) : undefined;
  const extraHosts = spec.objects('hostAliases').flatMap((a) => {
    const ip = a.requiredString('ip');
    const names = a.strings('hostnames') ?? [];
    a.done();
    return names.map((n) => `${n}:${ip}`);
  });
  const dnsConfig = spec.object('dnsConfig');
  const dns = dnsConfig?.strings('nameservers') ?? [];
  dnsConfig?.done();
  const bindings: Record<string, PortBinding[]> = {};
  // What a stop (and a failing liveness probe's restart) gives the process before SIGKILL.
  const grace = spec.int('terminationGracePeriodSeconds');
  if (grace !== undefined && grace < 0) spec.fail('terminationGracePeriodSeconds', 'must be greater than or equal to 0');
  const containers = spec.objects('containers');
  if (containers.length === 0) spec.fail('containers', 'required');
  const declared = new Set<string>();
  const memberCtx = { podName, labels, restart, identity, sources, volumes, bindings, declared, stopTimeout: grace, pod };
  // Init containers run once to completion: never restarted, and their ports are not the pod's.
  const initContainers = spec.objects('initContainers').map((c) => member(c, { ...memberCtx, restart: undefined, declared: new Set() }));
  const members = containers.map((c) => member(c, memberCtx));
  spec.done();
  return {
    name: podName,
    create: {
      Name: podName,
      Labels: labels,
      ...(hostname ? { Hostname: hostname } : {}),
      ...(network ? { Network: network } : {}),
      ...(share ? { Share: [...share] } : {}),
      PortBindings: bindings,
      ExtraHosts: extraHosts,
      Dns: dns,
    },
    initContainers,
    containers: members,
    scratchVolumes,
    containerPorts: [...declared],
  };
}

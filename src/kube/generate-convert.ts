/**
 * `kube generate`'s pure half: inspected containers (with their images'
 * configs) as Kubernetes objects, in podman 4.3's shape: a Pod (or a
 * Deployment's, DaemonSet's or Job's template), a PersistentVolumeClaim per named
 * volume, the ConfigMaps and Secrets of the files it was given and, on
 * request, a NodePort Service for the published ports. Only what the user set
 * is written: what the image already says (env, command, workdir) is left out.
 */
import { TCP_HEALTH_TEST, type ContainerInspect, type MountPoint, type PortBinding } from '../apitypes/containers.js';
import type { ImageInspect } from '../apitypes/images.js';
import { fileMount, type FileObjects, type GenFile } from './generate-files.js';
import { securityContext } from './generate-security.js';
import { restartPolicy, workload, type WorkloadType } from './generate-workload.js';
import { KUBE_VOLUME_ANNOTATION } from './labels.js';

type ImageConfig = ImageInspect['Config'];
type Obj = Record<string, unknown>;

/** One member as read through the API. */
export interface GenContainer {
  /** Its name in the pod (before sanitizing). */
  name: string;
  inspect: ContainerInspect;
  image: ImageConfig;
  /** Files it was given (Compose's configs and secrets), written as ConfigMaps and Secrets. */
  files?: GenFile[];
}

/** A pod to write: a Wharf pod, or the containers named on the command line. */
export interface GenPod {
  name: string;
  labels: Record<string, string>;
  /** Published ports: the pod infra's, or a lone container's own. */
  portBindings: Record<string, PortBinding[] | null>;
  containers: GenContainer[];
  /** Set only where it differs from the pod's name. */
  hostname?: string;
  hostNetwork?: boolean;
  /** Docker's `name:ip`. */
  extraHosts?: string[];
  dns?: string[];
  sharePid?: boolean;
  /** Its own kind and replica count (a Compose service's: a Deployment of its running containers), over the options'. */
  type?: WorkloadType;
  replicas?: number;
  /** Ports it listens on unpublished (`80/tcp`), listed as `containerPort`s. */
  exposed?: string[];
  /** Reached by its name from other pods: a headless Service of that name selects it. */
  byName?: boolean;
}

export interface GenOptions {
  type: WorkloadType;
  replicas: number;
  service: boolean;
}

export interface GenResult {
  objects: Obj[];
  warnings: string[];
}

const LABEL_MAX = 63;

/** A DNS-1123 label from any name (`My_App.1` → `my-app-1`), as a pod, container or port name must be. */
export function dnsLabel(name: string, fallback = 'x'): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, LABEL_MAX)
    .replace(/-+$/, '');
  return s || fallback;
}

/** A DNS-1123 subdomain (dots kept), as an object's metadata.name must be. */
export function dnsSubdomain(name: string): string {
  const parts = name.toLowerCase().split('.').map((p) => dnsLabel(p, ''));
  return parts.filter(Boolean).join('.').slice(0, 253).replace(/[-.]+$/, '') || 'x';
}

// Kubernetes' label key (optional DNS prefix, a name) and value rules.
const LABEL_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)$/;
const LABEL_PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function validLabel(key: string, value: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (prefix !== undefined && (prefix.length > 253 || !LABEL_PREFIX.test(prefix))) return false;
  return LABEL_NAME.test(name) && (value === '' || LABEL_NAME.test(value));
}

function sameList(a: readonly string[] | null | undefined, b: readonly string[] | null | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

function list(v: string[] | string | null | undefined): string[] {
  if (v === null || v === undefined) return [];
  return typeof v === 'string' ? [v] : v;
}

/** Docker's Entrypoint/Cmd as command/args, only where they differ from the image's. */
function commandArgs(c: GenContainer): Obj {
  const entrypoint = list(c.inspect.Config.Entrypoint);
  const cmd = list(c.inspect.Config.Cmd);
  const image = c.image ?? {};
  if (!sameList(entrypoint, list(image.Entrypoint))) {
    // An emptied entrypoint: the command line is the whole of Cmd.
    if (entrypoint.length === 0) return cmd.length > 0 ? { command: cmd } : {};
    return { command: entrypoint, ...(cmd.length > 0 ? { args: cmd } : {}) };
  }
  return sameList(cmd, list(image.Cmd)) || cmd.length === 0 ? {} : { args: cmd };
}

/** The env the user set: entries the image's config does not already hold. */
function env(c: GenContainer): Obj[] {
  const fromImage = new Set(c.image?.Env ?? []);
  return (c.inspect.Config.Env ?? [])
    .filter((e) => !fromImage.has(e))
    .map((e) => {
      const eq = e.indexOf('=');
      return eq < 0 ? { name: e, value: '' } : { name: e.slice(0, eq), value: e.slice(eq + 1) };
    });
}

interface Published {
  containerPort: number;
  hostPort?: number;
  hostIP?: string;
  protocol: string;
}

function published(bindings: Record<string, PortBinding[] | null>): Published[] {
  const out: Published[] = [];
  for (const [key, list] of Object.entries(bindings)) {
    const [port, proto = 'tcp'] = key.split('/');
    const containerPort = Number(port);
    for (const b of list ?? [{}]) {
      const hostPort = b.HostPort ? Number(b.HostPort) : undefined;
      const hostIP = b.HostIp && b.HostIp !== '0.0.0.0' && b.HostIp !== '::' ? b.HostIp : undefined;
      out.push({ containerPort, protocol: proto.toUpperCase(), ...(hostPort ? { hostPort } : {}), ...(hostIP ? { hostIP } : {}) });
    }
  }
  return out;
}

/** Limits only: Docker has no request that means what Kubernetes' does. */
function resources(c: GenContainer): Obj | undefined {
  const h = c.inspect.HostConfig;
  const limits: Record<string, string> = {};
  if (h.Memory) limits.memory = String(h.Memory);
  const period = h.CpuPeriod || 100_000;
  const milli = h.NanoCpus ? Math.round(h.NanoCpus / 1e6) : h.CpuQuota && h.CpuQuota > 0 ? Math.round((h.CpuQuota / period) * 1000) : 0;
  if (milli > 0) limits.cpu = `${milli}m`;
  return Object.keys(limits).length > 0 ? { limits } : undefined;
}

const SECOND = 1e9;

/** A check as a probe (Docker's durations are nanoseconds): commands as exec, Wharf's TCP check as tcpSocket. */
function probeOf(hc: ContainerInspect['Config']['Healthcheck']): Obj | undefined {
  const test = hc?.Test ?? [];
  const [kind, ...rest] = test;
  const tcp = kind === TCP_HEALTH_TEST && rest.length === 1 ? /^(?:\[?(.+?)\]?:)?(\d+)$/.exec(rest[0]!) : undefined;
  let probe: Obj;
  if (kind === 'CMD' && rest.length > 0) probe = { exec: { command: rest } };
  else if (kind === 'CMD-SHELL' && rest.length > 0) probe = { exec: { command: ['/bin/sh', '-c', rest.join(' ')] } };
  else if (tcp) probe = { tcpSocket: { ...(tcp[1] ? { host: tcp[1] } : {}), port: Number(tcp[2]) } };
  else return undefined;
  const secs = (ns: number | undefined): number | undefined => (ns ? Math.max(1, Math.round(ns / SECOND)) : undefined);
  const fields: Array<[string, number | undefined]> = [
    ['initialDelaySeconds', secs(hc?.StartPeriod)],
    ['periodSeconds', secs(hc?.Interval)],
    ['timeoutSeconds', secs(hc?.Timeout)],
    ['failureThreshold', hc?.Retries || undefined],
  ];
  for (const [k, v] of fields) if (v !== undefined) probe[k] = v;
  return probe;
}

/** A hostPath volume's name, podman's way: the path's slashes as dashes, suffixed `-host`. */
function hostPathVolumeName(path: string): string {
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  return `${dnsLabel(trimmed === '' ? 'root' : trimmed.replace(/\//g, '-'), 'root').slice(0, LABEL_MAX - 5).replace(/-+$/, '')}-host`;
}

const ANONYMOUS = /^[0-9a-f]{64}$/;

interface PodVolumes {
  volumes: Map<string, Obj>;
  /** Claim name → the Docker volume's name. */
  claims: Map<string, string>;
  objects: FileObjects;
  warnings: string[];
}

/** `name`, or `name-2`, `-3`… where sanitizing made two different sources' names the same. */
function uniqueVolumeName(volumes: ReadonlyMap<string, Obj>, name: string, source: Obj): string {
  const same = (n: string): boolean => JSON.stringify({ ...volumes.get(n), name: undefined }) === JSON.stringify({ ...source, name: undefined });
  let candidate = name;
  for (let n = 2; volumes.has(candidate) && !same(candidate); n++) candidate = `${name.slice(0, LABEL_MAX - 4)}-${n}`;
  return candidate;
}

/** A mount as a volumeMount, registering the pod volume it needs. */
function volumeMount(m: MountPoint, pv: PodVolumes): Obj | undefined {
  let name: string;
  let source: Obj;
  if (m.Type === 'volume' && m.Name && !ANONYMOUS.test(m.Name)) {
    name = `${dnsLabel(m.Name).slice(0, LABEL_MAX - 4).replace(/-+$/, '')}-pvc`;
    const claimName = dnsSubdomain(m.Name);
    if (claimName !== m.Name) pv.warnings.push(`volume "${m.Name}" is not a valid Kubernetes name, claimed as "${claimName}"`);
    source = { persistentVolumeClaim: { claimName } };
    pv.claims.set(claimName, m.Name);
  } else if (m.Type === 'volume' || m.Type === 'tmpfs') {
    // Anonymous volumes live as long as their container: a pod's scratch space.
    name = dnsLabel(`scratch-${m.Destination}`);
    source = m.Type === 'tmpfs' ? { emptyDir: { medium: 'Memory' } } : { emptyDir: {} };
  } else if (m.Type === 'bind') {
    name = hostPathVolumeName(m.Source);
    source = { hostPath: { path: m.Source } };
  } else return undefined;
  name = uniqueVolumeName(pv.volumes, name, source);
  pv.volumes.set(name, { name, ...source });
  return { name, mountPath: m.Destination, ...(m.RW ? {} : { readOnly: true }) };
}

/** A given file as a ConfigMap or Secret volume mounted at its path. */
function fileVolumeMount(f: GenFile, pv: PodVolumes): Obj {
  const name = dnsSubdomain(f.source);
  const { volume, mount } = fileMount(f, name, `${dnsLabel(f.source).slice(0, LABEL_MAX - 7).replace(/-+$/, '')}-${f.kind === 'Secret' ? 'secret' : 'cm'}`, pv.objects, pv.warnings);
  const volumeName = uniqueVolumeName(pv.volumes, volume.name as string, volume);
  pv.volumes.set(volumeName, { ...volume, name: volumeName });
  return { ...mount, name: volumeName };
}

function container(c: GenContainer, ports: Published[], pv: PodVolumes): Obj {
  const cfg = c.inspect.Config;
  const envs = env(c);
  const files = c.files ?? [];
  // A file given from the host is also a bind mount: its ConfigMap or Secret stands for it.
  const given = new Set(files.map((f) => f.path));
  const mounts = [
    ...(c.inspect.Mounts ?? []).filter((m) => !given.has(m.Destination)).map((m) => volumeMount(m, pv)),
    ...files.map((f) => fileVolumeMount(f, pv)),
  ].filter((m): m is Obj => m !== undefined);
  const res = resources(c);
  const probe = probeOf(c.inspect.Config.Healthcheck);
  const readiness = probeOf(c.inspect.HostConfig.ReadinessCheck ?? undefined);
  const workdir = cfg.WorkingDir && cfg.WorkingDir !== (c.image?.WorkingDir ?? '') ? cfg.WorkingDir : undefined;
  const security = securityContext(c.inspect, pv.warnings);
  return {
    name: dnsLabel(c.name),
    image: cfg.Image,
    ...commandArgs(c),
    ...(envs.length > 0 ? { env: envs } : {}),
    ...(workdir ? { workingDir: workdir } : {}),
    ...(ports.length > 0 ? { ports } : {}),
    ...(res ? { resources: res } : {}),
    ...(probe ? { livenessProbe: probe } : {}),
    ...(readiness ? { readinessProbe: readiness } : {}),
    ...(security ? { securityContext: security } : {}),
    ...(mounts.length > 0 ? { volumeMounts: mounts } : {}),
    ...(cfg.Tty ? { tty: true } : {}),
    ...(cfg.OpenStdin ? { stdin: true } : {}),
  };
}

/** The labels of the pod: `app: <name>` (the Service's selector) and the user's own, valid ones. */
function podLabels(pod: GenPod, warnings: string[]): Record<string, string> {
  const out: Record<string, string> = { app: dnsLabel(pod.name) };
  for (const [k, v] of Object.entries(pod.labels)) {
    if (k.startsWith('io.wharf.') || k === 'app') continue;
    if (validLabel(k, v)) out[k] = v;
    else warnings.push(`label "${k}" of ${pod.name} is not a valid Kubernetes label, left out`);
  }
  return out;
}

/** The first member's ports: the published ones, then those it only listens on. */
function podPorts(pod: GenPod, warnings: string[]): Published[] {
  const ports = published(pod.portBindings);
  for (const p of ports) {
    if (p.hostPort === undefined) warnings.push(`${pod.name}: port ${p.containerPort}/${p.protocol.toLowerCase()} is published on a host port Docker picks: Kubernetes has none such, written as a containerPort only`);
  }
  for (const key of pod.exposed ?? []) {
    const [port, proto = 'tcp'] = key.split('/');
    const p = { containerPort: Number(port), protocol: proto.toUpperCase() };
    if (!ports.some((q) => q.containerPort === p.containerPort && q.protocol === p.protocol)) ports.push(p);
  }
  return ports;
}

function podSpec(pod: GenPod, pv: PodVolumes, type: WorkloadType, warnings: string[]): Obj {
  const ports = podPorts(pod, warnings);
  // As podman: the pod's published ports are listed on its first container.
  const containers = pod.containers.map((c, i) => container(c, i === 0 ? ports : [], pv));
  const names = new Set<string>();
  for (const c of containers) {
    let name = c.name as string;
    for (let n = 2; names.has(name); n++) name = `${(c.name as string).slice(0, LABEL_MAX - 4)}-${n}`;
    c.name = name;
    names.add(name);
  }
  const policy = restartPolicy(type, pod.containers[0]?.inspect.HostConfig.RestartPolicy, pod.name, warnings);
  return {
    ...(policy ? { restartPolicy: policy } : {}),
    ...podNetwork(pod),
    containers,
    ...(pv.volumes.size > 0 ? { volumes: [...pv.volumes.values()] } : {}),
  };
}

/** The pod-wide settings: hostname, host network, shared PID namespace, /etc/hosts entries and DNS servers. */
function podNetwork(pod: GenPod): Obj {
  const byIp = new Map<string, string[]>();
  for (const entry of pod.extraHosts ?? []) {
    const colon = entry.indexOf(':');
    if (colon <= 0) continue;
    const ip = entry.slice(colon + 1);
    byIp.set(ip, [...(byIp.get(ip) ?? []), entry.slice(0, colon)]);
  }
  const dns = pod.dns ?? [];
  return {
    ...(pod.hostname ? { hostname: dnsLabel(pod.hostname) } : {}),
    ...(pod.hostNetwork ? { hostNetwork: true } : {}),
    ...(pod.sharePid ? { shareProcessNamespace: true } : {}),
    ...(byIp.size > 0 ? { hostAliases: [...byIp].map(([ip, hostnames]) => ({ ip, hostnames })) } : {}),
    ...(dns.length > 0 ? { dnsConfig: { nameservers: dns } } : {}),
  };
}

/** A claim; where its name is not the volume's (`proj_data`), an annotation names the volume for `kube play`. */
function claim(name: string, volume: string): Obj {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, ...(volume !== name ? { annotations: { [KUBE_VOLUME_ANNOTATION]: volume } } : {}) },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  };
}

const NODE_PORTS = { min: 30000, max: 32767 };

function servicePort(p: Published): Obj {
  return { name: `${p.containerPort}-${p.protocol.toLowerCase()}`, port: p.containerPort, targetPort: p.containerPort, protocol: p.protocol };
}

/** A NodePort Service for the published ports; a hostPort in the node port range is kept as the nodePort. */
function nodePortService(name: string, app: string, ports: Published[]): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, labels: { app } },
    spec: {
      type: 'NodePort',
      selector: { app },
      ports: ports.map((p) => ({ ...servicePort(p), ...(p.hostPort && p.hostPort >= NODE_PORTS.min && p.hostPort <= NODE_PORTS.max ? { nodePort: p.hostPort } : {}) })),
    },
  };
}

/**
 * A headless Service: its name resolves to the selected pods' own addresses, as a Compose
 * service's name does on its network, and as `kube play` answers every Service.
 */
function headlessService(name: string, app: string, ports: Published[]): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, labels: { app } },
    spec: { clusterIP: 'None', selector: { app }, ...(ports.length > 0 ? { ports: ports.map(servicePort) } : {}) },
  };
}

/**
 * The objects for `pods`: claims, ConfigMaps and Secrets first (a cluster must have them
 * before the pods), then each workload and its Services.
 */
export function generate(pods: readonly GenPod[], o: GenOptions): GenResult {
  const warnings: string[] = [];
  const claims = new Map<string, string>();
  const objects: FileObjects = new Map();
  const workloads: Obj[] = [];
  for (const pod of pods) {
    const pv: PodVolumes = { volumes: new Map(), claims, objects, warnings };
    const name = dnsSubdomain(pod.name);
    if (name !== pod.name) warnings.push(`"${pod.name}" is not a valid Kubernetes name, written as "${name}"`);
    const labels = podLabels(pod, warnings);
    const type = pod.type ?? o.type;
    const spec = podSpec(pod, pv, type, warnings);
    const retries = pod.containers[0]?.inspect.HostConfig.RestartPolicy?.MaximumRetryCount;
    const replicas = pod.replicas ?? o.replicas;
    if (type === 'deployment' && replicas > 1) {
      for (const p of published(pod.portBindings)) if (p.hostPort) warnings.push(`${pod.name}: on one node only one of its ${replicas} replicas can publish host port ${p.hostPort}`);
    }
    workloads.push(workload(type, name, labels, spec, { replicas, retries }, warnings));
    if (pod.byName) {
      const serviceName = dnsLabel(pod.name);
      if (serviceName !== pod.name) warnings.push(`${pod.name}: reached by name as "${serviceName}", the Service's name`);
      workloads.push(headlessService(serviceName, labels.app!, podPorts({ ...pod, portBindings: {} }, [])));
    }
    if (o.service) {
      const ports = published(pod.portBindings).filter((p) => p.hostPort !== undefined);
      if (ports.length > 0) workloads.push(nodePortService(pod.byName ? `${name}-published` : name, labels.app!, ports));
      else warnings.push(`${pod.name} publishes no ports: no Service written for it`);
    }
  }
  return { objects: [...[...claims].map(([name, volume]) => claim(name, volume)), ...objects.values(), ...workloads], warnings };
}

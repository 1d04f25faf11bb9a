/**
 * A service as a `POST /containers/create` body: the Compose keys mapped onto
 * Config, HostConfig and NetworkingConfig as Compose v2 maps them, with the
 * labels that let the next `up` recognise the container.
 */
import type { ContainerCreateRequest, EndpointSettings, HostConfig, MountSpec, PortBinding } from '../../apitypes/containers.js';
import type { HealthConfig } from '../../oci/image.js';
import { invalidArgument } from '../../errdefs/index.js';
import { LABELS, type HealthCheckConfig, type Project, type ServiceConfig, type ServiceNetworkConfig } from '../types.js';
import { projectLabels } from './labels.js';
import { serviceImage } from './naming.js';
import { durationMs } from './durations.js';
import { objectDefinition, objectTarget } from './injected-files.js';

export interface ContainerIdentity {
  number: number;
  name: string;
  hash: string;
  oneoff?: boolean;
  /** The image id the container was made from, kept to notice a rebuilt or re-pulled image. */
  imageId?: string;
}

export interface SpecContext {
  /** The name of a service's first container, for `network_mode: service:x`, links and the like. */
  containerOf(service: string): string;
  /** Anonymous volumes of the container this one replaces, kept as v2 keeps them. */
  inherited?: MountSpec[];
}

const ns = (spec: string | undefined): number | undefined => (spec === undefined ? undefined : Math.round(durationMs(spec) * 1e6));

function healthcheck(h: HealthCheckConfig | undefined): HealthConfig | undefined {
  if (!h) return undefined;
  if (h.disable) return { Test: ['NONE'] };
  return { Test: h.test, Interval: ns(h.interval), Timeout: ns(h.timeout), StartPeriod: ns(h.start_period), StartInterval: ns(h.start_interval), Retries: h.retries };
}

function environment(s: ServiceConfig): string[] {
  return Object.entries(s.environment ?? {})
    .filter((e): e is [string, string] => e[1] !== null)
    .map(([k, v]) => `${k}=${v}`);
}

function portKey(target: number | string, protocol: string): string {
  return `${target}/${protocol}`;
}

function ports(s: ServiceConfig): { exposed: Record<string, object>; bindings: Record<string, PortBinding[]> } {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, PortBinding[]> = {};
  for (const e of s.expose ?? []) {
    const [port, proto = 'tcp'] = e.split('/');
    exposed[portKey(port!, proto)] = {};
  }
  for (const p of s.ports ?? []) {
    const key = portKey(p.target, p.protocol);
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: p.host_ip ?? '', HostPort: p.published ?? '' });
  }
  return { exposed, bindings };
}

/** Volumes as Mounts; short-syntax binds that may create their host path go as Binds, which do. */
function mounts(project: Project, s: ServiceConfig, inherited: MountSpec[]): { mounts: MountSpec[]; binds: string[] } {
  const out: MountSpec[] = [];
  const binds: string[] = [];
  for (const v of s.volumes ?? []) {
    if (v.type === 'bind') {
      if (v.bind?.create_host_path) binds.push(`${v.source}:${v.target}${v.read_only ? ':ro' : ''}`);
      else out.push({ Type: 'bind', Source: v.source, Target: v.target, ReadOnly: v.read_only, BindOptions: v.bind?.propagation ? { Propagation: v.bind.propagation } : undefined });
    } else if (v.type === 'volume') {
      const source = v.source === undefined ? undefined : (project.volumes[v.source]?.name ?? v.source);
      out.push({ Type: 'volume', Source: source, Target: v.target, ReadOnly: v.read_only, VolumeOptions: v.volume?.nocopy ? { NoCopy: true } : undefined });
    } else if (v.type === 'tmpfs') {
      out.push({ Type: 'tmpfs', Target: v.target, TmpfsOptions: v.tmpfs ? { SizeBytes: v.tmpfs.size, Mode: v.tmpfs.mode } : undefined });
    } else {
      throw invalidArgument(`service "${s.name}": volume type "${v.type}" is not supported by this engine`);
    }
  }
  const taken = new Set([...out.map((m) => m.Target), ...binds.map((b) => b.split(':')[1])]);
  out.push(...inherited.filter((m) => !taken.has(m.Target)));
  // Secrets and configs with a file source are bound read-only where the spec puts them; others are copied in.
  for (const [kind, refs] of [['secret', s.secrets], ['config', s.configs]] as const) {
    for (const ref of refs ?? []) {
      const def = objectDefinition(project, s, kind, ref);
      if (def.file) out.push({ Type: 'bind', Source: def.file, Target: objectTarget(kind, ref), ReadOnly: true });
    }
  }
  return { mounts: out, binds };
}

/** The networks a service joins, in v2's order (priority, then name). */
export function serviceNetworks(s: ServiceConfig): Array<[string, ServiceNetworkConfig | null]> {
  if (s.network_mode) return [];
  const entries = Object.entries(s.networks ?? { default: null });
  return entries.sort(([a, x], [b, y]) => (y?.priority ?? 0) - (x?.priority ?? 0) || a.localeCompare(b));
}

function networking(project: Project, s: ServiceConfig, id: ContainerIdentity, ctx: SpecContext): { mode: string; endpoints: Record<string, EndpointSettings> } {
  const mode = s.network_mode;
  if (mode) return { mode: mode.startsWith('service:') ? `container:${ctx.containerOf(mode.slice('service:'.length))}` : mode, endpoints: {} };
  const endpoints: Record<string, EndpointSettings> = {};
  const list = serviceNetworks(s);
  for (const [key, cfg] of list) {
    const net = project.networks[key];
    if (!net) throw invalidArgument(`service "${s.name}" refers to undefined network ${key}: invalid compose project`);
    const ipam = cfg?.ipv4_address || cfg?.ipv6_address ? { IPv4Address: cfg.ipv4_address, IPv6Address: cfg.ipv6_address } : undefined;
    endpoints[net.name] = {
      Aliases: id.oneoff ? [...(cfg?.aliases ?? [])] : [s.name, ...(cfg?.aliases ?? [])],
      IPAMConfig: ipam,
      MacAddress: cfg?.mac_address,
      DriverOpts: cfg?.driver_opts,
    };
  }
  return { mode: list.length > 0 ? project.networks[list[0]![0]]!.name : 'none', endpoints };
}

function restartPolicy(s: ServiceConfig): HostConfig['RestartPolicy'] {
  const r = s.restart ?? (s.deploy?.restart_policy?.condition === 'any' ? 'always' : s.deploy?.restart_policy?.condition);
  if (!r || r === 'no' || r === 'none') return { Name: 'no' };
  const [name, count] = r.split(':');
  return { Name: name as 'always' | 'unless-stopped' | 'on-failure', MaximumRetryCount: count ? Number(count) : (s.deploy?.restart_policy?.max_attempts ?? 0) };
}

function dependsOnLabel(s: ServiceConfig): string {
  return Object.entries(s.depends_on ?? {})
    .map(([name, d]) => `${name}:${d.condition}:${d.restart ?? false}`)
    .join(',');
}

export function containerRequest(project: Project, s: ServiceConfig, id: ContainerIdentity, ctx: SpecContext): ContainerCreateRequest {
  const { exposed, bindings } = ports(s);
  const { mounts: mountList, binds } = mounts(project, s, ctx.inherited ?? []);
  const net = networking(project, s, id, ctx);
  const limits = s.deploy?.resources?.limits;
  const reservations = s.deploy?.resources?.reservations;
  const cpus = s.cpus ?? limits?.cpus;
  const labels: Record<string, string> = {
    ...(s.labels ?? {}),
    ...projectLabels(project),
    [LABELS.service]: s.name,
    [LABELS.containerNumber]: String(id.number),
    [LABELS.oneoff]: id.oneoff ? 'True' : 'False',
    [LABELS.configHash]: id.hash,
    [LABELS.dependsOn]: dependsOnLabel(s),
  };
  if (id.imageId) labels[LABELS.image] = id.imageId;
  const linkOf = (l: string): string => {
    const [svc, alias = svc] = l.split(':');
    return `${ctx.containerOf(svc!)}:${alias}`;
  };
  const host: HostConfig = {
    NetworkMode: net.mode,
    PortBindings: bindings,
    Mounts: mountList,
    Binds: binds,
    RestartPolicy: restartPolicy(s),
    Tmpfs: s.tmpfs ? Object.fromEntries(s.tmpfs.map((t) => { const [p, o = ''] = t.split(':'); return [p!, o]; })) : undefined,
    CapAdd: s.cap_add,
    CapDrop: s.cap_drop,
    SecurityOpt: s.security_opt,
    Sysctls: s.sysctls,
    Ulimits: s.ulimits ? Object.entries(s.ulimits).map(([Name, u]) => ({ Name, Soft: u.soft, Hard: u.hard })) : undefined,
    Init: s.init,
    Privileged: s.privileged,
    ReadonlyRootfs: s.read_only,
    ExtraHosts: s.extra_hosts ? Object.entries(s.extra_hosts).flatMap(([h, ips]) => ips.map((ip) => `${h}:${ip}`)) : undefined,
    Dns: s.dns,
    DnsSearch: s.dns_search,
    DnsOptions: s.dns_opt,
    Memory: s.mem_limit ?? limits?.memory,
    MemoryReservation: s.mem_reservation ?? reservations?.memory,
    MemorySwap: s.memswap_limit,
    NanoCpus: cpus === undefined ? undefined : Math.round(cpus * 1e9),
    CpuShares: s.cpu_shares,
    PidsLimit: s.pids_limit ?? limits?.pids,
    ShmSize: s.shm_size,
    LogConfig: s.logging ? { Type: s.logging.driver ?? '', Config: s.logging.options ?? {} } : undefined,
    Links: s.links && !s.network_mode ? s.links.map(linkOf) : undefined,
    GroupAdd: s.group_add,
    IpcMode: s.ipc?.startsWith('service:') ? `container:${ctx.containerOf(s.ipc.slice(8))}` : s.ipc,
    PidMode: s.pid?.startsWith('service:') ? `container:${ctx.containerOf(s.pid.slice(8))}` : s.pid,
    Devices: s.devices?.map((d) => {
      const [PathOnHost = '', PathInContainer = PathOnHost, CgroupPermissions = 'rwm'] = d.split(':');
      return { PathOnHost, PathInContainer, CgroupPermissions };
    }),
  };
  return {
    Image: serviceImage(project, s),
    Cmd: s.command ?? undefined,
    Entrypoint: s.entrypoint ?? undefined,
    Env: environment(s),
    ExposedPorts: exposed,
    Labels: labels,
    Healthcheck: healthcheck(s.healthcheck),
    Tty: s.tty ?? false,
    OpenStdin: s.stdin_open ?? false,
    User: s.user,
    WorkingDir: s.working_dir,
    Hostname: s.hostname,
    Domainname: s.domainname,
    StopSignal: s.stop_signal,
    StopTimeout: s.stop_grace_period === undefined ? undefined : Math.round(durationMs(s.stop_grace_period) / 1000),
    HostConfig: host,
    NetworkingConfig: { EndpointsConfig: net.endpoints },
  };
}

/** Whether s's containers name changed's container by id (`service:` modes), so a recreated changed recreates them. */
export function pinsContainersOf(s: ServiceConfig, changed: string): boolean {
  return [s.network_mode, s.ipc, s.pid].includes(`service:${changed}`);
}

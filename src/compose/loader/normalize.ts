/**
 * One file's content in the long forms of types.ts: short syntax expanded,
 * lists of `K=V` as mappings, sizes in bytes, durations as Go prints them,
 * relative paths made absolute against the file's base directory. `!reset` and
 * `!override` stay on the keys that carry them, for the merge.
 */
import { invalidArgument } from '../../errdefs/index.js';
import type { DependsOnConfig, ServiceNetworkConfig, ServiceObjectRef, UlimitConfig } from '../types.js';
import { mapping, shellSplit, str, stringList, stringMapping, toBool, toDuration, toInt, toNumber, toSize } from './convert.js';
import { normalizePorts } from './ports.js';
import { hostPath, normalizeVolumes, type PathContext } from './volumes.js';
import { isYamlMap, Tagged, type Yaml, type YamlMap } from './yaml.js';

/** Canonical values are plain JSON data, so they stay `Yaml` for the merge. */
type Out = YamlMap;
type Fn = (v: Yaml, path: string) => unknown;

/** Sets out[key] from raw[key] through fn, keeping a `!reset`/`!override` tag around the result. */
function field(out: Out, raw: YamlMap, key: string, path: string, fn: Fn): void {
  if (!(key in raw)) return;
  const v = raw[key]!;
  const p = `${path}.${key}`;
  if (v instanceof Tagged) out[key] = new Tagged(v.tag, v.tag === 'reset' ? null : (fn(v.value, p) as Yaml));
  else out[key] = fn(v, p) as Yaml;
}

const asString: Fn = (v) => str(v);
const asStrings: Fn = (v) => stringList(v);
const asBool: Fn = (v, p) => toBool(v, p);
const asInt: Fn = (v, p) => toInt(v, p);
const asNumber: Fn = (v, p) => toNumber(v, p);
const asSize: Fn = (v, p) => toSize(v, p);
const asDuration: Fn = (v, p) => toDuration(v, p);
const asMapping: Fn = (v) => mapping(v);
const asStringMapping: Fn = (v) => stringMapping(v);

function command(v: Yaml, p: string): string[] | null {
  if (v === null) return null;
  return typeof v === 'string' ? shellSplit(v, p) : stringList(v);
}

/** `host:ip`, `host=ip` or `{host: ip | [ip…]}` → host → addresses. */
function extraHosts(v: Yaml): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const add = (host: string, ip: string): void => {
    (out[host] ??= []).push(ip);
  };
  if (Array.isArray(v)) {
    for (const item of v) {
      const s = str(item);
      const eq = s.indexOf('=');
      const i = eq >= 0 ? eq : s.indexOf(':');
      if (i >= 0) add(s.slice(0, i), s.slice(i + 1));
    }
  } else if (isYamlMap(v)) {
    for (const [host, ips] of Object.entries(v)) for (const ip of stringList(ips)) add(host, ip);
  }
  return out;
}

function build(v: Yaml, p: string, ctx: PathContext): Out {
  if (!isYamlMap(v)) return { context: contextPath(str(v), ctx) };
  const out: Out = {};
  field(out, v, 'context', p, (c) => contextPath(str(c), ctx));
  out.context ??= contextPath('.', ctx);
  for (const k of ['dockerfile', 'dockerfile_inline', 'target', 'network']) field(out, v, k, p, asString);
  field(out, v, 'args', p, asMapping);
  field(out, v, 'labels', p, asStringMapping);
  for (const k of ['cache_from', 'tags']) field(out, v, k, p, asStrings);
  field(out, v, 'extra_hosts', p, extraHosts);
  for (const k of ['no_cache', 'pull']) field(out, v, k, p, asBool);
  field(out, v, 'shm_size', p, asSize);
  return out;
}

/** A build context is a directory, or a remote (git, http) left as written. */
function contextPath(c: string, ctx: PathContext): string {
  return /^(https?:\/\/|git@|git:\/\/|github\.com\/)/.test(c) || c.includes('://') ? c : hostPath(c, ctx);
}

function networks(v: Yaml, p: string): Record<string, ServiceNetworkConfig | null> {
  if (Array.isArray(v)) return Object.fromEntries(v.map((n) => [str(n), null]));
  const out: Record<string, ServiceNetworkConfig | null> = {};
  for (const [name, cfg] of Object.entries(isYamlMap(v) ? v : {})) {
    if (!isYamlMap(cfg)) {
      out[name] = null;
      continue;
    }
    const n: Out = {};
    field(n, cfg, 'aliases', `${p}.${name}`, asStrings);
    for (const k of ['ipv4_address', 'ipv6_address', 'mac_address']) field(n, cfg, k, `${p}.${name}`, asString);
    field(n, cfg, 'link_local_ips', `${p}.${name}`, asStrings);
    field(n, cfg, 'driver_opts', `${p}.${name}`, asStringMapping);
    field(n, cfg, 'priority', `${p}.${name}`, asNumber);
    out[name] = n as ServiceNetworkConfig;
  }
  return out;
}

function dependsOn(v: Yaml, p: string): Record<string, DependsOnConfig> {
  if (Array.isArray(v)) return Object.fromEntries(v.map((s) => [str(s), { condition: 'service_started', required: true }]));
  const out: Record<string, DependsOnConfig> = {};
  for (const [name, cfg] of Object.entries(isYamlMap(v) ? v : {})) {
    const c = isYamlMap(cfg) ? cfg : {};
    const condition = c.condition === undefined ? 'service_started' : str(c.condition);
    if (condition !== 'service_started' && condition !== 'service_healthy' && condition !== 'service_completed_successfully') {
      throw invalidArgument(`${p}.${name}.condition must be one of service_started, service_healthy, service_completed_successfully: "${condition}"`);
    }
    const d: DependsOnConfig = { condition, required: c.required === undefined ? true : toBool(c.required, `${p}.${name}.required`) };
    if (c.restart !== undefined) d.restart = toBool(c.restart, `${p}.${name}.restart`);
    out[name] = d;
  }
  return out;
}

function healthcheck(v: Yaml, p: string): Out {
  const raw = isYamlMap(v) ? v : {};
  const out: Out = {};
  field(out, raw, 'test', p, (t) => (typeof t === 'string' ? ['CMD-SHELL', t] : stringList(t)));
  for (const k of ['interval', 'timeout', 'start_period', 'start_interval'] as const) field(out, raw, k, p, asDuration);
  field(out, raw, 'retries', p, asInt);
  field(out, raw, 'disable', p, asBool);
  return out;
}

function resources(v: Yaml, p: string): Out {
  const raw = isYamlMap(v) ? v : {};
  const out: Out = {};
  field(out, raw, 'cpus', p, asNumber);
  field(out, raw, 'memory', p, asSize);
  field(out, raw, 'pids', p, asInt);
  return out;
}

function deploy(v: Yaml, p: string): Out {
  const raw = isYamlMap(v) ? v : {};
  const out: Out = {};
  field(out, raw, 'mode', p, asString);
  field(out, raw, 'replicas', p, asInt);
  field(out, raw, 'labels', p, asStringMapping);
  field(out, raw, 'resources', p, (r, rp) => {
    const res: Out = {};
    const rm = isYamlMap(r) ? r : {};
    field(res, rm, 'limits', rp, resources);
    field(res, rm, 'reservations', rp, resources);
    return res;
  });
  field(out, raw, 'restart_policy', p, (r, rp) => {
    const rm = isYamlMap(r) ? r : {};
    const rpOut: Out = {};
    field(rpOut, rm, 'condition', rp, asString);
    field(rpOut, rm, 'delay', rp, asDuration);
    field(rpOut, rm, 'max_attempts', rp, asInt);
    field(rpOut, rm, 'window', rp, asDuration);
    return rpOut;
  });
  return out;
}

function ulimits(v: Yaml, p: string): Record<string, UlimitConfig> {
  const out: Record<string, UlimitConfig> = {};
  for (const [name, l] of Object.entries(isYamlMap(v) ? v : {})) {
    if (isYamlMap(l)) out[name] = { soft: toInt(l.soft ?? null, `${p}.${name}.soft`), hard: toInt(l.hard ?? null, `${p}.${name}.hard`) };
    else {
      const n = toInt(l, `${p}.${name}`);
      out[name] = { soft: n, hard: n };
    }
  }
  return out;
}

function objectRefs(v: Yaml, p: string): ServiceObjectRef[] {
  return (Array.isArray(v) ? v : []).map((item, i) => {
    if (!isYamlMap(item)) return { source: str(item) };
    const ref: ServiceObjectRef = { source: str(item.source ?? null) };
    if (item.target !== undefined) ref.target = str(item.target);
    if (item.uid !== undefined) ref.uid = str(item.uid);
    if (item.gid !== undefined) ref.gid = str(item.gid);
    // A mode is octal: YAML's 0o440, or a string such as "0440".
    if (item.mode !== undefined) ref.mode = typeof item.mode === 'string' ? parseInt(item.mode, 8) : toNumber(item.mode, `${p}.${i}.mode`);
    return ref;
  });
}

function hook(v: Yaml, p: string): Out {
  const raw = isYamlMap(v) ? v : {};
  const out: Out = {};
  field(out, raw, 'command', p, command);
  field(out, raw, 'user', p, asString);
  field(out, raw, 'privileged', p, asBool);
  field(out, raw, 'working_dir', p, asString);
  field(out, raw, 'environment', p, asMapping);
  return out;
}

function devices(v: Yaml): string[] {
  return (Array.isArray(v) ? v : []).map((d) => (isYamlMap(d) ? [d.source, d.target ?? d.source, d.permissions].filter((x) => x !== undefined).map(str).join(':') : str(d)));
}

/** `env_file:` as `{path, required}` entries with absolute paths. */
function envFiles(v: Yaml, ctx: PathContext): Out[] {
  return (Array.isArray(v) ? v : [v]).map((e) =>
    isYamlMap(e) ? { path: hostPath(str(e.path ?? null), ctx), required: e.required === undefined ? true : toBool(e.required, 'env_file.required') } : { path: hostPath(str(e), ctx), required: true },
  );
}

function watch(v: Yaml, p: string, ctx: PathContext): Out[] {
  return (Array.isArray(v) ? v : []).map((w, i) => {
    const raw = isYamlMap(w) ? w : {};
    const out: Out = {};
    field(out, raw, 'path', `${p}.${i}`, (x) => hostPath(str(x), ctx));
    for (const k of ['action', 'target']) field(out, raw, k, `${p}.${i}`, asString);
    field(out, raw, 'ignore', `${p}.${i}`, asStrings);
    field(out, raw, 'exec', `${p}.${i}`, hook);
    return out;
  });
}

const STRING_KEYS = ['image', 'pull_policy', 'network_mode', 'restart', 'user', 'working_dir', 'hostname', 'domainname', 'container_name', 'ipc', 'pid', 'stop_signal'];
const STRING_LIST_KEYS = ['expose', 'tmpfs', 'cap_add', 'cap_drop', 'security_opt', 'links', 'external_links', 'dns', 'dns_search', 'dns_opt', 'group_add', 'profiles'];
const BOOL_KEYS = ['init', 'privileged', 'read_only', 'stdin_open', 'tty', 'attach'];
const SIZE_KEYS = ['mem_limit', 'mem_reservation', 'memswap_limit', 'shm_size'];

/** One service as this file declares it (maybe partially, in an override file). */
export function normalizeService(raw: YamlMap, path: string, ctx: PathContext): Out {
  const out: Out = {};
  for (const k of STRING_KEYS) field(out, raw, k, path, asString);
  for (const k of STRING_LIST_KEYS) field(out, raw, k, path, asStrings);
  for (const k of BOOL_KEYS) field(out, raw, k, path, asBool);
  for (const k of SIZE_KEYS) field(out, raw, k, path, asSize);
  field(out, raw, 'build', path, (v, p) => build(v, p, ctx));
  field(out, raw, 'command', path, command);
  field(out, raw, 'entrypoint', path, command);
  field(out, raw, 'environment', path, asMapping);
  field(out, raw, 'env_file', path, (v) => envFiles(v, ctx));
  field(out, raw, 'ports', path, normalizePorts);
  field(out, raw, 'volumes', path, (v, p) => normalizeVolumes(v, p, ctx));
  field(out, raw, 'networks', path, networks);
  field(out, raw, 'depends_on', path, dependsOn);
  field(out, raw, 'healthcheck', path, healthcheck);
  field(out, raw, 'deploy', path, deploy);
  field(out, raw, 'scale', path, asInt);
  field(out, raw, 'cpus', path, asNumber);
  field(out, raw, 'cpu_shares', path, asInt);
  field(out, raw, 'pids_limit', path, asInt);
  field(out, raw, 'labels', path, asStringMapping);
  field(out, raw, 'logging', path, (v, p) => {
    const l = isYamlMap(v) ? v : {};
    const o: Out = {};
    field(o, l, 'driver', p, asString);
    field(o, l, 'options', p, asStringMapping);
    return o;
  });
  field(out, raw, 'sysctls', path, asStringMapping);
  field(out, raw, 'ulimits', path, ulimits);
  field(out, raw, 'stop_grace_period', path, asDuration);
  field(out, raw, 'extra_hosts', path, extraHosts);
  field(out, raw, 'devices', path, devices);
  field(out, raw, 'secrets', path, objectRefs);
  field(out, raw, 'configs', path, objectRefs);
  field(out, raw, 'post_start', path, (v, p) => (Array.isArray(v) ? v.map((h, i) => hook(h, `${p}.${i}`)) : []));
  field(out, raw, 'pre_stop', path, (v, p) => (Array.isArray(v) ? v.map((h, i) => hook(h, `${p}.${i}`)) : []));
  field(out, raw, 'develop', path, (v, p) => {
    const d = isYamlMap(v) ? v : {};
    const o: Out = {};
    field(o, d, 'watch', p, (w, wp) => watch(w, wp, ctx));
    return o;
  });
  // extends is resolved right after, against this file; a file reference becomes absolute for it.
  field(out, raw, 'extends', path, (v) => (isYamlMap(v) ? { service: str(v.service ?? null), ...(v.file !== undefined ? { file: hostPath(str(v.file), ctx) } : {}) } : { service: str(v) }));
  const extensions = Object.entries(raw).filter(([k]) => k.startsWith('x-'));
  if (extensions.length > 0) out.extensions = Object.fromEntries(extensions);
  return out;
}

function external(v: Yaml, p: string): { external?: boolean; name?: string } {
  // The legacy `external: {name: x}` names the object.
  if (isYamlMap(v)) return { external: true, ...(v.name !== undefined ? { name: str(v.name) } : {}) };
  return { external: toBool(v, p) };
}

/** A top-level network, volume, secret or config as this file declares it. */
export function normalizeResource(raw: Yaml, path: string, ctx: PathContext): Out {
  const r = isYamlMap(raw) ? raw : {};
  const out: Out = {};
  for (const k of ['name', 'driver', 'environment', 'content']) field(out, r, k, path, asString);
  field(out, r, 'file', path, (v) => hostPath(str(v), ctx));
  field(out, r, 'driver_opts', path, asStringMapping);
  field(out, r, 'labels', path, asStringMapping);
  for (const k of ['internal', 'attachable', 'enable_ipv6']) field(out, r, k, path, asBool);
  if ('external' in r) {
    const e = external(r.external instanceof Tagged ? r.external.value : r.external!, `${path}.external`);
    out.external = e.external ?? false;
    if (e.name !== undefined && out.name === undefined) out.name = e.name;
  }
  field(out, r, 'ipam', path, (v) => {
    const ipam = isYamlMap(v) ? v : {};
    const o: Out = {};
    if (ipam.driver !== undefined) o.driver = str(ipam.driver);
    if (Array.isArray(ipam.config)) o.config = ipam.config.map((c) => (isYamlMap(c) ? { ...c } : {}));
    if (ipam.options !== undefined) o.options = stringMapping(ipam.options);
    return o;
  });
  return out;
}

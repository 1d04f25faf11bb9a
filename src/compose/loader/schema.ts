/**
 * The Compose Specification's schema, as much of it as Wharf reads, checked
 * on each file once interpolated. Errors are worded as compose-go words its
 * schema errors: `validating <file>: services.web additional properties 'foo' not allowed`,
 * `services.web.ports.1 must be a string or number`.
 */
import { invalidArgument } from '../../errdefs/index.js';
import { isYamlMap, Tagged, type Yaml } from './yaml.js';

type Scalar = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'any';
interface ObjSpec {
  obj: Record<string, Spec>;
  /** The spec of keys not listed; absent: none allowed (but `x-` keys always are). */
  extra?: Spec;
}
interface ListSpec {
  list: Spec;
}
interface OneOf {
  oneOf: Spec[];
}
type Spec = Scalar | ObjSpec | ListSpec | OneOf;

const S: Spec = 'string';
const I: Spec = 'integer';
const B: Spec = 'boolean';
const N: Spec = 'number';
const ANY: Spec = 'any';
const list = (items: Spec): ListSpec => ({ list: items });
const obj = (props: Record<string, Spec>, extra?: Spec): ObjSpec => ({ obj: props, extra });
const oneOf = (...alts: Spec[]): OneOf => ({ oneOf: alts });
const nullable = (s: Spec): Spec => oneOf(s, 'null');
const SN = oneOf(S, N);
const STRINGS = list(S);
const STRING_OR_LIST = oneOf(S, STRINGS);
const LIST_OR_DICT = oneOf(obj({}, oneOf(S, N, B, 'null')), STRINGS);
const SIZE = oneOf(S, I);
const EXTRA_HOSTS = oneOf(obj({}, oneOf(S, STRINGS)), STRINGS);

const HOOK = obj({ command: STRING_OR_LIST, user: S, privileged: B, working_dir: S, environment: LIST_OR_DICT });
const RESOURCES = obj({ cpus: SN, memory: SIZE, pids: I, devices: ANY, generic_resources: ANY });

/** Keys the spec defines that a single-host engine cannot honour or Wharf does not yet: accepted, then ignored with a warning. */
export const IGNORED_SERVICE_KEYS = [
  'annotations', 'blkio_config', 'cgroup', 'cgroup_parent', 'cpu_count', 'cpu_percent', 'cpu_period', 'cpu_quota', 'cpu_rt_period',
  'cpu_rt_runtime', 'cpuset', 'credential_spec', 'device_cgroup_rules', 'gpus', 'isolation', 'label_file', 'mac_address', 'mem_swappiness',
  'models', 'oom_kill_disable', 'oom_score_adj', 'platform', 'provider', 'runtime', 'storage_opt', 'use_api_socket', 'userns_mode', 'uts',
  'volumes_from',
];

const SERVICE = obj({
  build: oneOf(S, obj({
    context: S, dockerfile: S, dockerfile_inline: S, args: LIST_OR_DICT, target: S, cache_from: STRINGS, cache_to: STRINGS, tags: STRINGS,
    labels: LIST_OR_DICT, network: S, extra_hosts: EXTRA_HOSTS, no_cache: B, pull: B, shm_size: SIZE, ssh: ANY, secrets: ANY,
    additional_contexts: ANY, platforms: STRINGS, privileged: B, isolation: S, entitlements: STRINGS, ulimits: ANY,
  })),
  image: S,
  pull_policy: S,
  command: nullable(STRING_OR_LIST),
  entrypoint: nullable(STRING_OR_LIST),
  environment: LIST_OR_DICT,
  env_file: oneOf(S, list(oneOf(S, obj({ path: S, required: B, format: S })))),
  ports: list(oneOf(N, S, obj({ name: S, mode: S, host_ip: S, target: oneOf(I, S), published: oneOf(S, I), protocol: S, app_protocol: S }))),
  expose: list(SN),
  volumes: list(oneOf(S, obj({
    type: S, source: S, target: S, read_only: B, consistency: S,
    bind: obj({ propagation: S, create_host_path: B, selinux: S, recursive: S }),
    volume: obj({ nocopy: B, subpath: S, labels: LIST_OR_DICT }),
    tmpfs: obj({ size: SIZE, mode: oneOf(N, S) }),
    image: obj({ subpath: S }),
  }))),
  tmpfs: STRING_OR_LIST,
  networks: oneOf(STRINGS, obj({}, nullable(obj({
    aliases: STRINGS, ipv4_address: S, ipv6_address: S, link_local_ips: STRINGS, mac_address: S, driver_opts: obj({}, SN), priority: N, gw_priority: N, interface_name: S,
  })))),
  network_mode: S,
  depends_on: oneOf(STRINGS, obj({}, obj({ condition: S, required: B, restart: B }))),
  healthcheck: obj({ test: STRING_OR_LIST, interval: S, timeout: S, retries: N, start_period: S, start_interval: S, disable: B }),
  restart: S,
  deploy: nullable(obj({
    mode: S, replicas: I, labels: LIST_OR_DICT, endpoint_mode: S,
    resources: obj({ limits: RESOURCES, reservations: RESOURCES }),
    restart_policy: obj({ condition: S, delay: S, max_attempts: I, window: S }),
    placement: ANY, update_config: ANY, rollback_config: ANY,
  })),
  scale: I,
  cpus: SN, cpu_shares: SN, mem_limit: SIZE, mem_reservation: SIZE, memswap_limit: SIZE, pids_limit: SN, shm_size: SIZE,
  user: S, working_dir: S, hostname: S, domainname: S, container_name: S,
  labels: LIST_OR_DICT,
  logging: obj({ driver: S, options: nullable(obj({}, nullable(SN))) }),
  init: B, privileged: B, read_only: B, stdin_open: B, tty: B,
  cap_add: STRINGS, cap_drop: STRINGS, security_opt: STRINGS,
  sysctls: LIST_OR_DICT,
  ulimits: obj({}, oneOf(I, S, obj({ soft: I, hard: I }))),
  stop_signal: S, stop_grace_period: S,
  links: STRINGS, external_links: STRINGS,
  extra_hosts: EXTRA_HOSTS,
  dns: STRING_OR_LIST, dns_search: STRING_OR_LIST, dns_opt: STRINGS,
  devices: list(oneOf(S, obj({ source: S, target: S, permissions: S }))),
  group_add: list(SN),
  ipc: S, pid: nullable(S),
  secrets: list(oneOf(S, obj({ source: S, target: S, uid: S, gid: S, mode: oneOf(N, S) }))),
  configs: list(oneOf(S, obj({ source: S, target: S, uid: S, gid: S, mode: oneOf(N, S) }))),
  attach: B,
  post_start: list(HOOK),
  pre_stop: list(HOOK),
  develop: obj({ watch: list(obj({ path: S, action: S, target: S, ignore: STRING_OR_LIST, include: STRING_OR_LIST, initial_sync: B, exec: HOOK })) }),
  profiles: STRINGS,
  extends: oneOf(S, obj({ service: S, file: S })),
  ...Object.fromEntries(IGNORED_SERVICE_KEYS.map((k) => [k, ANY])),
});

const EXTERNAL = oneOf(B, obj({ name: S }));
const NETWORK = nullable(obj({
  name: S, driver: S, driver_opts: obj({}, SN), external: EXTERNAL, internal: B, attachable: B, enable_ipv4: B, enable_ipv6: B, labels: LIST_OR_DICT,
  ipam: obj({ driver: S, config: list(obj({ subnet: S, ip_range: S, gateway: S, aux_addresses: obj({}, S) })), options: obj({}, S) }),
}));
const VOLUME = nullable(obj({ name: S, driver: S, driver_opts: obj({}, SN), external: EXTERNAL, labels: LIST_OR_DICT }));
const FILE_OBJECT = obj({ name: S, file: S, environment: S, content: S, external: EXTERNAL, labels: LIST_OR_DICT, driver: S, driver_opts: obj({}, SN), template_driver: S });
const INCLUDE = list(oneOf(S, obj({ path: STRING_OR_LIST, env_file: STRING_OR_LIST, project_directory: S })));

const COMPOSE = obj({
  version: S, name: S, include: INCLUDE,
  services: obj({}, nullable(SERVICE)),
  networks: obj({}, NETWORK),
  volumes: obj({}, VOLUME),
  secrets: obj({}, FILE_OBJECT),
  configs: obj({}, FILE_OBJECT),
});

function typeOf(v: Yaml): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  if (isYamlMap(v)) return 'mapping';
  return typeof v;
}

/** Strings stand for numbers and booleans once interpolated (`${PORT}`), as compose-go casts them. */
function scalarMatches(spec: Scalar, v: Yaml): boolean {
  switch (spec) {
    case 'any':
      return true;
    case 'null':
      return v === null;
    case 'string':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean' || (typeof v === 'string' && /^(y|yes|true|on|n|no|false|off)$/i.test(v));
    case 'integer':
      return (typeof v === 'number' && Number.isInteger(v)) || (typeof v === 'string' && /^[-+]?\d+$/.test(v.trim()));
    case 'number':
      return typeof v === 'number' || (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)));
  }
}

function specName(spec: Spec): string[] {
  if (typeof spec === 'string') return spec === 'any' ? [] : [spec];
  if ('obj' in spec) return ['mapping'];
  if ('list' in spec) return ['list'];
  return spec.oneOf.flatMap(specName);
}

function mustBe(spec: Spec): string {
  const names = [...new Set(specName(spec))];
  const head = names.slice(0, -1).join(', ');
  const text = head === '' ? names[0]! : `${head} or ${names[names.length - 1]}`;
  return `must be ${/^[aeiou]/.test(text) ? 'an' : 'a'} ${text}`;
}

function fail(path: string[], message: string): never {
  throw new SchemaError(`${path.length === 0 ? '(root)' : path.join('.')} ${message}`);
}

class SchemaError extends Error {}

function check(v: Yaml, spec: Spec, path: string[]): void {
  if (v instanceof Tagged) {
    // `!reset` takes any value (it is dropped); `!override` replaces with a value of the usual type.
    if (v.tag === 'override') check(v.value, spec, path);
    return;
  }
  if (typeof spec === 'string') {
    if (!scalarMatches(spec, v)) fail(path, mustBe(spec));
    return;
  }
  if ('oneOf' in spec) {
    const kind = typeOf(v);
    const alt =
      spec.oneOf.find((s) => typeof s === 'string' && scalarMatches(s, v)) ??
      spec.oneOf.find((s) => (kind === 'mapping' && typeof s === 'object' && 'obj' in s) || (kind === 'list' && typeof s === 'object' && 'list' in s)) ??
      spec.oneOf.find((s) => typeof s === 'object' && 'oneOf' in s && specName(s).includes(kind));
    if (!alt) fail(path, mustBe(spec));
    check(v, alt, path);
    return;
  }
  if ('list' in spec) {
    if (!Array.isArray(v)) fail(path, mustBe(spec));
    v.forEach((item, i) => check(item, spec.list, [...path, String(i)]));
    return;
  }
  if (!isYamlMap(v)) fail(path, mustBe(spec));
  for (const [key, item] of Object.entries(v)) {
    const s = spec.obj[key] ?? (key.startsWith('x-') ? ANY : spec.extra);
    if (!s) fail(path, `additional properties '${key}' not allowed`);
    check(item, s, [...path, key]);
  }
}

/** Checks one file's (interpolated) content against the schema; `file` names it in the error. */
export function validateFile(content: Yaml, file: string): void {
  try {
    check(content, COMPOSE, []);
  } catch (err) {
    if (err instanceof SchemaError) throw invalidArgument(`validating ${file}: ${err.message}`);
    throw err;
  }
}

/**
 * The normalized Compose project: what the loader produces (files parsed, merged,
 * `include`d, `extends` resolved, interpolated, short syntax expanded, profiles applied)
 * and what every command consumes. Its JSON is `compose config --format json`, the
 * shape Docker Compose v2 (compose-go) prints, so field names follow the spec's keys.
 * Durations are kept as the spec's strings (`1m30s`); sizes and byte values are numbers
 * of bytes once normalized.
 */

export interface Project {
  name: string;
  /** Absolute; relative paths in the files are resolved against it. */
  workingDir: string;
  /** Absolute paths of the files given with -f (or found), in order. */
  configFiles: string[];
  services: Record<string, ServiceConfig>;
  networks: Record<string, NetworkConfig>;
  volumes: Record<string, VolumeConfig>;
  secrets: Record<string, FileObjectConfig>;
  configs: Record<string, FileObjectConfig>;
  /** Services left out by the active profiles (still known to `down`, `--remove-orphans`). */
  disabledServices: Record<string, ServiceConfig>;
  /** The profiles in effect (`--profile`, COMPOSE_PROFILES). */
  profiles: string[];
  /** The environment interpolation used (process env over .env / --env-file). */
  environment: Record<string, string>;
  /** Top-level `x-` keys, kept for `config`. */
  extensions?: Record<string, unknown>;
}

export interface BuildConfig {
  context: string;
  dockerfile?: string;
  dockerfile_inline?: string;
  args?: Record<string, string | null>;
  target?: string;
  cache_from?: string[];
  tags?: string[];
  labels?: Record<string, string>;
  network?: string;
  extra_hosts?: Record<string, string[]>;
  no_cache?: boolean;
  pull?: boolean;
  shm_size?: number;
}

export interface PortConfig {
  name?: string;
  mode: 'ingress' | 'host';
  host_ip?: string;
  /** The container port. */
  target: number;
  /** A host port or range (`8080`, `8080-8090`); absent means a random port. */
  published?: string;
  protocol: 'tcp' | 'udp' | 'sctp';
  app_protocol?: string;
}

export interface ServiceVolumeConfig {
  type: 'volume' | 'bind' | 'tmpfs' | 'npipe' | 'cluster' | 'image';
  /** Volume name (top-level key, before the project prefix) or absolute host path. */
  source?: string;
  target: string;
  read_only?: boolean;
  consistency?: string;
  bind?: { propagation?: string; create_host_path?: boolean; selinux?: 'z' | 'Z' };
  volume?: { nocopy?: boolean; subpath?: string };
  tmpfs?: { size?: number; mode?: number };
}

export interface DependsOnConfig {
  condition: 'service_started' | 'service_healthy' | 'service_completed_successfully';
  required: boolean;
  restart?: boolean;
}

export interface HealthCheckConfig {
  /** `["NONE"]`, `["CMD", …]` or `["CMD-SHELL", "…"]`. */
  test?: string[];
  interval?: string;
  timeout?: string;
  retries?: number;
  start_period?: string;
  start_interval?: string;
  disable?: boolean;
}

export interface ServiceNetworkConfig {
  aliases?: string[];
  ipv4_address?: string;
  ipv6_address?: string;
  link_local_ips?: string[];
  mac_address?: string;
  driver_opts?: Record<string, string>;
  priority?: number;
}

export interface ResourceSpec {
  cpus?: number;
  memory?: number;
  pids?: number;
}

export interface DeployConfig {
  mode?: 'replicated' | 'global';
  replicas?: number;
  labels?: Record<string, string>;
  resources?: { limits?: ResourceSpec; reservations?: ResourceSpec };
  restart_policy?: { condition?: 'none' | 'on-failure' | 'any'; delay?: string; max_attempts?: number; window?: string };
}

export interface UlimitConfig {
  soft: number;
  hard: number;
}

export interface LoggingConfig {
  driver?: string;
  options?: Record<string, string>;
}

export interface ServiceObjectRef {
  source: string;
  target?: string;
  uid?: string;
  gid?: string;
  mode?: number;
}

export interface ServiceHook {
  command: string[];
  user?: string;
  privileged?: boolean;
  working_dir?: string;
  environment?: Record<string, string | null>;
}

export interface WatchRule {
  path: string;
  action: 'sync' | 'rebuild' | 'sync+restart' | 'restart' | 'sync+exec';
  target?: string;
  ignore?: string[];
  exec?: ServiceHook;
}

export interface ServiceConfig {
  name: string;
  profiles?: string[];
  build?: BuildConfig;
  image?: string;
  pull_policy?: 'always' | 'never' | 'missing' | 'build' | 'if_not_present';
  command?: string[] | null;
  entrypoint?: string[] | null;
  /** `null` values mean "from the environment, unset if absent" and are dropped once resolved. */
  environment?: Record<string, string | null>;
  ports?: PortConfig[];
  expose?: string[];
  volumes?: ServiceVolumeConfig[];
  tmpfs?: string[];
  /** Absent means the project's `default` network (unless network_mode is set). */
  networks?: Record<string, ServiceNetworkConfig | null>;
  network_mode?: string;
  depends_on?: Record<string, DependsOnConfig>;
  healthcheck?: HealthCheckConfig;
  restart?: string;
  deploy?: DeployConfig;
  scale?: number;
  cpus?: number;
  cpu_shares?: number;
  mem_limit?: number;
  mem_reservation?: number;
  memswap_limit?: number;
  pids_limit?: number;
  shm_size?: number;
  user?: string;
  working_dir?: string;
  hostname?: string;
  domainname?: string;
  container_name?: string;
  labels?: Record<string, string>;
  logging?: LoggingConfig;
  init?: boolean;
  privileged?: boolean;
  read_only?: boolean;
  stdin_open?: boolean;
  tty?: boolean;
  cap_add?: string[];
  cap_drop?: string[];
  security_opt?: string[];
  sysctls?: Record<string, string>;
  ulimits?: Record<string, UlimitConfig>;
  stop_signal?: string;
  stop_grace_period?: string;
  links?: string[];
  external_links?: string[];
  extra_hosts?: Record<string, string[]>;
  dns?: string[];
  dns_search?: string[];
  dns_opt?: string[];
  devices?: string[];
  group_add?: string[];
  ipc?: string;
  pid?: string;
  secrets?: ServiceObjectRef[];
  configs?: ServiceObjectRef[];
  /** `attach: false` keeps the service's logs out of `up`'s stream. */
  attach?: boolean;
  post_start?: ServiceHook[];
  pre_stop?: ServiceHook[];
  develop?: { watch?: WatchRule[] };
  extensions?: Record<string, unknown>;
}

export interface IpamPool {
  subnet?: string;
  ip_range?: string;
  gateway?: string;
  aux_addresses?: Record<string, string>;
}

export interface NetworkConfig {
  /** The engine's name: `${project}_${key}` unless `name` or `external` says otherwise. */
  name: string;
  driver?: string;
  driver_opts?: Record<string, string>;
  ipam?: { driver?: string; config?: IpamPool[]; options?: Record<string, string> };
  external?: boolean;
  internal?: boolean;
  attachable?: boolean;
  enable_ipv6?: boolean;
  labels?: Record<string, string>;
}

export interface VolumeConfig {
  /** The engine's name: `${project}_${key}` unless `name` or `external` says otherwise. */
  name: string;
  driver?: string;
  driver_opts?: Record<string, string>;
  external?: boolean;
  labels?: Record<string, string>;
}

/** A top-level secret or config: from a file, an environment variable or inline content. */
export interface FileObjectConfig {
  name: string;
  file?: string;
  environment?: string;
  content?: string;
  external?: boolean;
  labels?: Record<string, string>;
}

/** Compose v2's labels on every object it creates. */
export const LABELS = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  containerNumber: 'com.docker.compose.container-number',
  oneoff: 'com.docker.compose.oneoff',
  configHash: 'com.docker.compose.config-hash',
  workingDir: 'com.docker.compose.project.working_dir',
  configFiles: 'com.docker.compose.project.config_files',
  environmentFile: 'com.docker.compose.project.environment_file',
  dependsOn: 'com.docker.compose.depends_on',
  version: 'com.docker.compose.version',
  network: 'com.docker.compose.network',
  volume: 'com.docker.compose.volume',
  image: 'com.docker.compose.image',
  replace: 'com.docker.compose.replace',
} as const;

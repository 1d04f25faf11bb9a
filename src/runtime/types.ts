/**
 * The contract between the engine and the container runtime (runc driven
 * through one conmon shim per container). The engine decides *what* to run
 * (merged config, resolved user, mounts, network namespace); the runtime turns
 * that into an OCI bundle and drives the processes.
 *
 * Ids are the engine's 64-hex container ids (exec ids for exec sessions).
 */
import type { Readable, Writable } from 'node:stream';
import type { ContainerStats, ContainerTopResponse } from '../apitypes/containers.js';
import type { LinuxDevice, LinuxDeviceCgroup, LinuxResources, Process, Spec } from '../oci/runtime-spec.js';
import type { SeccompProfile } from './seccomp-custom.js';

// ---------------------------------------------------------------- spec input

/** How a namespace is provided: a fresh one, the host's, or an existing one by path (/proc/<pid>/ns/net, /run/netns/x). */
export type NamespaceMode = { type: 'private' } | { type: 'host' } | { type: 'path'; path: string };

export interface SpecMount {
  destination: string;
  /** 'bind' (source is a host path) or 'tmpfs'. */
  type: 'bind' | 'tmpfs';
  source?: string;
  readonly?: boolean;
  /** Extra mount(8) options: 'rprivate', 'nosuid', 'size=64m', 'mode=1777' … */
  options?: string[];
}

/** Facts about the daemon's host that the spec must respect; from `hostFacts()`. */
export interface HostFacts {
  /** Capability names (CAP_*) in the daemon's bounding set: the ceiling for privileged containers. */
  boundingCaps: string[];
  /** Hard limits of the daemon process, keyed by OCI rlimit type (RLIMIT_NOFILE …); Infinity = unlimited. */
  hardRlimits: Record<string, number>;
  /** uname -r; a few seccomp rules depend on it. */
  kernelRelease: string;
  /** memory.memsw.* exists: memory+swap limits can be set. */
  swapLimit: boolean;
  /** blkio.weight (or the BFQ scheduler's blkio.bfq.weight) exists: --blkio-weight can be applied. */
  blkioWeight?: boolean;
  /** /sys/fs/cgroup is cgroup2 alone (no v1 hierarchies). */
  cgroup2?: boolean;
  /** Where the v1 `name=systemd` hierarchy is mounted (cgroup v1 and hybrid hosts). */
  systemdCgroupMount?: string;
}

/** Docker-style resource knobs (HostConfig units: bytes, CPU shares, nano CPUs …). */
export interface ResourceInput {
  memory?: number;
  memoryReservation?: number;
  /** Memory + swap; -1 = unlimited. */
  memorySwap?: number;
  memorySwappiness?: number;
  oomKillDisable?: boolean;
  cpuShares?: number;
  cpuQuota?: number;
  cpuPeriod?: number;
  /** --cpus × 1e9; becomes quota/period (period 100ms). */
  nanoCpus?: number;
  cpusetCpus?: string;
  cpusetMems?: string;
  /** <= 0 means unlimited, as Docker treats it; undefined leaves it alone. */
  pidsLimit?: number;
  blkioWeight?: number;
}

export interface SpecInput {
  id: string;
  /** Absolute path of the mounted root filesystem. */
  rootfs: string;
  readonlyRootfs?: boolean;
  /** The final argv (entrypoint + cmd), before any --init prefix. */
  args: string[];
  env: string[];
  cwd: string;
  /** Already resolved (see resolveUser in ./user.ts). */
  user: ResolvedUser;
  hostname: string;
  domainname?: string;
  tty: boolean;
  /** Initial console size for tty containers. */
  consoleSize?: { height: number; width: number };
  namespaces: {
    network: NamespaceMode;
    pid?: NamespaceMode;
    ipc?: NamespaceMode;
    /** --ipc none: a private IPC namespace without /dev/shm. */
    ipcNone?: boolean;
    /** Default host, as Docker's default on cgroup v1; 'private' gives the container its own cgroup namespace. */
    cgroup?: NamespaceMode;
    uts?: NamespaceMode;
  };
  capAdd?: string[];
  capDrop?: string[];
  privileged?: boolean;
  noNewPrivileges?: boolean;
  /** 'unconfined' drops the profile (security-opt seccomp=unconfined), a profile replaces Docker's. Privileged always runs unconfined. */
  seccomp?: 'default' | 'unconfined' | SeccompProfile;
  /** Overrides Docker's defaults when given (HostConfig.MaskedPaths / ReadonlyPaths). */
  maskedPaths?: string[];
  readonlyPaths?: string[];
  /** Binds, volumes and --tmpfs mounts, already resolved to host paths; they win over default mounts at the same destination. */
  mounts?: SpecMount[];
  /** Host files bind-mounted over /etc/hostname, /etc/hosts, /etc/resolv.conf. */
  etcFiles?: { hostname?: string; hosts?: string; resolvConf?: string };
  /** /dev/shm size in bytes (default 64 MiB). */
  shmSize?: number;
  /**
   * Device nodes to create (--device, from devicesFromHost in ./devices.ts;
   * for --privileged pass hostDevices()). Their cgroup rules go in deviceRules.
   */
  devices?: LinuxDevice[];
  deviceRules?: LinuxDeviceCgroup[];
  /** --device-cgroup-rule lines: 'c 1:3 rwm', 'b *:* r'. */
  deviceCgroupRules?: string[];
  resources?: ResourceInput;
  /** --ulimit; checked against host.hardRlimits. Names as Docker: nofile, nproc … */
  ulimits?: Array<{ name: string; soft: number; hard: number }>;
  sysctls?: Record<string, string>;
  oomScoreAdj?: number;
  /** Host path of a tini binary: mounted at /sbin/docker-init and prepended (`--init`). */
  initPath?: string;
  /** cgroupfs parent; default '/wharf'. The container cgroup is `<parent>/<id>`. */
  cgroupParent?: string;
  annotations?: Record<string, string>;
  /** systemd as PID 1 (the engine's --systemd decision); see ./systemd-spec.ts for what it changes. */
  systemd?: SystemdInput;
  host: HostFacts;
}

export interface SystemdInput {
  /** PID 1's `container_uuid` (the engine writes the same as /etc/machine-id). */
  uuid: string;
}

export interface ResolvedUser {
  uid: number;
  gid: number;
  additionalGids: number[];
}

// ---------------------------------------------------------------- runtime

export interface RuntimeOptions {
  /** Per-daemon state dir, e.g. /run/wharf. runc --root, conmon sockets, exit files and pid files live below it. */
  execRoot: string;
  runcPath?: string;
  conmonPath?: string;
  /** conmon --log-level (default 'error'). */
  conmonLogLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Upper bound for every wait on an external process (default 30 s). */
  timeoutMs?: number;
}

export interface CreateOptions {
  /** Directory where config.json is written; conmon's ctl/winsz fifos also live here. */
  bundleDir: string;
  spec: Spec;
  tty: boolean;
  openStdin: boolean;
  stdinOnce: boolean;
  /** conmon k8s-file log; undefined = no log (--log-driver none). */
  logPath?: string;
  /** Rotation of the log: conmon cuts it, log-rotation.ts keeps the cut files. */
  logRotation?: LogRotation;
}

export interface LogRotation {
  /** Bytes, Docker's max-size. */
  maxSize: number;
  /** Docker's max-file. */
  maxFiles: number;
}

export type RuntimeStatus = 'creating' | 'created' | 'running' | 'paused' | 'stopped';

export interface RuntimeState {
  status: RuntimeStatus;
  /** 0 when stopped. */
  pid: number;
  bundle: string;
}

export interface ExitStatus {
  /** 128+signal when killed by a signal, as Docker reports. */
  exitCode: number;
  exitedAt: Date;
  /** The same to the nanosecond, when known (conmon's exit file). */
  exitedAtNs?: bigint;
  oomKilled: boolean;
}

export interface StdioChunk {
  stream: 'stdout' | 'stderr';
  data: Buffer;
}

/** A live connection to a process's stdio through conmon's attach socket. */
export interface StdioSession {
  /** Present when stdin was asked for; end() closes the process's stdin only if the process was created with stdinOnce (containers) or always (exec). */
  readonly stdin?: Writable;
  /** Ends when the process's stdio closes or close() is called. */
  readonly output: Readable & AsyncIterable<StdioChunk>;
  close(): void;
}

export interface AttachOptions {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
}

export interface ExecOptions {
  tty: boolean;
  /** Keep stdin open (AttachStdin). */
  stdin: boolean;
  /** No attach: output is discarded, the session only has `exited`. */
  detach: boolean;
  consoleSize?: { height: number; width: number };
}

export interface ExecSession {
  pid: number;
  /** undefined when detached. */
  stdio?: StdioSession;
  resize(size: { height: number; width: number }): Promise<void>;
  readonly exited: Promise<ExitStatus>;
}

/** Everything of `GET /containers/{id}/stats` that comes from the kernel. */
export type RuntimeStats = Omit<ContainerStats, 'read' | 'preread' | 'name' | 'id' | 'precpu_stats'>;

export interface Runtime {
  /** runc create via conmon; resolves with the container init pid once `created`. Throws StartFailure on runc errors. */
  create(id: string, opts: CreateOptions): Promise<{ pid: number }>;
  start(id: string): Promise<void>;
  /** signal: number or name ('SIGTERM', 'TERM', '15'); all = every process in the container. */
  kill(id: string, signal: number | string, all?: boolean): Promise<void>;
  pause(id: string): Promise<void>;
  resume(id: string): Promise<void>;
  /** runc delete (force kills first) and removal of this container's conmon/exit/socket files. Not-found is not an error. */
  delete(id: string, opts?: { force?: boolean }): Promise<void>;
  /** undefined when runc does not know the container. */
  state(id: string): Promise<RuntimeState | undefined>;
  /** Resolves when the container's init exits; works for containers created by an earlier daemon. */
  waitExit(id: string, opts?: { signal?: AbortSignal }): Promise<ExitStatus>;
  attach(id: string, opts: AttachOptions): Promise<StdioSession>;
  closeStdin(id: string): Promise<void>;
  resize(id: string, size: { height: number; width: number }): Promise<void>;
  /** Runs `process` inside the container; `execId` names the session's files. */
  exec(id: string, execId: string, process: Process, opts: ExecOptions): Promise<ExecSession>;
  update(id: string, resources: LinuxResources): Promise<void>;
  stats(id: string): Promise<RuntimeStats>;
  pids(id: string): Promise<number[]>;
  top(id: string, psArgs?: string): Promise<ContainerTopResponse>;
  /** Stop watching for exits (daemon shutdown); containers keep running. */
  close(): void;
}

// ---------------------------------------------------------------- logs

export interface LogEntry {
  stream: 'stdout' | 'stderr';
  time: Date;
  /** The same instant in UTC RFC3339Nano, full precision, as `docker logs -t` prints it. */
  timestamp: string;
  /** Full line including the trailing '\n' when the process wrote one. */
  data: Buffer;
}

export interface ReadLogsOptions {
  follow?: boolean;
  /** Unix seconds, 0/undefined = unbounded. */
  since?: number;
  until?: number;
  tail?: number | 'all';
  stdout?: boolean;
  stderr?: boolean;
  /** When following: stop once this settles and the file has been drained. */
  stopped?: Promise<unknown>;
  signal?: AbortSignal;
}

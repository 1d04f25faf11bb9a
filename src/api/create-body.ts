/**
 * Type checks of container create and update bodies, as Go's JSON decoder makes
 * them in dockerd: a value of the wrong JSON type, or a number its Go integer type
 * cannot hold (`1e300`, `2^70`, `1.5`, a negative uint), is a 400 naming the
 * field, before anything looks the image up (so `{"Image": 5}` is not a missing
 * image) and before anything is stored.
 */
import { invalidArgument } from '../errdefs/index.js';
import { fitsGoInt, type GoInt } from './go-types.js';
import { numberLiteral } from './json-numbers.js';

type Scalar = 'string' | 'bool' | '[]string' | 'strslice' | 'map[string]string' | 'object';

/** A Go struct: its name as Go's error message gives it (the innermost struct) and its JSON fields. */
interface GoStruct {
  name: string;
  goType: string;
  fields: Record<string, GoField>;
}

type GoField = Scalar | GoInt | GoStruct | { sliceOf: GoInt | GoStruct };

const RESTART_POLICY: GoStruct = { name: 'RestartPolicy', goType: 'container.RestartPolicy', fields: { Name: 'string', MaximumRetryCount: 'int' } };
const ULIMIT: GoStruct = { name: 'Ulimit', goType: 'units.Ulimit', fields: { Name: 'string', Hard: 'int64', Soft: 'int64' } };
const THROTTLE_DEVICE: GoStruct = { name: 'ThrottleDevice', goType: 'blkiodev.ThrottleDevice', fields: { Path: 'string', Rate: 'uint64' } };
const WEIGHT_DEVICE: GoStruct = { name: 'WeightDevice', goType: 'blkiodev.WeightDevice', fields: { Path: 'string', Weight: 'uint16' } };

const HEALTH_CONFIG: GoStruct = {
  name: 'HealthConfig',
  goType: 'container.HealthConfig',
  fields: { Test: '[]string', Interval: 'time.Duration', Timeout: 'time.Duration', StartPeriod: 'time.Duration', StartInterval: 'time.Duration', Retries: 'int' },
};

/** container.Resources: embedded in HostConfig and UpdateConfig, so its fields are theirs. */
const RESOURCES: Record<string, GoField> = {
  CgroupParent: 'string',
  CpusetCpus: 'string',
  CpusetMems: 'string',
  Memory: 'int64',
  MemorySwap: 'int64',
  MemoryReservation: 'int64',
  MemorySwappiness: 'int64',
  KernelMemory: 'int64',
  KernelMemoryTCP: 'int64',
  NanoCpus: 'int64',
  CpuShares: 'int64',
  CpuPeriod: 'int64',
  CpuQuota: 'int64',
  CpuRealtimePeriod: 'int64',
  CpuRealtimeRuntime: 'int64',
  CpuCount: 'int64',
  CpuPercent: 'int64',
  PidsLimit: 'int64',
  IOMaximumIOps: 'uint64',
  IOMaximumBandwidth: 'uint64',
  BlkioWeight: 'uint16',
  BlkioWeightDevice: { sliceOf: WEIGHT_DEVICE },
  BlkioDeviceReadBps: { sliceOf: THROTTLE_DEVICE },
  BlkioDeviceWriteBps: { sliceOf: THROTTLE_DEVICE },
  BlkioDeviceReadIOps: { sliceOf: THROTTLE_DEVICE },
  BlkioDeviceWriteIOps: { sliceOf: THROTTLE_DEVICE },
  Ulimits: { sliceOf: ULIMIT },
};

const HOST_CONFIG: GoStruct = {
  name: 'HostConfig',
  goType: 'container.HostConfig',
  fields: {
    ...RESOURCES,
    NetworkMode: 'string',
    IpcMode: 'string',
    PidMode: 'string',
    UTSMode: 'string',
    UsernsMode: 'string',
    CgroupnsMode: 'string',
    Runtime: 'string',
    Systemd: 'string',
    Privileged: 'bool',
    ReadonlyRootfs: 'bool',
    AutoRemove: 'bool',
    PublishAllPorts: 'bool',
    Init: 'bool',
    ShmSize: 'int64',
    OomScoreAdj: 'int',
    ConsoleSize: { sliceOf: 'uint' },
    Binds: '[]string',
    CapAdd: '[]string',
    CapDrop: '[]string',
    Dns: '[]string',
    DnsSearch: '[]string',
    DnsOptions: '[]string',
    ExtraHosts: '[]string',
    SecurityOpt: '[]string',
    VolumesFrom: '[]string',
    GroupAdd: '[]string',
    Links: '[]string',
    Tmpfs: 'map[string]string',
    Sysctls: 'map[string]string',
    PortBindings: 'object',
    RestartPolicy: RESTART_POLICY,
    LogConfig: 'object',
    // Wharf's extensions.
    HealthOnFailure: 'string',
    ReadinessCheck: HEALTH_CONFIG,
  },
};

const CONTAINER_CONFIG_WRAPPER: GoStruct = {
  name: 'ContainerConfigWrapper',
  goType: 'container.ContainerConfigWrapper',
  fields: {
    Hostname: 'string',
    Domainname: 'string',
    User: 'string',
    Image: 'string',
    WorkingDir: 'string',
    MacAddress: 'string',
    StopSignal: 'string',
    AttachStdin: 'bool',
    AttachStdout: 'bool',
    AttachStderr: 'bool',
    Tty: 'bool',
    OpenStdin: 'bool',
    StdinOnce: 'bool',
    NetworkDisabled: 'bool',
    StopTimeout: 'int',
    Env: '[]string',
    OnBuild: '[]string',
    Cmd: 'strslice',
    Entrypoint: 'strslice',
    Shell: 'strslice',
    Labels: 'map[string]string',
    ExposedPorts: 'object',
    Volumes: 'object',
    Healthcheck: HEALTH_CONFIG,
    HostConfig: HOST_CONFIG,
    NetworkingConfig: 'object',
  },
};

const UPDATE_CONFIG: GoStruct = {
  name: 'UpdateConfig',
  goType: 'container.UpdateConfig',
  fields: { ...RESOURCES, RestartPolicy: RESTART_POLICY },
};

const EXEC_CONFIG: GoStruct = {
  name: 'ExecOptions',
  goType: 'container.ExecOptions',
  fields: { User: 'string', Privileged: 'bool', Tty: 'bool', Detach: 'bool', DetachKeys: 'string', WorkingDir: 'string', ConsoleSize: { sliceOf: 'uint' }, Env: '[]string', Cmd: 'strslice' },
};

const EXEC_START_CHECK: GoStruct = {
  name: 'ExecStartCheck',
  goType: 'container.ExecStartOptions',
  fields: { Detach: 'bool', Tty: 'bool', ConsoleSize: { sliceOf: 'uint' } },
};

/** Wharf's own `POST /wharf/pods/create` body (apitypes/pods.ts). */
const POD_CREATE: GoStruct = {
  name: 'PodCreateRequest',
  goType: 'pods.PodCreateRequest',
  fields: {
    Name: 'string',
    Labels: 'map[string]string',
    Hostname: 'string',
    Network: 'string',
    PortBindings: 'object',
    Share: '[]string',
    ExtraHosts: '[]string',
    Dns: '[]string',
  },
};

function jsonTypeOf(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fitsScalar(type: Scalar, v: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof v === 'string';
    case 'bool':
      return typeof v === 'boolean';
    case '[]string':
      return Array.isArray(v) && v.every((s) => typeof s === 'string');
    case 'strslice':
      return typeof v === 'string' || (Array.isArray(v) && v.every((s) => typeof s === 'string'));
    case 'map[string]string':
      return isObject(v) && Object.values(v).every((s) => typeof s === 'string');
    case 'object':
      return isObject(v);
  }
}

function goTypeName(type: GoField): string {
  if (typeof type === 'string') return type === 'strslice' ? '[]string' : type;
  if ('sliceOf' in type) return `[]${goTypeName(type.sliceOf)}`;
  return type.goType;
}

const INT_TYPES: Record<GoInt, true> = { int: true, int64: true, uint: true, uint16: true, uint32: true, uint64: true, 'time.Duration': true };

const isGoInt = (type: string): type is GoInt => Object.hasOwn(INT_TYPES, type);

/** One walk of a decoded body; `root` and `path` find the literal of a number. */
class Decoder {
  constructor(private readonly root: object) {}

  private refuse(what: string, struct: GoStruct, fields: readonly string[], type: string): never {
    throw invalidArgument(`json: cannot unmarshal ${what} into Go struct field ${struct.name}.${fields.join('.')} of type ${type}`);
  }

  /** `fields` is Go's field stack (names only), `path` the JSON path (with indexes). */
  value(type: GoField, v: unknown, struct: GoStruct, fields: string[], path: (string | number)[]): void {
    // null is Go's zero value for every one of these types.
    if (v === undefined || v === null) return;
    if (typeof type === 'string' && !isGoInt(type)) {
      if (!fitsScalar(type, v)) this.refuse(jsonTypeOf(v), struct, fields, goTypeName(type));
      return;
    }
    if (typeof type === 'string') {
      if (typeof v !== 'number') this.refuse(jsonTypeOf(v), struct, fields, type);
      const literal = numberLiteral(this.root, path);
      if (!fitsGoInt(type, v, literal)) this.refuse(`number ${literal ?? String(v)}`, struct, fields, type);
      return;
    }
    if ('sliceOf' in type) {
      if (!Array.isArray(v)) this.refuse(jsonTypeOf(v), struct, fields, goTypeName(type));
      v.forEach((item, i) => this.value(type.sliceOf, item, struct, fields, [...path, i]));
      return;
    }
    if (!isObject(v)) this.refuse(jsonTypeOf(v), struct, fields, type.goType);
    for (const [name, fieldType] of Object.entries(type.fields)) {
      this.value(fieldType, v[name], type, [...fields, name], [...path, name]);
    }
  }
}

function checkBody(struct: GoStruct, body: unknown): void {
  if (!isObject(body)) throw invalidArgument(`json: cannot unmarshal ${jsonTypeOf(body)} into Go value of type ${struct.goType}`);
  new Decoder(body).value(struct, body, struct, [], []);
}

export const checkCreateBody = (body: unknown): void => checkBody(CONTAINER_CONFIG_WRAPPER, body);
export const checkUpdateBody = (body: unknown): void => checkBody(UPDATE_CONFIG, body);
export const checkExecBody = (body: unknown): void => checkBody(EXEC_CONFIG, body);
export const checkExecStartBody = (body: unknown): void => checkBody(EXEC_START_CHECK, body);
export const checkPodCreateBody = (body: unknown): void => checkBody(POD_CREATE, body);

/**
 * Type checks of a container-create body, as Go's JSON decoder makes them in
 * dockerd: a value of the wrong JSON type is a 400 naming the field, before
 * anything looks the image up (so `{"Image": 5}` is not a missing image).
 */
import { invalidArgument } from '../errdefs/index.js';

type GoType = 'string' | 'bool' | 'int64' | '[]string' | 'strslice' | 'map[string]string' | 'object';

const CONFIG_FIELDS: Record<string, GoType> = {
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
  StopTimeout: 'int64',
  Env: '[]string',
  OnBuild: '[]string',
  Cmd: 'strslice',
  Entrypoint: 'strslice',
  Shell: 'strslice',
  Labels: 'map[string]string',
  ExposedPorts: 'object',
  Volumes: 'object',
  Healthcheck: 'object',
  HostConfig: 'object',
  NetworkingConfig: 'object',
};

const HOST_CONFIG_FIELDS: Record<string, GoType> = {
  NetworkMode: 'string',
  IpcMode: 'string',
  PidMode: 'string',
  UTSMode: 'string',
  UsernsMode: 'string',
  CgroupnsMode: 'string',
  CgroupParent: 'string',
  Runtime: 'string',
  Privileged: 'bool',
  ReadonlyRootfs: 'bool',
  AutoRemove: 'bool',
  PublishAllPorts: 'bool',
  Init: 'bool',
  Memory: 'int64',
  MemorySwap: 'int64',
  MemoryReservation: 'int64',
  NanoCpus: 'int64',
  CpuShares: 'int64',
  CpuPeriod: 'int64',
  CpuQuota: 'int64',
  ShmSize: 'int64',
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
  RestartPolicy: 'object',
  LogConfig: 'object',
};

function jsonTypeOf(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

function fits(type: GoType, v: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof v === 'string';
    case 'bool':
      return typeof v === 'boolean';
    case 'int64':
      return typeof v === 'number' && Number.isInteger(v);
    case '[]string':
      return Array.isArray(v) && v.every((s) => typeof s === 'string');
    case 'strslice':
      return typeof v === 'string' || (Array.isArray(v) && v.every((s) => typeof s === 'string'));
    case 'map[string]string':
      return typeof v === 'object' && !Array.isArray(v) && Object.values(v as object).every((s) => typeof s === 'string');
    case 'object':
      return typeof v === 'object' && !Array.isArray(v);
  }
}

function check(fields: Record<string, GoType>, obj: Record<string, unknown>, struct: string): void {
  for (const [name, type] of Object.entries(fields)) {
    const v = obj[name];
    // null is Go's zero value for every one of these types.
    if (v === undefined || v === null || fits(type, v)) continue;
    const goType = type === 'strslice' ? '[]string' : type;
    throw invalidArgument(`json: cannot unmarshal ${jsonTypeOf(v)} into Go struct field ${struct}.${name} of type ${goType}`);
  }
}

export function checkCreateBody(body: unknown): void {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidArgument(`json: cannot unmarshal ${jsonTypeOf(body)} into Go value of type container.ContainerConfigWrapper`);
  }
  const wrapper = body as Record<string, unknown>;
  check(CONFIG_FIELDS, wrapper, 'ContainerConfigWrapper');
  if (wrapper.HostConfig) check(HOST_CONFIG_FIELDS, wrapper.HostConfig as Record<string, unknown>, 'ContainerConfigWrapper.HostConfig');
}

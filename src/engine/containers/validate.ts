/**
 * Docker's daemon-side checks of a create request (and of `update`'s
 * resources), with its messages; everything here is a 400. Warnings are the
 * ones Docker returns alongside a successful create.
 */
import { cpus } from 'node:os';
import { isIP } from 'node:net';
import { isAbsolute, normalize } from 'node:path';
import { invalidArgument } from '../../errdefs/index.js';
import { HEALTH_ON_FAILURE, TCP_HEALTH_TEST, type ContainerConfig, type HostConfig, type Resources, type RestartPolicy } from '../../apitypes/containers.js';
import type { HealthConfig } from '../../oci/image.js';
import { parseHostPortRange, parsePortKey } from '../../util/port-spec.js';
import { probeOf } from './probe-test.js';
import { validateRuntime } from './runtimes.js';
import { parseSignal } from './signals.js';

const MIN_MEMORY = 6 * 1024 * 1024;
/** Go's time.Millisecond in nanoseconds: Healthcheck durations are Go durations. */
const MIN_HEALTH_DURATION = 1_000_000;
const MAX_HOSTNAME = 64;

export function validateRestartPolicy(policy: RestartPolicy | undefined): void {
  const name = policy?.Name ?? '';
  const retries = policy?.MaximumRetryCount ?? 0;
  switch (name) {
    case 'always':
    case 'unless-stopped':
    case 'no':
      if (retries !== 0) {
        throw invalidArgument(
          `invalid restart policy: maximum retry count can only be used with 'on-failure'${retries < 0 ? ' and cannot be negative' : ''}`,
        );
      }
      return;
    case 'on-failure':
      if (retries < 0) throw invalidArgument('invalid restart policy: maximum retry count cannot be negative');
      return;
    case '':
      return;
    default:
      throw invalidArgument(`invalid restart policy: unknown policy '${String(name)}'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'`);
  }
}

function validateHealthConfig(hc: HealthConfig | undefined, name: string): void {
  if (!hc) return;
  for (const field of ['Interval', 'Timeout', 'StartPeriod', 'StartInterval'] as const) {
    const v = hc[field] ?? 0;
    if (v !== 0 && v < MIN_HEALTH_DURATION) throw invalidArgument(`${field} in ${name} cannot be less than 1ms`);
  }
  if ((hc.Retries ?? 0) < 0) throw invalidArgument(`Retries in ${name} cannot be negative`);
  if (hc.Test?.[0] === TCP_HEALTH_TEST && !probeOf(hc)) throw invalidArgument(`Test in ${name}: ${TCP_HEALTH_TEST} takes one "[host:]port" argument`);
}

/** Checks and normalises Config in place (WorkingDir is cleaned, as Docker does). */
export function validateConfig(config: ContainerConfig): void {
  if (config.WorkingDir) {
    if (!isAbsolute(config.WorkingDir)) throw invalidArgument(`the working directory '${config.WorkingDir}' is invalid, it needs to be an absolute path`);
    config.WorkingDir = normalize(config.WorkingDir).replace(/(.)\/$/, '$1');
  }
  if (config.StopSignal) parseSignal(config.StopSignal);
  for (const env of config.Env ?? []) {
    if (env.split('=')[0] === '') throw invalidArgument(`invalid environment variable: ${env}`);
  }
  validateHealthConfig(config.Healthcheck, 'Healthcheck');
  for (const key of Object.keys(config.ExposedPorts ?? {})) parsePortKey(key);
  if ((config.Hostname ?? '').length > MAX_HOSTNAME) throw invalidArgument(`hostname "${config.Hostname}" is too long (maximum ${MAX_HOSTNAME} bytes)`);
}

/** Resource checks shared by create and update; returns warnings. */
export function validateResources(r: Resources, update: boolean): string[] {
  const warnings: string[] = [];
  const memory = r.Memory ?? 0;
  const swap = r.MemorySwap ?? 0;
  const reservation = r.MemoryReservation ?? 0;
  if (memory !== 0 && memory < MIN_MEMORY) throw invalidArgument('Minimum memory limit allowed is 6MB');
  if (memory > 0 && swap > 0 && swap < memory) throw invalidArgument('Minimum memoryswap limit should be larger than memory limit, see usage');
  if (memory === 0 && swap > 0 && !update) throw invalidArgument('You should always set the Memory limit when using Memoryswap limit, see usage');
  const swappiness = r.MemorySwappiness;
  // -1 is how older clients say "unset".
  if (swappiness !== undefined && swappiness !== null && swappiness !== -1 && (swappiness < 0 || swappiness > 100)) {
    throw invalidArgument(`Invalid value: ${swappiness}, valid memory swappiness range is 0-100`);
  }
  if (reservation > 0 && reservation < MIN_MEMORY) throw invalidArgument('Minimum memory reservation allowed is 6MB');
  if (memory > 0 && reservation > 0 && memory < reservation) throw invalidArgument('Minimum memory limit can not be less than memory reservation limit, see usage');
  if (r.OomKillDisable && memory === 0) {
    warnings.push('OOM killer is disabled for the container, but no memory limit is set, this can result in the system running out of resources.');
  }
  const nano = r.NanoCpus ?? 0;
  if (nano > 0 && (r.CpuPeriod ?? 0) > 0) throw invalidArgument('Conflicting options: Nano CPUs and CPU Period cannot both be set');
  if (nano > 0 && (r.CpuQuota ?? 0) > 0) throw invalidArgument('Conflicting options: Nano CPUs and CPU Quota cannot both be set');
  const ncpu = cpus().length;
  if (nano !== 0 && (nano < 0 || nano > ncpu * 1e9)) throw invalidArgument(`range of CPUs is from 0.01 to ${ncpu}.00, as there are only ${ncpu} CPUs available`);
  if ((r.CpuShares ?? 0) < 0) throw invalidArgument(`invalid CPU shares (${r.CpuShares}): value must be a positive integer`);
  const period = r.CpuPeriod ?? 0;
  if (period !== 0 && (period < 1000 || period > 1_000_000)) throw invalidArgument('CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)');
  const quota = r.CpuQuota ?? 0;
  if (quota > 0 && quota < 1000) throw invalidArgument('CPU cfs quota can not be less than 1ms (i.e. 1000)');
  const weight = r.BlkioWeight ?? 0;
  if (weight > 0 && (weight < 10 || weight > 1000)) throw invalidArgument('Range of blkio weight is from 10 to 1000');
  if (r.CpusetCpus && !cpusetAvailable(r.CpusetCpus, ncpu - 1)) {
    throw invalidArgument(`Requested CPUs are not available - requested ${r.CpusetCpus}, available: 0-${ncpu - 1}`);
  }
  return warnings;
}

/** `0-2,4` within 0..max; Docker's wording for a malformed list. */
function cpusetAvailable(list: string, max: number): boolean {
  for (const part of list.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) throw invalidArgument(`Invalid value ${list} for cpuset cpus`);
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (hi < lo) throw invalidArgument(`Invalid value ${list} for cpuset cpus`);
    if (hi > max) return false;
  }
  return true;
}

function validNamespaceMode(mode: string | undefined, allowed: readonly string[]): boolean {
  if (!mode) return true;
  if (allowed.includes(mode)) return true;
  return mode.startsWith('container:') && mode.length > 'container:'.length;
}

/** Checks HostConfig; returns warnings. */
/**
 * moby's validatePortBindings, plus what the CLI checks before sending: a HostIp
 * must be an IP literal (a name would be looked up in DNS when the container starts).
 */
function validatePortBindings(bindings: HostConfig['PortBindings']): void {
  for (const [key, list] of Object.entries(bindings ?? {})) {
    parsePortKey(key);
    for (const b of list ?? []) {
      parseHostPortRange(b.HostPort);
      if (b.HostIp && isIP(b.HostIp) === 0) throw invalidArgument(`invalid IP address: ${b.HostIp}`);
    }
  }
}

export function validateHostConfig(hc: HostConfig): string[] {
  const warnings: string[] = [];
  validatePortBindings(hc.PortBindings);
  validateRestartPolicy(hc.RestartPolicy);
  const policy = hc.RestartPolicy?.Name ?? '';
  if (hc.AutoRemove && policy !== '' && policy !== 'no') throw invalidArgument("can't create 'AutoRemove' container with restart policy");
  for (const k of Object.keys(hc.Annotations ?? {})) {
    if (k === '') throw invalidArgument('invalid Annotations: the empty string is not permitted as an annotation key');
  }
  warnings.push(...validateResources(hc, false));
  if (!validNamespaceMode(hc.IpcMode, ['none', 'private', 'shareable', 'host'])) throw invalidArgument(`invalid IPC mode: ${hc.IpcMode}`);
  if (!validNamespaceMode(hc.PidMode, ['host'])) throw invalidArgument(`invalid PID mode: ${hc.PidMode}`);
  // `container:<ref>` is podman's (a pod's members join its infra's), beyond Docker's `host`.
  if (!validNamespaceMode(hc.UTSMode, ['host'])) throw invalidArgument(`invalid UTS mode: ${hc.UTSMode}`);
  if (hc.CgroupnsMode && hc.CgroupnsMode !== 'host' && hc.CgroupnsMode !== 'private') throw invalidArgument(`invalid cgroup namespace mode: ${hc.CgroupnsMode}`);
  if ((hc.ShmSize ?? 0) < 0) throw invalidArgument('SHM size can not be less than 0');
  validateRuntime(hc.Runtime);
  const action = hc.HealthOnFailure;
  // podman's wording (ParseHealthCheckOnFailureAction).
  if (action && !(HEALTH_ON_FAILURE as readonly string[]).includes(action)) {
    throw invalidArgument(`invalid on-failure action "${String(action)}" for health check: supported actions are ${HEALTH_ON_FAILURE.join(',')}`);
  }
  validateHealthConfig(hc.ReadinessCheck ?? undefined, 'ReadinessCheck');
  const oom = hc.OomScoreAdj ?? 0;
  if (oom < -1000 || oom > 1000) throw invalidArgument(`Invalid value ${oom}, range for oom score adj is [-1000, 1000]`);
  if (hc.NetworkMode === 'host' && Object.keys(hc.PortBindings ?? {}).length > 0) warnings.push('Published ports are discarded when using host network mode');
  for (const dest of Object.keys(hc.Tmpfs ?? {})) {
    if (!isAbsolute(dest)) throw invalidArgument(`invalid mount config for type "tmpfs": invalid mount path: '${dest}' mount path must be absolute`);
  }
  return warnings;
}

/**
 * Instructions that only change the image config (Docker's `#(nop)` steps):
 * pure functions from the config before to the config after.
 */
import { posix } from 'node:path';
import { invalidArgument } from '../../errdefs/index.js';
import type { HealthConfig as OciHealth, ImageRuntimeConfig } from '../../oci/image.js';
import type { CommandLine, HealthConfig, Instruction, KeyValue } from '../dockerfile/index.js';

export const DEFAULT_SHELL = ['/bin/sh', '-c'];
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export type MetadataInstruction = Extract<
  Instruction,
  { kind: 'ENV' | 'LABEL' | 'CMD' | 'ENTRYPOINT' | 'EXPOSE' | 'VOLUME' | 'USER' | 'WORKDIR' | 'STOPSIGNAL' | 'HEALTHCHECK' | 'SHELL' | 'ONBUILD' }
>;

const METADATA = new Set(['ENV', 'LABEL', 'CMD', 'ENTRYPOINT', 'EXPOSE', 'VOLUME', 'USER', 'WORKDIR', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL', 'ONBUILD']);

export function isMetadata(instr: Instruction): instr is MetadataInstruction {
  return METADATA.has(instr.kind);
}

export function shellOf(cfg: ImageRuntimeConfig): string[] {
  return cfg.Shell && cfg.Shell.length > 0 ? cfg.Shell : DEFAULT_SHELL;
}

/** The argv a CMD/ENTRYPOINT/RUN line stands for. */
export function commandArgs(cmd: CommandLine, shell: readonly string[]): string[] {
  return cmd.shellForm ? [...shell, cmd.args.join(' ')] : [...cmd.args];
}

function setEnv(env: readonly string[], kvs: readonly KeyValue[]): string[] {
  const out = [...env];
  for (const { key, value } of kvs) {
    const i = out.findIndex((e) => e === key || e.startsWith(`${key}=`));
    if (i >= 0) out[i] = `${key}=${value}`;
    else out.push(`${key}=${value}`);
  }
  return out;
}

/** `80`, `80/udp`, `8000-8002/tcp` → Docker's port keys. */
export function exposedPorts(ports: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of ports) {
    const [range = '', proto = 'tcp'] = p.split('/');
    const m = /^(\d+)(?:-(\d+))?$/.exec(range);
    if (!m) throw invalidArgument(`Invalid containerPort: ${range}`);
    const lo = Number(m[1]);
    const hi = m[2] !== undefined ? Number(m[2]) : lo;
    if (hi < lo || hi > 65535) throw invalidArgument(`Invalid range specified for container: ${range}`);
    if (!['tcp', 'udp', 'sctp'].includes(proto.toLowerCase())) throw invalidArgument(`invalid proto: ${proto}`);
    for (let n = lo; n <= hi; n++) out.push(`${n}/${proto.toLowerCase()}`);
  }
  return out;
}

function health(h: HealthConfig): OciHealth {
  const out: OciHealth = { Test: [...h.test] };
  if (h.interval) out.Interval = h.interval;
  if (h.timeout) out.Timeout = h.timeout;
  if (h.startPeriod) out.StartPeriod = h.startPeriod;
  if (h.startInterval) out.StartInterval = h.startInterval;
  if (h.retries) out.Retries = h.retries;
  return out;
}

export interface MetadataState {
  /** A CMD was given in this stage: a later ENTRYPOINT keeps it. */
  cmdSet: boolean;
}

/** The config after `instr` (already expanded). */
export function applyMetadata(before: ImageRuntimeConfig, instr: MetadataInstruction, state: MetadataState): ImageRuntimeConfig {
  const cfg: ImageRuntimeConfig = structuredClone(before);
  switch (instr.kind) {
    case 'ENV':
      cfg.Env = setEnv(cfg.Env ?? [], instr.env);
      break;
    case 'LABEL':
      cfg.Labels = { ...cfg.Labels, ...Object.fromEntries(instr.labels.map((l) => [l.key, l.value])) };
      break;
    case 'CMD':
      cfg.Cmd = commandArgs(instr.command, shellOf(cfg));
      state.cmdSet = true;
      break;
    case 'ENTRYPOINT':
      cfg.Entrypoint = commandArgs(instr.command, shellOf(cfg));
      // An ENTRYPOINT resets the inherited CMD unless this stage set one (Docker's rule).
      if (!state.cmdSet) cfg.Cmd = null;
      break;
    case 'EXPOSE':
      cfg.ExposedPorts = { ...cfg.ExposedPorts, ...Object.fromEntries(exposedPorts(instr.ports).map((p) => [p, {}])) };
      break;
    case 'VOLUME':
      for (const v of instr.volumes) if (v.trim() === '') throw invalidArgument('VOLUME specified can not be an empty string');
      cfg.Volumes = { ...cfg.Volumes, ...Object.fromEntries(instr.volumes.map((v) => [v, {}])) };
      break;
    case 'USER':
      cfg.User = instr.user;
      break;
    case 'WORKDIR':
      cfg.WorkingDir = posix.resolve(cfg.WorkingDir || '/', instr.path);
      break;
    case 'STOPSIGNAL':
      cfg.StopSignal = instr.signal;
      break;
    case 'HEALTHCHECK':
      cfg.Healthcheck = health(instr.health);
      break;
    case 'SHELL':
      cfg.Shell = [...instr.shell];
      break;
    case 'ONBUILD':
      cfg.OnBuild = [...(cfg.OnBuild ?? []), instr.expression];
      break;
  }
  return cfg;
}

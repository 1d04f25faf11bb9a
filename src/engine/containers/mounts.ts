/**
 * `-v`/`--mount`/`--tmpfs` → runtime mounts and the MountPoint rows inspect
 * shows. Parsed at create (so mistakes are a 400 before anything exists);
 * volumes are resolved to their host directories at start (volume-mounts.ts).
 */
import { mkdir, stat } from 'node:fs/promises';
import { isAbsolute, normalize } from 'node:path';
import { errnoCode, invalidArgument } from '../../errdefs/index.js';
import type { HostConfig, MountPoint } from '../../apitypes/containers.js';
import type { SpecMount } from '../../runtime/index.js';

export interface VolumeRequest {
  /** Empty: an anonymous volume. */
  name: string;
  /** Do not seed a new volume with the image's content at the destination. */
  nocopy: boolean;
  labels?: Record<string, string>;
  options?: Record<string, string>;
  driver?: string;
}

export interface ParsedMount {
  /** For volumes the source is filled in at start, from the volume's mountpoint. */
  spec: SpecMount;
  point: MountPoint;
  /** `-v` creates a missing host directory; `--mount` refuses it. */
  createSource: boolean;
  volume?: VolumeRequest;
}

/** A mount as the record keeps it. */
export interface StoredMount extends ParsedMount {
  /** Seed the volume from the image at the next start (cleared once done, as Docker's CopyData). */
  copyData?: boolean;
  /** An anonymous volume this container made: `rm -v` removes it. */
  ownsVolume?: boolean;
}

const PROPAGATIONS = ['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate'];
/** Files under /proc runc lets a bind cover (lxcfs-style overrides). */
const PROC_ALLOWED = ['/proc/cpuinfo', '/proc/diskstats', '/proc/meminfo', '/proc/stat', '/proc/swaps', '/proc/uptime', '/proc/loadavg', '/proc/slabinfo', '/proc/net/dev', '/proc/sys/kernel/ns_last_pid'];

/** Docker refuses `/`; runc refuses /proc and what is under it, which Wharf says before creating anything. */
function checkDestination(type: string, dest: string): string {
  const clean = normalize(dest).replace(/(.)\/$/, '$1');
  if (clean === '/') throw invalidArgument(`invalid mount config for type "${type}": invalid specification: destination can't be '/'`);
  if (clean === '/proc') throw invalidArgument(`invalid mount config for type "${type}": "/proc" cannot be mounted because it is not of type proc`);
  if (clean.startsWith('/proc/') && !PROC_ALLOWED.includes(clean)) {
    throw invalidArgument(`invalid mount config for type "${type}": "${clean}" cannot be mounted because it is inside /proc`);
  }
  return clean;
}

function withSpec(spec: string, fn: () => string): string {
  try {
    return fn();
  } catch (err) {
    if (err instanceof Error) err.message = `invalid volume specification: '${spec}': ${err.message}`;
    throw err;
  }
}

function parseBind(bind: string): ParsedMount {
  const parts = bind.split(':');
  if (parts.length < 2 || parts.length > 3) throw invalidArgument(`invalid volume specification: '${bind}'`);
  const [source, destText, modeText = ''] = parts as [string, string, string?];
  if (source === '' || destText === '') throw invalidArgument(`invalid spec: ${bind}: empty section between colons`);
  const named = !isAbsolute(source);
  const type = named ? 'volume' : 'bind';
  if (!isAbsolute(destText)) throw invalidArgument(`invalid volume specification: '${bind}': invalid mount config for type "${type}": invalid mount path: '${destText}' mount path must be absolute`);
  const dest = withSpec(bind, () => checkDestination(type, destText));
  const modes = modeText === '' ? [] : modeText.split(',');
  for (const m of modes) {
    if (!['ro', 'rw', 'z', 'Z', 'nocopy', ...PROPAGATIONS].includes(m)) throw invalidArgument(`invalid mode: ${modeText}`);
  }
  const readonly = modes.includes('ro');
  if (named) {
    return {
      spec: { destination: dest, type: 'bind', readonly },
      point: { Type: 'volume', Name: source, Source: '', Destination: dest, Driver: 'local', Mode: modeText || 'z', RW: !readonly, Propagation: '' },
      createSource: false,
      volume: { name: source, nocopy: modes.includes('nocopy') },
    };
  }
  const propagation = modes.find((m) => PROPAGATIONS.includes(m)) ?? 'rprivate';
  return {
    spec: { destination: dest, type: 'bind', source: normalize(source), readonly, options: [propagation] },
    point: { Type: 'bind', Source: normalize(source), Destination: dest, Mode: modeText, RW: !readonly, Propagation: propagation },
    createSource: true,
  };
}

function parseMountSpec(m: NonNullable<HostConfig['Mounts']>[number]): ParsedMount {
  const type = m.Type ?? 'volume';
  const target = m.Target ?? '';
  if (!isAbsolute(target)) throw invalidArgument(`invalid mount config for type "${type}": invalid mount path: '${target}' mount path must be absolute`);
  const dest = checkDestination(type, target);
  const readonly = m.ReadOnly ?? false;
  if (type !== 'bind' && m.BindOptions) throw invalidArgument(`invalid mount config for type "${type}": field BindOptions must not be specified`);
  if (type !== 'volume' && m.VolumeOptions) throw invalidArgument(`invalid mount config for type "${type}": field VolumeOptions must not be specified`);
  if (type !== 'tmpfs' && m.TmpfsOptions) throw invalidArgument(`invalid mount config for type "${type}": field TmpfsOptions must not be specified`);
  if (type === 'bind') {
    const source = m.Source ?? '';
    if (source === '') throw invalidArgument('invalid mount config for type "bind": field Source must not be empty');
    if (!isAbsolute(source)) throw invalidArgument(`invalid mount config for type "bind": invalid mount path: '${source}' mount path must be absolute`);
    const propagation = m.BindOptions?.Propagation || 'rprivate';
    if (!PROPAGATIONS.includes(propagation)) throw invalidArgument(`invalid mount config for type "bind": invalid propagation mode: ${propagation}`);
    return {
      spec: { destination: dest, type: 'bind', source: normalize(source), readonly, options: [propagation, ...(m.BindOptions?.NonRecursive ? ['bind'] : [])] },
      point: { Type: 'bind', Source: normalize(source), Destination: dest, Mode: '', RW: !readonly, Propagation: propagation },
      createSource: m.BindOptions?.CreateMountpoint ?? false,
    };
  }
  if (type === 'tmpfs') {
    if (m.Source) throw invalidArgument('invalid mount config for type "tmpfs": field Source must not be specified');
    const opts: string[] = [];
    const size = m.TmpfsOptions?.SizeBytes ?? 0;
    if (size < 0) throw invalidArgument('invalid mount config for type "tmpfs": invalid tmpfs size');
    if (size > 0) opts.push(`size=${Math.floor(size / 1024)}k`);
    if (m.TmpfsOptions?.Mode) opts.push(`mode=${m.TmpfsOptions.Mode.toString(8)}`);
    return {
      spec: { destination: dest, type: 'tmpfs', readonly, options: opts },
      point: { Type: 'tmpfs', Source: '', Destination: dest, Mode: '', RW: !readonly, Propagation: '' },
      createSource: false,
    };
  }
  if (type === 'volume') {
    const name = m.Source ?? '';
    const driver = m.VolumeOptions?.DriverConfig?.Name;
    return {
      spec: { destination: dest, type: 'bind', readonly },
      point: { Type: 'volume', Name: name, Source: '', Destination: dest, Driver: driver || 'local', Mode: '', RW: !readonly, Propagation: '' },
      createSource: false,
      volume: {
        name,
        nocopy: m.VolumeOptions?.NoCopy ?? false,
        labels: m.VolumeOptions?.Labels,
        options: m.VolumeOptions?.DriverConfig?.Options,
        driver,
      },
    };
  }
  throw invalidArgument(`invalid mount config for type "${String(type)}": mount type unknown`);
}

function parseTmpfs(dest: string, options: string): ParsedMount {
  if (!isAbsolute(dest)) throw invalidArgument(`invalid mount config for type "tmpfs": invalid mount path: '${dest}' mount path must be absolute`);
  const clean = checkDestination('tmpfs', dest);
  const opts = options === '' ? [] : options.split(',');
  const readonly = opts.includes('ro');
  return {
    spec: { destination: clean, type: 'tmpfs', readonly, options: opts.filter((o) => o !== 'ro' && o !== 'rw') },
    point: { Type: 'tmpfs', Source: '', Destination: clean, Mode: options, RW: !readonly, Propagation: '' },
    createSource: false,
  };
}

/** Every user mount of a HostConfig; a destination given twice is Docker's `Duplicate mount point`. */
export function parseMounts(hc: HostConfig): ParsedMount[] {
  const all = [
    ...(hc.Binds ?? []).map(parseBind),
    ...(hc.Mounts ?? []).map(parseMountSpec),
    ...Object.entries(hc.Tmpfs ?? {}).map(([dest, opts]) => parseTmpfs(dest, opts)),
  ];
  const seen = new Set<string>();
  for (const m of all) {
    if (seen.has(m.spec.destination)) throw invalidArgument(`Duplicate mount point: ${m.spec.destination}`);
    seen.add(m.spec.destination);
  }
  return all;
}

/** An anonymous volume at one of Config.Volumes' paths (the image's VOLUME, `-v /path`). */
export function anonymousVolume(path: string): ParsedMount {
  if (!isAbsolute(path)) throw invalidArgument(`invalid volume specification: '${path}': invalid mount config for type "volume": invalid mount path: '${path}' mount path must be absolute`);
  const dest = withSpec(path, () => checkDestination('volume', path));
  return {
    spec: { destination: dest, type: 'bind', readonly: false },
    point: { Type: 'volume', Name: '', Source: '', Destination: dest, Driver: 'local', Mode: '', RW: true, Propagation: '' },
    createSource: false,
    volume: { name: '', nocopy: false },
  };
}

/** Host sources must exist at start: `-v` makes missing directories, `--mount` refuses. */
export async function prepareSources(mounts: ParsedMount[]): Promise<void> {
  for (const m of mounts) {
    if (m.spec.type !== 'bind' || !m.spec.source || m.volume) continue;
    try {
      await stat(m.spec.source);
    } catch (err) {
      if (errnoCode(err) !== 'ENOENT') throw err;
      if (!m.createSource) throw invalidArgument(`invalid mount config for type "bind": bind source path does not exist: ${m.spec.source}`);
      await mkdir(m.spec.source, { recursive: true });
    }
  }
}

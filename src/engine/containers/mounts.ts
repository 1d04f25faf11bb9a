/**
 * `-v`/`--mount`/`--tmpfs` → runtime mounts and the MountPoint rows inspect
 * shows. Parsed at create (so mistakes are a 400 then) and again at start.
 * Named volumes are not supported yet.
 */
import { mkdir, stat } from 'node:fs/promises';
import { isAbsolute, normalize } from 'node:path';
import { errnoCode, invalidArgument, notImplemented } from '../../errdefs/index.js';
import type { HostConfig, MountPoint } from '../../apitypes/containers.js';
import type { SpecMount } from '../../runtime/types.js';

export interface ParsedMount {
  spec: SpecMount;
  point: MountPoint;
  /** `-v` creates a missing host directory; `--mount` refuses it. */
  createSource: boolean;
}

const PROPAGATIONS = ['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate'];

function parseBind(bind: string): ParsedMount {
  const parts = bind.split(':');
  if (parts.length < 2 || parts.length > 3) throw invalidArgument(`invalid volume specification: '${bind}'`);
  const [source, dest, modeText = ''] = parts as [string, string, string?];
  if (!isAbsolute(dest)) throw invalidArgument(`invalid volume specification: '${bind}': invalid mount config for type "bind": invalid mount path: '${dest}' mount path must be absolute`);
  if (!isAbsolute(source)) throw notImplemented(`named volumes are not supported yet: '${bind}'`);
  const modes = modeText === '' ? [] : modeText.split(',');
  for (const m of modes) {
    if (!['ro', 'rw', 'z', 'Z', 'nocopy', ...PROPAGATIONS].includes(m)) throw invalidArgument(`invalid mode: ${modeText}`);
  }
  const readonly = modes.includes('ro');
  const propagation = modes.find((m) => PROPAGATIONS.includes(m)) ?? 'rprivate';
  return {
    spec: { destination: normalize(dest), type: 'bind', source: normalize(source), readonly, options: [propagation] },
    point: { Type: 'bind', Source: normalize(source), Destination: normalize(dest), Mode: modeText, RW: !readonly, Propagation: propagation },
    createSource: true,
  };
}

function parseMountSpec(m: NonNullable<HostConfig['Mounts']>[number]): ParsedMount {
  const type = m.Type ?? 'volume';
  const target = m.Target ?? '';
  if (!isAbsolute(target)) throw invalidArgument(`invalid mount config for type "${type}": invalid mount path: '${target}' mount path must be absolute`);
  const readonly = m.ReadOnly ?? false;
  if (type === 'bind') {
    const source = m.Source ?? '';
    if (!isAbsolute(source)) throw invalidArgument(`invalid mount config for type "bind": invalid mount path: '${source}' mount path must be absolute`);
    const propagation = m.BindOptions?.Propagation || 'rprivate';
    return {
      spec: { destination: normalize(target), type: 'bind', source: normalize(source), readonly, options: [propagation, ...(m.BindOptions?.NonRecursive ? ['bind'] : [])] },
      point: { Type: 'bind', Source: normalize(source), Destination: normalize(target), Mode: '', RW: !readonly, Propagation: propagation },
      createSource: m.BindOptions?.CreateMountpoint ?? false,
    };
  }
  if (type === 'tmpfs') {
    const opts: string[] = [];
    if (m.TmpfsOptions?.SizeBytes) opts.push(`size=${Math.floor(m.TmpfsOptions.SizeBytes / 1024)}k`);
    if (m.TmpfsOptions?.Mode) opts.push(`mode=${m.TmpfsOptions.Mode.toString(8)}`);
    return {
      spec: { destination: normalize(target), type: 'tmpfs', readonly, options: opts },
      point: { Type: 'tmpfs', Source: '', Destination: normalize(target), Mode: '', RW: !readonly, Propagation: '' },
      createSource: false,
    };
  }
  throw notImplemented(`mounts of type "${type}" are not supported yet`);
}

function parseTmpfs(dest: string, options: string): ParsedMount {
  if (!isAbsolute(dest)) throw invalidArgument(`invalid mount config for type "tmpfs": invalid mount path: '${dest}' mount path must be absolute`);
  const opts = options === '' ? [] : options.split(',');
  const readonly = opts.includes('ro');
  return {
    spec: { destination: normalize(dest), type: 'tmpfs', readonly, options: opts.filter((o) => o !== 'ro' && o !== 'rw') },
    point: { Type: 'tmpfs', Source: '', Destination: normalize(dest), Mode: options, RW: !readonly, Propagation: '' },
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

/** Host sources must exist at start: `-v` makes missing directories, `--mount` refuses. */
export async function prepareSources(mounts: ParsedMount[]): Promise<void> {
  for (const m of mounts) {
    if (m.spec.type !== 'bind' || !m.spec.source) continue;
    try {
      await stat(m.spec.source);
    } catch (err) {
      if (errnoCode(err) !== 'ENOENT') throw err;
      if (!m.createSource) throw invalidArgument(`invalid mount config for type "bind": bind source path does not exist: ${m.spec.source}`);
      await mkdir(m.spec.source, { recursive: true });
    }
  }
}

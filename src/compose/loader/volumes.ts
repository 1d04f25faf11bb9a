/**
 * Service `volumes:` in their long form. Short form: `[source:]target[:options]`;
 * a source starting with `.`, `/` or `~` is a bind mount (resolved against the
 * project directory), anything else names a volume; no source is an anonymous volume.
 */
import { isAbsolute, resolve } from 'node:path';
import { invalidArgument } from '../../errdefs/index.js';
import type { ServiceVolumeConfig } from '../types.js';
import { str, toBool, toNumber, toSize } from './convert.js';
import { isYamlMap, type Yaml, type YamlMap } from './yaml.js';

const PROPAGATION = new Set(['rprivate', 'private', 'rshared', 'shared', 'rslave', 'slave']);
const CONSISTENCY = new Set(['consistent', 'cached', 'delegated']);
const TYPES = new Set(['volume', 'bind', 'tmpfs', 'npipe', 'cluster', 'image']);

export interface PathContext {
  /** Relative paths resolve against it. */
  baseDir: string;
  home: string | undefined;
}

/** `~/x`, `./x` or `x` as an absolute host path. */
export function hostPath(p: string, ctx: PathContext): string {
  if (p === '~' || p.startsWith('~/')) return resolve(ctx.home ?? '/', p.slice(2));
  return isAbsolute(p) ? p : resolve(ctx.baseDir, p);
}

function isHostPath(source: string): boolean {
  return source.startsWith('.') || source.startsWith('/') || source.startsWith('~');
}

export function parseVolumeShort(spec: string, ctx: PathContext): ServiceVolumeConfig {
  const parts = spec.split(':');
  if (parts.length > 3) throw invalidArgument(`invalid spec: ${spec}: too many colons`);
  if (parts.some((p) => p === '')) throw invalidArgument(`invalid spec: ${spec}: empty section between colons`);
  // compose-go gives a short volume an empty `volume:` section; `config` prints it.
  if (parts.length === 1) return { type: 'volume', target: parts[0]!, volume: {} };
  const [source, target, options = ''] = parts as [string, string, string?];
  const v: ServiceVolumeConfig = isHostPath(source)
    ? { type: 'bind', source: hostPath(source, ctx), target, bind: { create_host_path: true } }
    : { type: 'volume', source, target, volume: {} };
  for (const opt of options.split(',').filter((o) => o !== '')) {
    if (opt === 'ro') v.read_only = true;
    else if (opt === 'rw') v.read_only = false;
    else if (opt === 'nocopy') v.volume = { ...v.volume, nocopy: true };
    else if (opt === 'z' || opt === 'Z') v.bind = { ...v.bind, selinux: opt };
    else if (PROPAGATION.has(opt)) v.bind = { ...v.bind, propagation: opt };
    else if (CONSISTENCY.has(opt)) v.consistency = opt;
    else throw invalidArgument(`invalid spec: ${spec}: unknown option ${opt}`);
  }
  return v;
}

function longForm(item: YamlMap, path: string, ctx: PathContext): ServiceVolumeConfig {
  const type = str(item.type ?? null);
  if (!TYPES.has(type)) throw invalidArgument(`${path}.type must be one of volume, bind, tmpfs, npipe, cluster, image: "${type}"`);
  if (item.target === undefined) throw invalidArgument(`${path} missing property 'target'`);
  const v: ServiceVolumeConfig = { type: type as ServiceVolumeConfig['type'], target: str(item.target) };
  if (item.source !== undefined && item.source !== null) v.source = type === 'bind' ? hostPath(str(item.source), ctx) : str(item.source);
  if (item.read_only !== undefined) v.read_only = toBool(item.read_only, `${path}.read_only`);
  if (item.consistency !== undefined) v.consistency = str(item.consistency);
  if (isYamlMap(item.bind)) {
    const b = item.bind;
    v.bind = {};
    if (b.propagation !== undefined) v.bind.propagation = str(b.propagation);
    if (b.create_host_path !== undefined) v.bind.create_host_path = toBool(b.create_host_path, `${path}.bind.create_host_path`);
    if (b.selinux === 'z' || b.selinux === 'Z') v.bind.selinux = b.selinux;
  }
  if (isYamlMap(item.volume)) {
    v.volume = {};
    if (item.volume.nocopy !== undefined) v.volume.nocopy = toBool(item.volume.nocopy, `${path}.volume.nocopy`);
    if (item.volume.subpath !== undefined) v.volume.subpath = str(item.volume.subpath);
  }
  if (isYamlMap(item.tmpfs)) {
    v.tmpfs = {};
    if (item.tmpfs.size !== undefined) v.tmpfs.size = toSize(item.tmpfs.size, `${path}.tmpfs.size`);
    if (item.tmpfs.mode !== undefined) v.tmpfs.mode = typeof item.tmpfs.mode === 'string' ? parseInt(item.tmpfs.mode, 8) : toNumber(item.tmpfs.mode, `${path}.tmpfs.mode`);
  }
  return v;
}

export function normalizeVolumes(v: Yaml, path: string, ctx: PathContext): ServiceVolumeConfig[] {
  if (!Array.isArray(v)) return [];
  return v.map((item, i) => (isYamlMap(item) ? longForm(item, `${path}.${i}`, ctx) : parseVolumeShort(str(item), ctx)));
}

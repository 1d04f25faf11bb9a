/**
 * Mount flags as docker turns them into a create body: `-v src:dst[:opts]`
 * into Binds (relative `./src` made absolute) or an anonymous volume,
 * `--mount type=…,source=…,target=…` into Mounts, `--tmpfs /dst[:opts]` into Tmpfs.
 */
import { resolve } from 'node:path';
import { invalidArgument } from '../../errdefs/index.js';
import type { MountSpec } from '../../apitypes/containers.js';
import { ramInBytes } from '../../util/units.js';

export interface VolumeFlags {
  binds: string[];
  /** Anonymous volumes: `-v /data`. */
  volumes: Record<string, Record<string, never>>;
}

export function parseVolumes(specs: readonly string[], cwd: string = process.cwd()): VolumeFlags {
  const binds: string[] = [];
  const volumes: VolumeFlags['volumes'] = {};
  for (const spec of specs) {
    if (spec === '') throw invalidArgument('invalid empty volume spec');
    const colon = spec.indexOf(':');
    if (colon < 0) {
      volumes[spec] = {};
      continue;
    }
    let source = spec.slice(0, colon);
    if (source.startsWith('.')) source = resolve(cwd, source);
    binds.push(`${source}${spec.slice(colon)}`);
  }
  return { binds, volumes };
}

export function parseTmpfs(specs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const spec of specs) {
    const colon = spec.indexOf(':');
    if (colon < 0) out[spec] = '';
    else out[spec.slice(0, colon)] = spec.slice(colon + 1);
  }
  return out;
}

function parseBool(key: string, value: string | undefined, spec: string): boolean {
  if (value === undefined) return true;
  if (/^(1|true)$/i.test(value)) return true;
  if (/^(0|false)$/i.test(value)) return false;
  throw invalidArgument(`invalid value for ${key}: ${value} in '${spec}'`);
}

function kvInto(target: Record<string, string>, value: string): void {
  const eq = value.indexOf('=');
  if (eq < 0) target[value] = '';
  else target[value.slice(0, eq)] = value.slice(eq + 1);
}

/** One `--mount` value (CSV of key=value; a bare `readonly` is true). */
export function parseMount(spec: string): MountSpec {
  const m: MountSpec = { Type: 'volume' };
  const fields = spec.split(',').map((f) => f.trim()).filter((f) => f !== '');
  for (const field of fields) {
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
    const value = eq < 0 ? undefined : field.slice(eq + 1);
    if (value === undefined && key !== 'readonly' && key !== 'ro' && key !== 'volume-nocopy' && key !== 'bind-nonrecursive') {
      throw invalidArgument(`invalid field '${field}' must be a key=value pair`);
    }
    const v = value ?? '';
    switch (key) {
      case 'type':
        if (v !== 'bind' && v !== 'volume' && v !== 'tmpfs') throw invalidArgument(`invalid mount type: ${v}`);
        m.Type = v;
        break;
      case 'source':
      case 'src':
        m.Source = v;
        break;
      case 'target':
      case 'dst':
      case 'destination':
        m.Target = v;
        break;
      case 'readonly':
      case 'ro':
        m.ReadOnly = parseBool(key, value, spec);
        break;
      case 'consistency':
        m.Consistency = v;
        break;
      case 'bind-propagation':
        m.BindOptions = { ...m.BindOptions, Propagation: v };
        break;
      case 'bind-nonrecursive':
        m.BindOptions = { ...m.BindOptions, NonRecursive: parseBool(key, value, spec) };
        break;
      case 'volume-nocopy':
        m.VolumeOptions = { ...m.VolumeOptions, NoCopy: parseBool(key, value, spec) };
        break;
      case 'volume-label':
        m.VolumeOptions = { ...m.VolumeOptions, Labels: { ...m.VolumeOptions?.Labels } };
        kvInto(m.VolumeOptions.Labels!, v);
        break;
      case 'volume-driver':
        m.VolumeOptions = { ...m.VolumeOptions, DriverConfig: { ...m.VolumeOptions?.DriverConfig, Name: v } };
        break;
      case 'volume-opt': {
        const driver = { ...m.VolumeOptions?.DriverConfig, Options: { ...m.VolumeOptions?.DriverConfig?.Options } };
        kvInto(driver.Options, v);
        m.VolumeOptions = { ...m.VolumeOptions, DriverConfig: driver };
        break;
      }
      case 'tmpfs-size':
        m.TmpfsOptions = { ...m.TmpfsOptions, SizeBytes: ramInBytes(v) };
        break;
      case 'tmpfs-mode': {
        const mode = parseInt(v, 8);
        if (Number.isNaN(mode)) throw invalidArgument(`invalid value for ${key}: ${v}`);
        m.TmpfsOptions = { ...m.TmpfsOptions, Mode: mode };
        break;
      }
      default:
        throw invalidArgument(`unexpected key '${key}' in '${field}'`);
    }
  }
  if (!m.Target) throw invalidArgument('target is required');
  if (m.BindOptions && m.Type !== 'bind') throw invalidArgument(`cannot mix 'bind-*' options with mount type '${m.Type}'`);
  if (m.VolumeOptions && m.Type !== 'volume') throw invalidArgument(`cannot mix 'volume-*' options with mount type '${m.Type}'`);
  if (m.TmpfsOptions && m.Type !== 'tmpfs') throw invalidArgument(`cannot mix 'tmpfs-*' options with mount type '${m.Type}'`);
  return m;
}

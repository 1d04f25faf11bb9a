/**
 * `RUN --mount=type=cache,target=/root/.cache,…`: a CSV record of key=value
 * fields, checked with BuildKit's rules and messages. Values may use build
 * variables, so full parsing waits for the builder's expander; at parse time
 * only the CSV and `from=` (which may not use variables) are checked.
 */
import { invalidArgument } from '../../errdefs/index.js';
import { goQuote } from './go-text.js';
import { withSuggestion } from './suggest.js';
import { ramInBytes } from '../../util/units.js';

export type MountType = 'bind' | 'cache' | 'tmpfs' | 'secret' | 'ssh';
export type CacheSharing = 'shared' | 'private' | 'locked';

export interface RunMount {
  type: MountType;
  from: string;
  source: string;
  target: string;
  readOnly: boolean;
  /** tmpfs size in bytes; 0 for no limit. */
  sizeLimit: number;
  cacheId: string;
  cacheSharing?: CacheSharing;
  required: boolean;
  /** Secret exposed as this environment variable. */
  env?: string;
  mode?: number;
  uid?: number;
  gid?: number;
}

const MOUNT_TYPES: readonly MountType[] = ['bind', 'cache', 'tmpfs', 'secret', 'ssh'];
const SHARING: readonly CacheSharing[] = ['shared', 'private', 'locked'];
const KEYS = ['type', 'from', 'source', 'target', 'readonly', 'id', 'sharing', 'required', 'size', 'mode', 'uid', 'gid', 'src', 'dst', 'destination', 'ro', 'rw', 'readwrite', 'env'];

/** One CSV record, as Go's encoding/csv reads it (fields may be "quoted" with "" for a quote). */
export function csvFields(line: string): string[] {
  const input = line.replace(/\r?\n$/, '');
  const fail = (byteCol: number, what: string): never => {
    throw invalidArgument(`failed to parse csv mounts: parse error on line 1, column ${byteCol}: ${what}`);
  };
  if (input === '') throw invalidArgument('failed to parse csv mounts: EOF');
  const col = (i: number): number => Buffer.byteLength(input.slice(0, i)) + 1;
  const fields: string[] = [];
  let pos = 0;
  for (;;) {
    if (input[pos] !== '"') {
      const comma = input.indexOf(',', pos);
      const field = input.slice(pos, comma < 0 ? undefined : comma);
      const q = field.indexOf('"');
      if (q >= 0) fail(col(pos + q), 'bare " in non-quoted-field');
      fields.push(field);
      if (comma < 0) return fields;
      pos = comma + 1;
      continue;
    }
    let field = '';
    pos++;
    for (;;) {
      const q = input.indexOf('"', pos);
      if (q < 0) fail(col(pos), 'extraneous or missing " in quoted-field');
      field += input.slice(pos, q);
      pos = q + 1;
      if (input[pos] === '"') {
        field += '"';
        pos++;
      } else if (input[pos] === ',') {
        fields.push(field);
        pos++;
        break;
      } else if (pos === input.length) {
        fields.push(field);
        return fields;
      } else fail(col(pos - 1), 'extraneous or missing " in quoted-field');
    }
  }
}

/** The `from=` of a mount spec, checking it uses no variables (BuildKit resolves stages before expanding). */
export function mountFrom(spec: string): string | undefined {
  let from: string | undefined;
  for (const field of csvFields(spec)) {
    const eq = field.indexOf('=');
    if (eq < 0 || field.slice(0, eq).toLowerCase() !== 'from') continue;
    const value = field.slice(eq + 1);
    const dollar = value.indexOf('$');
    if (dollar >= 0 && dollar !== value.length - 1) throw invalidArgument("'from' doesn't support variable expansion, define alias stage instead");
    from = value;
  }
  return from;
}

function parseBool(key: string, value: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  throw invalidArgument(`invalid value for ${key}: ${value}`);
}

function parseUint32(value: string, radix: 8 | 10, what: string): number {
  const digits = radix === 8 ? /^[0-7]+$/ : /^\d+$/;
  const n = digits.test(value) ? parseInt(value, radix) : NaN;
  if (!(n <= 0xffffffff)) throw invalidArgument(`invalid value ${value} for ${what}`);
  return n;
}

/** `size=` of a tmpfs mount, in BuildKit's words when it does not parse. */
function sizeLimit(value: string): number {
  try {
    return ramInBytes(value);
  } catch {
    throw invalidArgument(`invalid value for size: ${value}`);
  }
}

/** A mount spec fully parsed, each value passed through `expand` (the build's variable expansion). */
// Long on purpose: one flat switch over the mount keys, as BuildKit's parser has it.
export function parseRunMount(spec: string, expand: (word: string) => string): RunMount {
  const m: RunMount = { type: 'bind', from: '', source: '', target: '', readOnly: false, sizeLimit: 0, cacheId: '', required: false };
  let roAuto = true;
  const needsType = (key: string, ...types: MountType[]): void => {
    if (!types.includes(m.type)) throw invalidArgument(`unexpected key '${key}' for mount type '${m.type}'`);
  };
  for (const field of csvFields(spec)) {
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
    if (eq < 0) {
      if (key === 'readonly' || key === 'ro' || key === 'readwrite' || key === 'rw') {
        m.readOnly = key === 'readonly' || key === 'ro';
        roAuto = false;
      } else if (key === 'required') {
        needsType(key, 'secret', 'ssh');
        m.required = true;
      } else throw invalidArgument(`invalid field '${field}' must be a key=value pair`);
      continue;
    }
    const value = expand(field.slice(eq + 1));
    switch (key) {
      case 'type': {
        const t = value.toLowerCase() as MountType;
        if (!MOUNT_TYPES.includes(t)) throw invalidArgument(withSuggestion(`unsupported mount type ${goQuote(value)}`, value, MOUNT_TYPES, true));
        m.type = t;
        break;
      }
      case 'from':
        m.from = value;
        break;
      case 'source':
      case 'src':
        m.source = value;
        break;
      case 'target':
      case 'dst':
      case 'destination':
        m.target = value;
        break;
      case 'readonly':
      case 'ro':
        m.readOnly = parseBool(key, value);
        roAuto = false;
        break;
      case 'readwrite':
      case 'rw':
        m.readOnly = !parseBool(key, value);
        roAuto = false;
        break;
      case 'required':
        needsType(key, 'secret', 'ssh');
        m.required = parseBool(key, value);
        break;
      case 'size':
        needsType(key, 'tmpfs');
        m.sizeLimit = sizeLimit(value);
        break;
      case 'id':
        m.cacheId = value;
        break;
      case 'sharing': {
        const s = value.toLowerCase() as CacheSharing;
        if (!SHARING.includes(s)) throw invalidArgument(withSuggestion(`unsupported sharing value ${goQuote(value)}`, value, SHARING, true));
        m.cacheSharing = s;
        break;
      }
      case 'mode':
        m.mode = parseUint32(value, 8, 'mode');
        break;
      case 'uid':
        m.uid = parseUint32(value, 10, 'uid');
        break;
      case 'gid':
        m.gid = parseUint32(value, 10, 'gid');
        break;
      case 'env':
        m.env = value;
        break;
      default:
        throw invalidArgument(withSuggestion(`unexpected key '${key}' in '${field}'`, key, KEYS, true));
    }
  }
  checkMount(m);
  if (roAuto) m.readOnly = m.type !== 'cache' && m.type !== 'tmpfs';
  return m;
}

function checkMount(m: RunMount): void {
  if (m.type !== 'secret' && m.type !== 'ssh' && m.type !== 'cache') {
    for (const k of ['mode', 'uid', 'gid'] as const) {
      if (m[k] !== undefined) throw invalidArgument(`${k} not allowed for "${m.type}" type mounts`);
    }
  }
  if (m.type === 'secret') {
    if (m.from !== '') throw invalidArgument('secret mount should not have a from');
    if (m.cacheSharing !== undefined) throw invalidArgument('secret mount should not define sharing');
    if (m.source === '' && m.target === '' && m.cacheId === '') throw invalidArgument('invalid secret mount. one of source, target required');
    if (m.source !== '' && m.cacheId !== '') throw invalidArgument("both source and id can't be set");
  }
  if (m.cacheSharing !== undefined && m.type !== 'cache') throw invalidArgument(`invalid cache sharing set for ${m.type} mount`);
}

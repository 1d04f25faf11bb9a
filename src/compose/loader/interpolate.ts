/**
 * The Compose Specification's interpolation: `$$`, `$V`, `${V}`, `${V:-d}`,
 * `${V-d}`, `${V:?err}`, `${V?err}`, `${V:+alt}`, `${V+alt}`, nested in
 * defaults; applied to values only, never to keys. Error texts are compose-go's.
 */
import { invalidArgument } from '../../errdefs/index.js';
import { Tagged, type Yaml, type YamlMap } from './yaml.js';

export type Lookup = (name: string) => string | undefined;

export interface Interpolation {
  lookup: Lookup;
  /** Told of each variable used without a value or default (v2 warns and uses ""). */
  onUnset?: (name: string) => void;
}

class InvalidTemplate extends Error {}
class MissingRequired extends Error {}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

/** The index just past the `}` closing a `${` whose body starts at `from`; -1 when unclosed. */
function closingBrace(s: string, from: number): number {
  let depth = 1;
  for (let i = from; i < s.length; i++) {
    if (s[i] === '$' && (s[i + 1] === '$' || s[i + 1] === '{')) {
      if (s[i + 1] === '{') depth++;
      i++;
    } else if (s[i] === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

function readName(s: string, from: number): number {
  let i = from;
  if (i < s.length && NAME_START.test(s[i]!)) while (i < s.length && NAME_CHAR.test(s[i]!)) i++;
  return i;
}

function braced(body: string, ctx: Interpolation): string {
  const end = readName(body, 0);
  const name = body.slice(0, end);
  if (name === '') throw new InvalidTemplate();
  const rest = body.slice(end);
  const value = ctx.lookup(name);
  if (rest === '') {
    if (value === undefined) ctx.onUnset?.(name);
    return value ?? '';
  }
  const m = /^(:?)([-?+])/.exec(rest);
  if (!m) throw new InvalidTemplate();
  const arg = rest.slice(m[0].length);
  const missing = m[1] === ':' ? value === undefined || value === '' : value === undefined;
  switch (m[2]) {
    case '-':
      return missing ? substitute(arg, ctx) : value!;
    case '+':
      return missing ? '' : substitute(arg, ctx);
    default: {
      if (!missing) return value!;
      const reason = substitute(arg, ctx);
      throw new MissingRequired(`required variable ${name} is missing a value${reason === '' ? '' : `: ${reason}`}`);
    }
  }
}

function substitute(s: string, ctx: Interpolation): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    const dollar = s.indexOf('$', i);
    if (dollar < 0) return out + s.slice(i);
    out += s.slice(i, dollar);
    const next = s[dollar + 1];
    if (next === '$') {
      out += '$';
      i = dollar + 2;
    } else if (next === '{') {
      const close = closingBrace(s, dollar + 2);
      if (close < 0) throw new InvalidTemplate();
      out += braced(s.slice(dollar + 2, close - 1), ctx);
      i = close;
    } else {
      const end = readName(s, dollar + 1);
      if (end === dollar + 1) throw new InvalidTemplate();
      const name = s.slice(dollar + 1, end);
      const value = ctx.lookup(name);
      if (value === undefined) ctx.onUnset?.(name);
      out += value ?? '';
      i = end;
    }
  }
  return out;
}

/** Interpolates one value; `path` (`services.web.image`) names it in errors. */
export function interpolateString(s: string, ctx: Interpolation, path: string): string {
  try {
    return substitute(s, ctx);
  } catch (err) {
    if (err instanceof InvalidTemplate) throw invalidArgument(`invalid interpolation format for ${path}.\nYou may need to escape any $ with another $.\n${s}`);
    if (err instanceof MissingRequired) throw invalidArgument(`error while interpolating ${path}: ${err.message}`);
    throw err;
  }
}

/** Interpolates every string value of a tree (keys stay as written). */
export function interpolateTree(v: Yaml, ctx: Interpolation, path: readonly string[] = []): Yaml {
  if (typeof v === 'string') return interpolateString(v, ctx, path.join('.'));
  if (v instanceof Tagged) return new Tagged(v.tag, interpolateTree(v.value, ctx, path));
  if (Array.isArray(v)) return v.map((item) => interpolateTree(item, ctx, [...path, '[]']));
  if (v !== null && typeof v === 'object') {
    const out: YamlMap = {};
    for (const [k, item] of Object.entries(v)) out[k] = interpolateTree(item, ctx, [...path, k]);
    return out;
  }
  return v;
}

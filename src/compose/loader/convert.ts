/** Scalar conversions the normalizer shares: values may be strings after interpolation (`replicas: ${N}`). */
import { invalidArgument } from '../../errdefs/index.js';
import { formatDuration, parseDuration } from '../../util/go-duration.js';
import { ramInBytes } from '../../util/units.js';
import { isYamlMap, type Yaml } from './yaml.js';

export function str(v: Yaml): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

export function toInt(v: Yaml, path: string): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^[-+]?\d+$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isInteger(n)) throw invalidArgument(`${path} must be an integer`);
  return n;
}

export function toNumber(v: Yaml, path: string): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (Number.isNaN(n)) throw invalidArgument(`${path} must be a number`);
  return n;
}

/** YAML 1.1's booleans too, as compose-go casts interpolated values. */
export function toBool(v: Yaml, path: string): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    if (/^(y|yes|true|on)$/i.test(v)) return true;
    if (/^(n|no|false|off)$/i.test(v)) return false;
  }
  throw invalidArgument(`${path} must be a boolean`);
}

/** Bytes from a number or a size (`512m`, `1gb`). */
export function toSize(v: Yaml, path: string): number {
  if (typeof v === 'number') return v;
  try {
    return ramInBytes(str(v).trim());
  } catch {
    throw invalidArgument(`${path} must be a size (such as 512m): ${str(v)}`);
  }
}

/** A Go duration, printed as Go prints it (`90s` → `1m30s`). */
export function toDuration(v: Yaml, path: string): string {
  const ns = parseDuration(str(v));
  if (ns === undefined) throw invalidArgument(`${path} must be a duration: ${JSON.stringify(v)}`);
  return formatDuration(ns);
}

/** A string or a list of strings, as a list. */
export function stringList(v: Yaml): string[] {
  if (v === null) return [];
  return Array.isArray(v) ? v.map(str) : [str(v)];
}

/**
 * list_or_dict: `["K=V", "K"]` or `{K: V, K2: null}` → a mapping; a list item
 * without the separator (and a null value) is null ("from the environment").
 */
export function mapping(v: Yaml, sep = '='): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  if (Array.isArray(v)) {
    for (const item of v) {
      const s = str(item);
      const i = s.indexOf(sep);
      if (i < 0) out[s] = null;
      else out[s.slice(0, i)] = s.slice(i + sep.length);
    }
  } else if (isYamlMap(v)) {
    for (const [k, item] of Object.entries(v)) out[k] = item === null ? null : str(item);
  }
  return out;
}

/** A mapping whose null values are empty strings (labels, sysctls, driver options). */
export function stringMapping(v: Yaml, sep = '='): Record<string, string> {
  return Object.fromEntries(Object.entries(mapping(v, sep)).map(([k, val]) => [k, val ?? '']));
}

/** A command string split as a POSIX shell splits words (quotes and backslashes; no expansion). */
export function shellSplit(s: string, path: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < s.length && '"\\$`'.includes(s[i + 1]!)) word += s[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < s.length) {
      word += s[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw invalidArgument(`${path}: invalid command line string`);
  if (inWord) words.push(word);
  return words;
}

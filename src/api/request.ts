/**
 * Request parsing as moby's httputils does it: Docker booleans, integers,
 * `filters`, timestamps and JSON bodies. Every failure is invalid-argument (400).
 */
import type { Readable } from 'node:stream';
import type { Filters } from '../apitypes/containers.js';
import { invalidArgument } from '../errdefs/index.js';
import type { Exchange } from './exchange.js';
import { rememberNumberLiterals } from './json-numbers.js';

const FALSE_WORDS = new Set(['', '0', 'no', 'false', 'none']);
/**
 * JSON bodies are configs (a container's is a few KiB), never payloads, and
 * JSON.parse runs on the event loop at tens of milliseconds a MiB of small
 * values: the cap keeps any one request's parse short. Build contexts and
 * image tarballs are streams, never read through here.
 */
const MAX_JSON_BODY = 1 << 20;
/** encoding/json's limit (Go refuses deeper nesting); V8 takes about a microsecond a level. */
const MAX_JSON_DEPTH = 10_000;

/** Docker's truthiness: anything but '', 0, no, false, none (any case) is true. */
export function boolValue(query: URLSearchParams, key: string): boolean {
  return !FALSE_WORDS.has((query.get(key) ?? '').trim().toLowerCase());
}

/** The default applies only when the key is absent, as in moby's BoolValueOrDefault. */
export function boolValueOrDefault(query: URLSearchParams, key: string, def: boolean): boolean {
  return query.has(key) ? boolValue(query, key) : def;
}

/** Strict base-10 integer, with Go's strconv.Atoi error text. */
export function parseIntStrict(s: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw invalidArgument(`strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = Number.parseInt(s, 10);
  if (!Number.isSafeInteger(n)) throw invalidArgument(`strconv.Atoi: parsing ${JSON.stringify(s)}: value out of range`);
  return n;
}

/** undefined when the parameter is absent or empty. */
export function optionalInt(query: URLSearchParams, key: string): number | undefined {
  const s = query.get(key);
  return s === null || s === '' ? undefined : parseIntStrict(s);
}

/** Unix seconds from Docker's `seconds[.nanoseconds]` form or an RFC 3339 date; undefined when empty. */
export function parseTimestamp(query: URLSearchParams, key: string): number | undefined {
  const s = query.get(key) ?? '';
  if (s === '') return undefined;
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
  const ms = Date.parse(s);
  if (Number.isNaN(ms)) throw invalidArgument(`invalid value for ${key}: ${JSON.stringify(s)}`);
  return ms / 1000;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The `filters` parameter: `{"key":{"value":true}}` (what clients send today) or the
 * legacy `{"key":["value"]}`. Empty means no filters.
 */
export function parseFilters(query: URLSearchParams): Filters {
  const raw = query.get('filters') ?? '';
  if (raw === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalidArgument('invalid filter');
  }
  if (parsed === null) return {};
  if (!isPlainObject(parsed)) throw invalidArgument('invalid filter');
  const values = Object.values(parsed);
  const filters: Filters = {};
  if (values.every((v) => isPlainObject(v) && Object.values(v).every((b) => typeof b === 'boolean'))) {
    for (const [key, set] of Object.entries(parsed as Record<string, Record<string, boolean>>)) filters[key] = Object.keys(set);
    return filters;
  }
  if (values.every((v) => Array.isArray(v) && v.every((s) => typeof s === 'string'))) {
    for (const [key, list] of Object.entries(parsed as Record<string, string[]>)) filters[key] = [...new Set(list)];
    return filters;
  }
  throw invalidArgument('invalid filter');
}

/** Whether the request carries a body (a length above zero, or chunked). */
export function hasBody(ex: Exchange): boolean {
  const { headers } = ex.req;
  if (headers['transfer-encoding'] !== undefined) return true;
  return Number(headers['content-length'] ?? 0) > 0;
}

/** moby's CheckForJSON: no Content-Type is fine without a body; otherwise it must be application/json. */
function checkForJson(ex: Exchange): void {
  const ct = ex.req.headers['content-type'] ?? '';
  if (ct === '' && !hasBody(ex)) return;
  const mediaType = ct.split(';')[0].trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw invalidArgument(`unsupported Content-Type header (${ct}): must be 'application/json'`);
  }
}

async function readAll(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw invalidArgument(`request body is larger than ${limit} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** Refuses nesting deeper than Go's decoder takes, with its message, before parsing. */
function checkJsonDepth(text: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_JSON_DEPTH) throw invalidArgument(`invalid JSON: invalid character '${text[i]}' exceeded max depth`);
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
}

/**
 * A JSON body. Without a body: undefined when `optional`, else Docker's EOF error.
 * A literal `null` gives undefined (callers decide what an empty config means).
 * Anything but an object is refused.
 */
export async function readJson<T extends object>(ex: Exchange, opts: { optional: boolean }): Promise<T | undefined> {
  checkForJson(ex);
  const text = hasBody(ex) ? (await readAll(ex.body, MAX_JSON_BODY)).toString('utf8') : '';
  if (text.trim() === '') {
    if (opts.optional) return undefined;
    throw invalidArgument('invalid JSON: got EOF while reading request body');
  }
  checkJsonDepth(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw invalidArgument(`invalid JSON: ${(err as Error).message}`);
  }
  if (value === null) return undefined;
  if (!isPlainObject(value)) throw invalidArgument('invalid JSON: the body must be a JSON object');
  rememberNumberLiterals(value, text);
  return value as T;
}

/**
 * The log drivers Wharf has and Docker's rules for their options (moby's
 * logger.ValidateLogOpts at create, each driver's New at start). Whatever the
 * driver's name, the log on disk is conmon's k8s-file format (runtime/log-format.ts):
 * the name decides how it rotates, not how it is written.
 */
import type { HostConfig } from '../../apitypes/containers.js';
import { WharfError, invalidArgument } from '../../errdefs/index.js';
import type { LogRotation } from '../../runtime/index.js';
import { fromHumanSize, ramInBytes } from '../../util/units.js';

export const DEFAULT_LOG_DRIVER = 'json-file';

type LogConfig = NonNullable<HostConfig['LogConfig']>;

/** Options every driver takes (tag and attributes, which a k8s-file record has no room for). */
const COMMON_OPTS = ['env', 'env-regex', 'labels', 'labels-regex', 'tag'];
const DRIVER_OPTS: Record<string, ReadonlySet<string>> = {
  'json-file': new Set([...COMMON_OPTS, 'max-file', 'max-size', 'compress']),
  local: new Set([...COMMON_OPTS, 'max-file', 'max-size', 'compress']),
};

/** Docker's local driver: 20 MiB × 5 unless told otherwise. */
const LOCAL_MAX_SIZE = 20 * 1024 * 1024;
const LOCAL_MAX_FILES = 5;

/** How the log of one run is kept: no log at all, or one that may rotate. */
export type LogSettings = { read: false } | { read: true; rotation?: LogRotation };

/** Create's check, with Docker's messages; returns the config inspect shows. */
export function verifyLogConfig(lc: LogConfig | undefined): { Type: string; Config: Record<string, string> } {
  const type = lc?.Type || DEFAULT_LOG_DRIVER;
  const config = lc?.Config ?? {};
  if (type === 'none') return { Type: type, Config: config };
  const mode = config.mode ?? '';
  if (mode !== '' && mode !== 'blocking' && mode !== 'non-blocking') throw invalidArgument(`logger: logging mode not supported: ${mode}`);
  if (config['max-buffer-size'] !== undefined) {
    if (mode !== 'non-blocking') throw invalidArgument("logger: max-buffer-size option is only supported with 'mode=non-blocking'");
    try {
      ramInBytes(config['max-buffer-size']);
    } catch (err) {
      throw invalidArgument(`error parsing option max-buffer-size: ${(err as Error).message}`);
    }
  }
  const known = DRIVER_OPTS[type];
  if (!known) throw invalidArgument(`logger: no log driver named '${type}' is registered`);
  for (const key of Object.keys(config)) {
    if (key === 'mode' || key === 'max-buffer-size' || known.has(key)) continue;
    throw invalidArgument(type === 'json-file' ? `unknown log opt '${key}' for json-file log driver` : `unknown log opt '${key}' for log driver ${type}`);
  }
  return { Type: type, Config: config };
}

/** Go's strconv error wording, which Docker passes through. */
function atoi(s: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw new Error(`strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
  return Number(s);
}

function parseBool(s: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  throw new Error(`strconv.ParseBool: parsing ${JSON.stringify(s)}: invalid syntax`);
}

/** moby's jsonfilelog.New: no max-size, no rotation. */
function jsonFileSettings(opts: Record<string, string>): LogSettings {
  let maxSize: number | undefined;
  if (opts['max-size'] !== undefined) {
    maxSize = fromHumanSize(opts['max-size']);
    if (maxSize <= 0) throw new Error('max-size must be a positive number');
  }
  let maxFiles = 1;
  if (opts['max-file'] !== undefined) {
    maxFiles = atoi(opts['max-file']);
    if (maxFiles < 1) throw new Error('max-file cannot be less than 1');
  }
  if (opts.compress !== undefined && parseBool(opts.compress) && (maxFiles === 1 || maxSize === undefined)) {
    throw new Error('compress cannot be true when max-file is less than 2 or max-size is not set');
  }
  return { read: true, ...(maxSize ? { rotation: { maxSize, maxFiles } } : {}) };
}

/** moby's local newConfig: rotates by default, compresses by default (Wharf keeps rotated files as they are). */
function localSettings(opts: Record<string, string>): LogSettings {
  const v = (key: string, parse: (s: string) => number): number | undefined => {
    const s = opts[key];
    if (s === undefined) return undefined;
    try {
      return parse(s);
    } catch (err) {
      throw new Error(`invalid value for ${key}: ${s}: ${(err as Error).message}`);
    }
  };
  const maxSize = v('max-size', fromHumanSize) ?? LOCAL_MAX_SIZE;
  const maxFiles = v('max-file', atoi) ?? LOCAL_MAX_FILES;
  let compress = true;
  if (opts.compress !== undefined) {
    try {
      compress = parseBool(opts.compress);
    } catch (err) {
      throw new Error(`invalid boolean value for compress: ${(err as Error).message}`);
    }
  }
  if (maxFiles < 0) throw new Error('max-file must not be negative');
  if (compress && maxFiles <= 1) throw new Error('compression cannot be enabled when max file count is 1');
  return { read: true, ...(maxSize > 0 ? { rotation: { maxSize, maxFiles: Math.max(maxFiles, 1) } } : {}) };
}

/**
 * Start's reading of the options: a bad value fails the start as Docker's logger does.
 * Records made when the default was named k8s-file read as json-file: the same log.
 */
export function logSettings(lc: LogConfig | undefined): LogSettings {
  const type = lc?.Type || DEFAULT_LOG_DRIVER;
  const opts = lc?.Config ?? {};
  if (type === 'none') return { read: false };
  try {
    return type === 'local' ? localSettings(opts) : jsonFileSettings(opts);
  } catch (err) {
    throw new WharfError('internal', `failed to create task for container: failed to initialize logging driver: ${(err as Error).message}`);
  }
}

/** Whether `docker logs` and attach's replay can read this container's log. */
export function logsReadable(lc: LogConfig | undefined): boolean {
  return lc?.Type !== 'none';
}


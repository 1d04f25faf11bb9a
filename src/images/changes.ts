/**
 * Dockerfile-like change lines for `docker commit --change` and `docker import
 * --change`: the instructions Docker accepts there, applied to an image config.
 */
import { invalidArgument } from '../errdefs/index.js';
import type { HealthConfig, ImageRuntimeConfig } from '../oci/image.js';

const ALLOWED = ['CMD', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'HEALTHCHECK', 'LABEL', 'ONBUILD', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR'];
const DEFAULT_SHELL = ['/bin/sh', '-c'];

/** A copy of `base` with `changes` applied in order. */
export function applyChanges(base: ImageRuntimeConfig, changes: string[]): ImageRuntimeConfig {
  const cfg: ImageRuntimeConfig = structuredClone(base);
  let cmdSet = false;
  for (const line of changes) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    const m = /^(\S+)\s*([\s\S]*)$/.exec(trimmed) as RegExpExecArray;
    const instr = m[1].toUpperCase();
    const rest = m[2].trim();
    if (!ALLOWED.includes(instr)) throw invalidArgument(`${m[1].toLowerCase()} is not a valid change command`);
    switch (instr) {
      case 'CMD':
        cfg.Cmd = commandForm(rest, cfg.Shell);
        cmdSet = true;
        break;
      case 'ENTRYPOINT':
        cfg.Entrypoint = commandForm(rest, cfg.Shell);
        // As the builder: a new entrypoint drops an inherited CMD unless one was given too.
        if (!cmdSet) cfg.Cmd = null;
        break;
      case 'ENV':
        for (const [k, v] of keyValues(rest, 'ENV', true)) {
          const env = (cfg.Env ?? []).filter((e) => e.split('=')[0] !== k);
          env.push(`${k}=${v}`);
          cfg.Env = env;
        }
        break;
      case 'LABEL':
        cfg.Labels = { ...cfg.Labels, ...Object.fromEntries(keyValues(rest, 'LABEL', false)) };
        break;
      case 'EXPOSE':
        cfg.ExposedPorts = { ...cfg.ExposedPorts };
        for (const word of words(rest)) for (const p of expandPorts(word)) cfg.ExposedPorts[p] = {};
        break;
      case 'VOLUME': {
        cfg.Volumes = { ...cfg.Volumes };
        for (const v of jsonArray(rest) ?? words(rest)) cfg.Volumes[v] = {};
        break;
      }
      case 'USER':
        cfg.User = rest;
        break;
      case 'WORKDIR':
        cfg.WorkingDir = rest.startsWith('/') || !cfg.WorkingDir ? normalizeDir(rest) : normalizeDir(`${cfg.WorkingDir}/${rest}`);
        break;
      case 'STOPSIGNAL':
        cfg.StopSignal = rest;
        break;
      case 'ONBUILD':
        cfg.OnBuild = [...(cfg.OnBuild ?? []), rest];
        break;
      case 'HEALTHCHECK':
        cfg.Healthcheck = healthcheck(rest);
        break;
    }
  }
  return cfg;
}

function commandForm(rest: string, shell: string[] | undefined): string[] {
  return jsonArray(rest) ?? [...(shell ?? DEFAULT_SHELL), rest];
}

function jsonArray(s: string): string[] | undefined {
  if (!s.startsWith('[')) return undefined;
  try {
    const v: unknown = JSON.parse(s);
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  } catch {
    // not JSON: shell form
  }
  return undefined;
}

/** Split on unquoted whitespace; quotes group and are removed; backslash escapes the next character. */
export function words(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < s.length) cur += s[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < s.length) {
      cur += s[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (quote) throw invalidArgument(`unmatched quote in: ${s}`);
  if (inWord) out.push(cur);
  return out;
}

/** `k=v k2="v 2"`; ENV also takes the legacy `KEY value with spaces`. */
function keyValues(rest: string, instr: string, legacy: boolean): Array<[string, string]> {
  const ws = words(rest);
  if (ws.length === 0) throw invalidArgument(`${instr} requires at least one argument`);
  if (!ws[0].includes('=')) {
    if (!legacy) throw invalidArgument(`${instr} names can not be blank`);
    const m = /^(\S+)\s+([\s\S]*)$/.exec(rest);
    if (!m) throw invalidArgument(`${instr} must have two arguments`);
    return [[m[1], words(m[2]).join(' ')]];
  }
  return ws.map((w) => {
    const eq = w.indexOf('=');
    if (eq <= 0) throw invalidArgument(`${instr} names can not be blank`);
    return [w.slice(0, eq), w.slice(eq + 1)];
  });
}

function expandPorts(spec: string): string[] {
  const m = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i.exec(spec);
  if (!m) throw invalidArgument(`invalid containerPort: ${spec}`);
  const proto = (m[3] ?? 'tcp').toLowerCase();
  const start = Number(m[1]);
  const end = m[2] === undefined ? start : Number(m[2]);
  if (end < start || end > 65535) throw invalidArgument(`invalid range specified for container port: ${spec}`);
  const out: string[] = [];
  for (let p = start; p <= end; p++) out.push(`${p}/${proto}`);
  return out;
}

function normalizeDir(p: string): string {
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return '/' + parts.join('/');
}

const DURATION_UNITS: Record<string, number> = { ns: 1, us: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** `NONE`, or `[--interval=… --timeout=… --start-period=… --start-interval=… --retries=…] CMD …`; durations in ns as Docker stores them. */
function healthcheck(rest: string): HealthConfig {
  if (rest.toUpperCase() === 'NONE') return { Test: ['NONE'] };
  const hc: HealthConfig = {};
  let s = rest;
  for (let m = /^--([a-z-]+)=(\S+)\s+/.exec(s); m; m = /^--([a-z-]+)=(\S+)\s+/.exec(s)) {
    const [, flag, value] = m;
    if (flag === 'retries') hc.Retries = Number(value);
    else {
      const ns = [...value.matchAll(/(\d+(?:\.\d+)?)(ns|us|ms|s|m|h)/g)].reduce((t, x) => t + Number(x[1]) * DURATION_UNITS[x[2]], 0);
      const key = ({ interval: 'Interval', timeout: 'Timeout', 'start-period': 'StartPeriod', 'start-interval': 'StartInterval' } as const)[flag];
      if (key === undefined) throw invalidArgument(`unknown flag: --${flag}`);
      hc[key] = ns;
    }
    s = s.slice(m[0].length);
  }
  const cmd = /^CMD\s+([\s\S]+)$/i.exec(s);
  if (!cmd) throw invalidArgument('Unknown type in HEALTHCHECK (try CMD)');
  const json = jsonArray(cmd[1].trim());
  hc.Test = json ? ['CMD', ...json] : ['CMD-SHELL', cmd[1].trim()];
  return hc;
}

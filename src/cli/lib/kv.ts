/**
 * KEY=value lists as docker reads them: `-e`, `--env-file`, `-l`,
 * `--label-file`. A bare `KEY` in an env file takes the client's own value
 * (and is dropped when unset); a bare `-e KEY` takes it when set.
 */
import { readFileSync } from 'node:fs';
import { invalidArgument } from '../../errdefs/index.js';

type Lookup = (key: string) => string | undefined;

function parseKeyValueFile(file: string, lookup: Lookup | undefined): string[] {
  const lines: string[] = [];
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    const variable = eq < 0 ? line : line.slice(0, eq);
    if (variable === '') throw invalidArgument(`no variable name on line '${line}'`);
    if (/\s/.test(variable)) throw invalidArgument(`variable '${variable}' contains whitespaces`);
    if (eq >= 0) {
      lines.push(line);
    } else if (!lookup) {
      lines.push(line);
    } else {
      const value = lookup(line);
      if (value !== undefined) lines.push(`${line}=${value}`);
    }
  }
  return lines;
}

/** Env entries: files first, then `-e` values (which win by coming later). */
export function readEnv(files: readonly string[], entries: readonly string[], env: Readonly<Record<string, string | undefined>>): string[] {
  const lookup: Lookup = (k) => env[k];
  const out = files.flatMap((f) => parseKeyValueFile(f, lookup));
  for (const e of entries) {
    if (e.startsWith('=')) throw invalidArgument(`invalid environment variable: ${e}`);
    if (!e.includes('=')) {
      const value = lookup(e);
      out.push(value === undefined ? e : `${e}=${value}`);
    } else {
      out.push(e);
    }
  }
  return out;
}

/** Label entries: files first, then `-l` values. */
export function readLabels(files: readonly string[], entries: readonly string[]): Record<string, string> {
  return kvMap([...files.flatMap((f) => parseKeyValueFile(f, undefined)), ...entries]);
}

/** `k=v` strings as a map; a bare `k` maps to "". */
export function kvMap(entries: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of entries) {
    const eq = e.indexOf('=');
    if (eq < 0) out[e] = '';
    else out[e.slice(0, eq)] = e.slice(eq + 1);
  }
  return out;
}

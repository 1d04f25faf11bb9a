/**
 * Instruction flags (`COPY --from=x`, `RUN --mount=…`): each instruction
 * declares the flags it takes, then the written ones are checked against that
 * with Docker's messages.
 */
import { invalidArgument } from '../../errdefs/index.js';
import { withSuggestion } from './suggest.js';

type FlagType = 'bool' | 'string' | 'strings';

export interface FlagSpec {
  [name: string]: FlagType;
}

export interface ParsedFlags {
  /** Names of the flags that were written, in first-seen order. */
  used: string[];
  bool(name: string): boolean | undefined;
  string(name: string): string | undefined;
  strings(name: string): string[];
}

export function parseFlags(written: readonly string[], spec: FlagSpec): ParsedFlags {
  const values = new Map<string, string | boolean | string[]>();
  for (const arg of written) {
    // A bare -- ends the flags (POSIX utility syntax).
    if (arg === '--') break;
    if (!arg.startsWith('--')) throw invalidArgument(`arg should start with -- : ${arg}`);
    const eq = arg.indexOf('=');
    const flagName = eq < 0 ? arg : arg.slice(0, eq);
    const value = eq < 0 ? '' : arg.slice(eq + 1);
    const name = flagName.slice(2);
    const type = Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (type === undefined) throw invalidArgument(withSuggestion(`unknown flag: ${flagName}`, name, Object.keys(spec), true));
    if (values.has(name) && type !== 'strings') throw invalidArgument(`duplicate flag specified: ${flagName}`);
    if (type === 'bool') {
      if (eq >= 0 && value === '') throw invalidArgument(`missing a value on flag: ${flagName}`);
      const v = value.toLowerCase();
      if (v !== '' && v !== 'true' && v !== 'false') throw invalidArgument(`expecting boolean value for flag ${flagName}, not: ${value}`);
      values.set(name, v !== 'false');
      continue;
    }
    if (eq < 0) throw invalidArgument(`missing a value on flag: ${flagName}`);
    if (type === 'string') values.set(name, value);
    else values.set(name, [...((values.get(name) as string[] | undefined) ?? []), value]);
  }
  return {
    used: [...values.keys()],
    bool: (name) => values.get(name) as boolean | undefined,
    string: (name) => values.get(name) as string | undefined,
    strings: (name) => (values.get(name) as string[] | undefined) ?? [],
  };
}

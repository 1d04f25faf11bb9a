import { invalidArgument } from '../../errdefs/index.js';
import { parseFlags } from './flags.js';
import { goQuote } from './go-text.js';
import { parseGoDuration } from '../../util/go-duration.js';
import type { HealthConfig } from './instructions.js';

const MS = 1_000_000;
const INT32_MAX = 2 ** 31 - 1;

/** A duration flag in nanoseconds; empty or zero means "inherit" (0). */
function interval(name: string, value: string | undefined): number {
  if (!value) return 0;
  const d = parseGoDuration(value);
  if (d === 0) return 0;
  if (d < MS) throw invalidArgument(`Interval ${goQuote(name)} cannot be less than 1ms`);
  return d;
}

function retries(value: string | undefined): number {
  if (!value) return 0;
  const syntax = `strconv.ParseInt: parsing ${goQuote(value)}`;
  if (!/^[+-]?\d+$/.test(value)) throw invalidArgument(`${syntax}: invalid syntax`);
  const n = Number(value);
  if (n > INT32_MAX || n < -INT32_MAX - 1) throw invalidArgument(`${syntax}: value out of range`);
  if (n < 0) throw invalidArgument(`--retries cannot be negative (${n})`);
  return n;
}

/** HEALTHCHECK NONE | [flags] CMD command, given [type, …command] and whether the command was JSON. */
export function parseHealthConfig(args: readonly string[], json: boolean, writtenFlags: readonly string[]): HealthConfig {
  if (args.length === 0) throw invalidArgument('HEALTHCHECK requires at least one argument');
  const type = (args[0] as string).toUpperCase();
  const rest = args.slice(1);
  const base = { interval: 0, timeout: 0, startPeriod: 0, startInterval: 0, retries: 0 };
  if (type === 'NONE') {
    if (rest.length !== 0) throw invalidArgument('HEALTHCHECK NONE takes no arguments');
    return { test: ['NONE'], ...base };
  }
  const flags = parseFlags(writtenFlags, {
    interval: 'string',
    timeout: 'string',
    'start-period': 'string',
    'start-interval': 'string',
    retries: 'string',
  });
  if (type !== 'CMD') throw invalidArgument(`Unknown type ${goQuote(type)} in HEALTHCHECK (try CMD)`);
  if (rest.length === 0) throw invalidArgument('Missing command after HEALTHCHECK CMD');
  return {
    test: json ? ['CMD', ...rest] : ['CMD-SHELL', rest.join(' ')],
    interval: interval('interval', flags.string('interval')),
    timeout: interval('timeout', flags.string('timeout')),
    startPeriod: interval('start-period', flags.string('start-period')),
    startInterval: interval('start-interval', flags.string('start-interval')),
    retries: retries(flags.string('retries')),
  };
}

/**
 * Template functions: Go's builtins (and, or, not, len, index, slice, print,
 * printf, println, eq, ne, lt, le, gt, ge) plus docker's (json, split, join,
 * title, lower, upper, pad, truncate), and docker's header variants that leave
 * a table's column names intact.
 */
import { formatValue, sprint, sprintf, sprintln } from './go-print.js';
import { goTypeName, isMap, isStruct, isTrue } from './value.js';

export type TemplateFunc = (...args: unknown[]) => unknown;
export type FuncMap = Readonly<Record<string, TemplateFunc>>;

function str(v: unknown): string {
  if (typeof v !== 'string') throw new Error(`wrong type for value; expected string; got ${goTypeName(v)}`);
  return v;
}

function int(v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new Error(`wrong type for value; expected int; got ${goTypeName(v)}`);
  return v;
}

function arity(name: string, args: unknown[], n: number): void {
  if (args.length !== n) throw new Error(`wrong number of args for ${name}: want ${n} got ${args.length}`);
}

function lengthOf(v: unknown): number {
  if (typeof v === 'string') return Buffer.byteLength(v);
  if (Array.isArray(v)) return v.length;
  if (isMap(v)) return Object.keys(v).length;
  throw new Error(`error calling len: len of type ${goTypeName(v)}`);
}

function indexOne(item: unknown, key: unknown): unknown {
  if (Array.isArray(item) || typeof item === 'string') {
    const i = int(key);
    const len = Array.isArray(item) ? item.length : Buffer.byteLength(item);
    if (i < 0 || i >= len) throw new Error(`error calling index: index out of range: ${i}`);
    return Array.isArray(item) ? item[i] : Buffer.from(item)[i];
  }
  if (isMap(item)) return Object.hasOwn(item, str(key)) ? item[str(key)] : undefined;
  if (item === undefined || item === null) throw new Error('error calling index: index of untyped nil');
  throw new Error(`error calling index: can't index item of type ${goTypeName(item)}`);
}

function basicKind(v: unknown): string {
  if (v === undefined || v === null) return 'nil';
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return typeof v;
  throw new Error('error calling eq: non-comparable type');
}

function equal(a: unknown, b: unknown): boolean {
  const ka = basicKind(a);
  const kb = basicKind(b);
  if (ka === 'nil' || kb === 'nil') return ka === kb;
  if (ka !== kb) throw new Error('error calling eq: incompatible types for comparison');
  return a === b;
}

function less(name: string, a: unknown, b: unknown): boolean {
  const ka = basicKind(a);
  if (ka !== basicKind(b) || (ka !== 'number' && ka !== 'string')) throw new Error(`error calling ${name}: incompatible types for comparison`);
  return (a as number | string) < (b as number | string);
}

function joinElements(elems: unknown, sep: unknown): string {
  if (elems === undefined || elems === null) return '';
  if (Array.isArray(elems)) return elems.map(formatValue).join(str(sep));
  if (isMap(elems)) return Object.values(elems).map(formatValue).sort().join(str(sep));
  throw new Error(`expected slice, got ${goTypeName(elems)}`);
}

function title(s: string): string {
  return s.replace(/(^|[^\p{L}\p{N}_'])(\p{L})/gu, (_m, pre: string, c: string) => pre + c.toUpperCase());
}

function toJSON(v: unknown): string {
  return JSON.stringify(v === undefined ? null : v) ?? 'null';
}

export const FUNCTIONS: FuncMap = {
  and: (...args) => {
    for (const a of args) if (!isTrue(a)) return a;
    return args[args.length - 1];
  },
  or: (...args) => {
    for (const a of args) if (isTrue(a)) return a;
    return args[args.length - 1];
  },
  not: (...args) => {
    arity('not', args, 1);
    return !isTrue(args[0]);
  },
  len: (...args) => {
    arity('len', args, 1);
    return lengthOf(args[0]);
  },
  index: (item, ...keys) => keys.reduce(indexOne, item),
  slice: (item, ...bounds) => {
    const [from = 0, to] = bounds.map(int);
    if (typeof item === 'string') return item.slice(from, to);
    if (Array.isArray(item)) return item.slice(from, to);
    throw new Error(`error calling slice: can't slice item of type ${goTypeName(item)}`);
  },
  print: (...args) => sprint(args),
  printf: (format, ...args) => sprintf(str(format), args),
  println: (...args) => sprintln(args),
  eq: (a, ...rest) => {
    if (rest.length === 0) throw new Error('error calling eq: missing argument for comparison');
    return rest.some((b) => equal(a, b));
  },
  ne: (a, b) => !equal(a, b),
  lt: (a, b) => less('lt', a, b),
  le: (a, b) => less('le', a, b) || equal(a, b),
  gt: (a, b) => !less('gt', a, b) && !equal(a, b),
  ge: (a, b) => !less('ge', a, b),

  json: (v) => toJSON(isStruct(v) ? v.toJSON() : v),
  split: (s, sep) => str(s).split(str(sep)),
  join: joinElements,
  title: (s) => title(str(s)),
  lower: (s) => str(s).toLowerCase(),
  upper: (s) => str(s).toUpperCase(),
  pad: (s, prefix, suffix) => (str(s) === '' ? '' : ' '.repeat(int(prefix)) + str(s) + ' '.repeat(int(suffix))),
  truncate: (s, n) => (str(s).length < int(n) ? str(s) : str(s).slice(0, int(n))),
};

const keep: TemplateFunc = (v) => v;

/** Docker's HeaderFunctions: a table header shows the column name, unsplit and unchanged. */
export const HEADER_FUNCTIONS: FuncMap = {
  ...FUNCTIONS,
  json: keep,
  split: keep,
  join: keep,
  title: keep,
  lower: keep,
  upper: keep,
  truncate: keep,
};

export const FUNCTION_NAMES: ReadonlySet<string> = new Set(Object.keys(FUNCTIONS));

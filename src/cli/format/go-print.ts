/**
 * Go's fmt printing for template values: `%v` of slices is `[a b]`, of maps
 * `map[k:v]` with sorted keys, nil is `<nil>`; plus Sprint, Sprintln and a
 * Sprintf covering the verbs and flags format strings use in practice.
 */
import { goTypeName, isMap, isStruct } from './value.js';

/** Go's %g/%v exponent form: `1e+06`, `1.5e-07` (two-digit exponent). */
function goExponent(s: string): string {
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

function formatNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? '+Inf' : '-Inf';
  const abs = Math.abs(n);
  return goExponent(abs !== 0 && (abs < 1e-4 || abs >= 1e21) ? n.toExponential() : String(n));
}

/** `%v` of a value. */
export function formatValue(v: unknown): string {
  if (v === undefined || v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(formatValue).join(' ')}]`;
  if (isStruct(v)) return `&{${Object.values(v.toJSON()).map(formatValue).join(' ')}}`;
  if (isMap(v)) {
    return `map[${Object.keys(v).sort().map((k) => `${k}:${formatValue(v[k])}`).join(' ')}]`;
  }
  return String(v);
}

/** fmt.Sprint: a space between operands only when neither side is a string. */
export function sprint(args: unknown[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += formatValue(a);
  });
  return out;
}

export function sprintln(args: unknown[]): string {
  return args.map(formatValue).join(' ') + '\n';
}

function quote(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

interface Spec {
  minus: boolean;
  plus: boolean;
  zero: boolean;
  space: boolean;
  width?: number;
  precision?: number;
}

function pad(s: string, spec: Spec): string {
  if (spec.width === undefined || s.length >= spec.width) return s;
  if (spec.minus) return s.padEnd(spec.width);
  if (spec.zero && /^[+-]?[0-9]/.test(s)) {
    const sign = /^[+-]/.test(s) ? s[0]! : '';
    return sign + s.slice(sign.length).padStart(spec.width - sign.length, '0');
  }
  return s.padStart(spec.width);
}

function signed(s: string, n: number, spec: Spec): string {
  if (n >= 0 && spec.plus) return '+' + s;
  if (n >= 0 && spec.space) return ' ' + s;
  return s;
}

function formatVerb(verb: string, arg: unknown, spec: Spec): string {
  switch (verb) {
    case 'v':
      return formatValue(arg);
    case 's':
      return spec.precision !== undefined ? formatValue(arg).slice(0, spec.precision) : formatValue(arg);
    case 'q':
      return typeof arg === 'string' ? quote(arg) : formatValue(arg);
    case 't':
      return typeof arg === 'boolean' ? String(arg) : `%!t(${formatValue(arg)})`;
    case 'd':
      return typeof arg === 'number' ? signed(String(Math.trunc(arg)), arg, spec) : `%!d(${formatValue(arg)})`;
    case 'x':
    case 'X': {
      const s = typeof arg === 'number' ? Math.trunc(arg).toString(16) : Buffer.from(formatValue(arg)).toString('hex');
      return verb === 'X' ? s.toUpperCase() : s;
    }
    case 'o':
      return typeof arg === 'number' ? Math.trunc(arg).toString(8) : `%!o(${formatValue(arg)})`;
    case 'f':
    case 'F':
      return typeof arg === 'number' ? signed(arg.toFixed(spec.precision ?? 6), arg, spec) : `%!f(${formatValue(arg)})`;
    case 'e':
      return typeof arg === 'number' ? signed(goExponent(arg.toExponential(spec.precision ?? 6)), arg, spec) : `%!e(${formatValue(arg)})`;
    case 'g':
      return typeof arg === 'number' ? signed(formatNumber(arg), arg, spec) : `%!g(${formatValue(arg)})`;
    case 'c':
      return typeof arg === 'number' ? String.fromCodePoint(arg) : `%!c(${formatValue(arg)})`;
    default:
      return `%!${verb}(${formatValue(arg)})`;
  }
}

/** fmt.Sprintf for %v %s %q %t %d %x %X %o %f %e %g %c %% with flags, width and precision. */
export function sprintf(format: string, args: unknown[]): string {
  let out = '';
  let argi = 0;
  const re = /%([-+# 0]*)(\d+)?(?:\.(\d*))?([a-zA-Z%])/g;
  let last = 0;
  for (let m = re.exec(format); m; m = re.exec(format)) {
    out += format.slice(last, m.index);
    last = re.lastIndex;
    const [, flags = '', width, precision, verb = ''] = m;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const spec: Spec = {
      minus: flags.includes('-'),
      plus: flags.includes('+'),
      zero: flags.includes('0'),
      space: flags.includes(' '),
      width: width === undefined ? undefined : Number(width),
      precision: precision === undefined ? undefined : Number(precision || '0'),
    };
    out += pad(formatVerb(verb, args[argi++], spec), spec);
  }
  out += format.slice(last);
  if (argi < args.length) out += `%!(EXTRA ${args.slice(argi).map((a) => `${goTypeName(a)}=${formatValue(a)}`).join(', ')})`;
  return out;
}

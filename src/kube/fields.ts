/**
 * Reading a Kubernetes object field by field. Every field read is marked, so
 * what is left unread when a map is done is a field Wharf does not honour: it is
 * reported as a warning naming its path. A field of the wrong shape or a missing
 * required one is an error naming its path (`spec.containers[0].image: required`).
 */
import { invalidArgument } from '../errdefs/index.js';

type Plain = Record<string, unknown>;

export function isPlainMap(v: unknown): v is Plain {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The object being read (`Pod "web"`), and where warnings go. */
export interface ReadContext {
  readonly object: string;
  readonly warnings: string[];
}

export class Fields {
  private readonly used = new Set<string>();

  constructor(
    private readonly map: Plain,
    readonly path: string,
    private readonly ctx: ReadContext,
  ) {}

  static root(value: unknown, ctx: ReadContext): Fields {
    if (!isPlainMap(value)) throw invalidArgument(`invalid ${ctx.object}: not a map`);
    return new Fields(value, '', ctx);
  }

  at(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  fail(key: string, problem: string): never {
    throw invalidArgument(`invalid ${this.ctx.object}: ${this.at(key)}: ${problem}`);
  }

  warn(key: string, why = 'not supported by Wharf, ignored'): void {
    this.ctx.warnings.push(`${this.ctx.object}: ${this.at(key)}: ${why}`);
  }

  private raw(key: string): unknown {
    this.used.add(key);
    const v = this.map[key];
    return v === null ? undefined : v;
  }

  /** Fields known to mean nothing on one host (a selector, a storage request). */
  ignore(...keys: string[]): void {
    for (const k of keys) this.used.add(k);
  }

  string(key: string): string | undefined {
    const v = this.raw(key);
    if (v === undefined) return undefined;
    // Kubernetes' quantities and env values are often written as bare numbers.
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (typeof v !== 'string') this.fail(key, 'must be a string');
    return v;
  }

  requiredString(key: string): string {
    const v = this.string(key);
    if (v === undefined || v === '') this.fail(key, 'required');
    return v;
  }

  int(key: string): number | undefined {
    const v = this.raw(key);
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v)) this.fail(key, 'must be an integer');
    return v;
  }

  bool(key: string): boolean | undefined {
    const v = this.raw(key);
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') this.fail(key, 'must be a boolean');
    return v;
  }

  strings(key: string): string[] | undefined {
    const v = this.raw(key);
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) this.fail(key, 'must be a list of strings');
    return v.map((item, i) => {
      if (typeof item === 'string') return item;
      if (typeof item === 'number') return String(item);
      return this.fail(`${key}[${i}]`, 'must be a string');
    });
  }

  stringMap(key: string): Record<string, string> {
    const v = this.raw(key);
    if (v === undefined) return {};
    if (!isPlainMap(v)) this.fail(key, 'must be a map of strings');
    return Object.fromEntries(
      Object.entries(v).map(([k, item]) => {
        if (typeof item === 'string') return [k, item];
        if (typeof item === 'number' || typeof item === 'boolean') return [k, String(item)];
        return this.fail(`${key}.${k}`, 'must be a string');
      }),
    );
  }

  object(key: string): Fields | undefined {
    const v = this.raw(key);
    if (v === undefined) return undefined;
    if (!isPlainMap(v)) this.fail(key, 'must be a map');
    return new Fields(v, this.at(key), this.ctx);
  }

  objects(key: string): Fields[] {
    const v = this.raw(key);
    if (v === undefined) return [];
    if (!Array.isArray(v)) this.fail(key, 'must be a list');
    return v.map((item, i) => {
      if (!isPlainMap(item)) this.fail(`${key}[${i}]`, 'must be a map');
      return new Fields(item, this.at(`${key}[${i}]`), this.ctx);
    });
  }

  /** Warns about every field not read. */
  done(): void {
    for (const key of Object.keys(this.map)) if (!this.used.has(key)) this.warn(key);
  }
}

/** A port number field, 1 to 65535. */
export function port(p: Fields, key: string): number | undefined {
  const v = p.int(key);
  if (v !== undefined && (v < 1 || v > 65535)) p.fail(key, `must be between 1 and 65535, got ${v}`);
  return v;
}

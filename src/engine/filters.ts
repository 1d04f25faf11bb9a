/**
 * Docker's filter semantics (`filters=` query parameter) over the wire shape
 * `{ key: [values] }`: a key absent from the filters matches everything; the
 * values of one key are alternatives; different keys must all match.
 */
import { invalidArgument } from '../errdefs/index.js';
import type { Filters } from '../apitypes/containers.js';
import { RegexpFilter } from '../util/re2.js';

export class FilterArgs {
  private readonly fields: Map<string, Set<string>>;
  private readonly regexps = new RegexpFilter();

  constructor(filters: Filters = {}) {
    this.fields = new Map(Object.entries(filters).map(([k, v]) => [k, new Set(v)]));
  }

  /** Rejects keys the endpoint does not know, with Docker's `invalid filter 'key'`. */
  validate(accepted: readonly string[]): this {
    for (const key of this.fields.keys()) {
      if (!accepted.includes(key)) throw invalidArgument(`invalid filter '${key}'`);
    }
    return this;
  }

  contains(key: string): boolean {
    return this.fields.has(key);
  }

  get(key: string): string[] {
    return [...(this.fields.get(key) ?? [])];
  }

  exactMatch(key: string, source: string): boolean {
    const values = this.fields.get(key);
    if (!values || values.size === 0) return true;
    return values.has(source);
  }

  /** Exact, or any value used as a Go regular expression (Docker's `name` filter). */
  match(key: string, source: string): boolean {
    if (this.exactMatch(key, source)) return true;
    return this.regexps.matches(this.fields.get(key) ?? [], source);
  }

  /** Exact, or any value as a prefix of source (ids and names in event filters). */
  fuzzyMatch(key: string, source: string): boolean {
    if (this.exactMatch(key, source)) return true;
    for (const prefix of this.fields.get(key) ?? []) if (source.startsWith(prefix)) return true;
    return false;
  }

  /** Every `k` or `k=v` value must be present in sources (labels). */
  matchKVList(key: string, sources: Record<string, string> | null | undefined): boolean {
    const values = this.fields.get(key);
    if (!values || values.size === 0) return true;
    if (!sources) return false;
    for (const value of values) {
      const eq = value.indexOf('=');
      const k = eq < 0 ? value : value.slice(0, eq);
      if (!Object.hasOwn(sources, k)) return false;
      if (eq >= 0 && sources[k] !== value.slice(eq + 1)) return false;
    }
    return true;
  }

  /** `1`/`true` or `0`/`false`; anything else (or both) is Docker's `invalid filter 'key=[values]'`. */
  getBool(key: string, fallback: boolean): boolean {
    const values = this.fields.get(key);
    if (!values) return fallback;
    const isFalse = values.has('0') || values.has('false');
    const isTrue = values.has('1') || values.has('true');
    if (isFalse === isTrue) throw invalidArgument(`invalid filter '${key}=[${[...values].join(' ')}]'`);
    return isTrue;
  }
}

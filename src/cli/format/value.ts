/**
 * Values as templates see them. Decoded JSON (inspect output) behaves like Go's
 * map[string]interface{}: a missing key is `<no value>`. A TemplateStruct (the
 * ps/images/stats row contexts) behaves like a Go struct pointer: its exported
 * (capitalised) methods are the fields, and a missing one is an error.
 */
export abstract class TemplateStruct {
  /** Go type name for error messages, e.g. `*formatter.ContainerContext`. */
  abstract readonly goType: string;
  /** Zero-argument methods `{{json .}}` includes (docker marshals every such method). */
  protected abstract readonly jsonFields: readonly string[];

  /** Docker's MarshalJSON for contexts: every zero-argument method, keys sorted. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const name of [...this.jsonFields].sort()) out[name] = this.member(name)?.call(this);
    return out;
  }

  /** An exported method by name, or undefined. */
  member(name: string): ((...args: unknown[]) => unknown) | undefined {
    if (!/^\p{Lu}/u.test(name)) return undefined;
    const m: unknown = (this as unknown as Record<string, unknown>)[name];
    return typeof m === 'function' ? (m as (...args: unknown[]) => unknown) : undefined;
  }
}

export function isStruct(v: unknown): v is TemplateStruct {
  return v instanceof TemplateStruct;
}

export function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isStruct(v);
}

/** Go's truth: false, 0, nil, and empty strings, slices and maps are false. */
export function isTrue(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (isMap(v)) return Object.keys(v).length > 0;
  return true;
}

/** Go type names for error messages, as text/template prints them for decoded JSON. */
export function goTypeName(v: unknown): string {
  if (v === undefined || v === null) return 'interface {}';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  if (isStruct(v)) return v.goType;
  if (typeof v === 'function') return 'func';
  return 'map[string]interface {}';
}

/**
 * Go's integer types as encoding/json decodes into them: a number fits when its
 * literal is an integer (no fraction, no exponent) within the type's range, else
 * dockerd answers "json: cannot unmarshal number <literal> into Go struct field …".
 */

export type GoInt = 'int' | 'int64' | 'uint' | 'uint16' | 'uint32' | 'uint64' | 'time.Duration';

/** Inclusive bounds; `int` and `uint` are 64 bits on every platform dockerd runs on here. */
export const GO_INT_RANGE: Record<GoInt, readonly [bigint, bigint]> = {
  int: [-(1n << 63n), (1n << 63n) - 1n],
  int64: [-(1n << 63n), (1n << 63n) - 1n],
  'time.Duration': [-(1n << 63n), (1n << 63n) - 1n],
  uint: [0n, (1n << 64n) - 1n],
  uint64: [0n, (1n << 64n) - 1n],
  uint32: [0n, (1n << 32n) - 1n],
  uint16: [0n, (1n << 16n) - 1n],
};

/**
 * Whether a JSON number decodes into `type`. `literal` is the number as written
 * (see json-numbers.ts); without it the parsed value is judged, which is exact for
 * every value up to 2^53.
 */
export function fitsGoInt(type: GoInt, value: number, literal?: string): boolean {
  const text = literal ?? (Number.isSafeInteger(value) ? String(value) : '');
  if (!/^-?\d+$/.test(text)) return false;
  const n = BigInt(text);
  const [lo, hi] = GO_INT_RANGE[type];
  return n >= lo && n <= hi;
}

/** Kubernetes resource quantities (`64Mi`, `1G`, `500m`, `0.5`) as the numbers Docker's HostConfig takes. */

const SUFFIX: Record<string, number> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** The quantity's value, or undefined when it is not one. */
export function parseQuantity(text: string): number | undefined {
  const m = /^([+]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)([a-zA-Z]*)$/.exec(text.trim());
  if (!m) return undefined;
  const unit = SUFFIX[m[2]!];
  if (unit === undefined) return undefined;
  return Number(m[1]) * unit;
}

/** Memory in bytes, rounded up as the kubelet does. */
export function memoryBytes(text: string): number | undefined {
  const v = parseQuantity(text);
  return v === undefined ? undefined : Math.ceil(v);
}

/** CPUs (`500m`, `2`) as Docker's NanoCpus. */
export function nanoCpus(text: string): number | undefined {
  const v = parseQuantity(text);
  return v === undefined ? undefined : Math.round(v * 1e9);
}

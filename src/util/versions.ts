/**
 * Dotted version comparison as moby's api/types/versions does it: numerically,
 * component by component (`1.9` < `1.10`), a missing or non-numeric component
 * counting as 0. Both the daemon (negotiation, per-version behaviour) and the
 * client (choosing the API version to speak) use it.
 */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = Number.parseInt(pa[i] ?? '', 10) || 0;
    const y = Number.parseInt(pb[i] ?? '', 10) || 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

export const versionAtLeast = (version: string, min: string): boolean => compareVersions(version, min) >= 0;

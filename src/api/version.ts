/**
 * Engine API version negotiation. A request names its version in the path
 * prefix (`/v1.43/containers/json`); without one it gets the current version.
 */
import { invalidArgument } from '../errdefs/index.js';

export const API_VERSION = '1.47';
export const MIN_API_VERSION = '1.24';

/** Compare dotted versions numerically, component by component (`1.9` < `1.10`), as moby's api/types/versions does. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = i < pa.length ? Number.parseInt(pa[i], 10) || 0 : 0;
    const y = i < pb.length ? Number.parseInt(pb[i], 10) || 0 : 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

export const versionAtLeast = (version: string, min: string): boolean => compareVersions(version, min) >= 0;

/** The version a request is served with; invalid-argument (400) outside [MIN_API_VERSION, API_VERSION]. */
export function negotiateVersion(requested: string | undefined): string {
  const version = requested || API_VERSION;
  if (compareVersions(version, MIN_API_VERSION) < 0) {
    throw invalidArgument(
      `client version ${version} is too old. Minimum supported API version is ${MIN_API_VERSION}, please upgrade your client to a newer version`,
    );
  }
  if (compareVersions(version, API_VERSION) > 0) {
    throw invalidArgument(`client version ${version} is too new. Maximum supported API version is ${API_VERSION}`);
  }
  return version;
}

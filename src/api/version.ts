/**
 * Engine API version negotiation. A request names its version in the path
 * prefix (`/v1.43/containers/json`); without one it gets the current version.
 */
import { invalidArgument } from '../errdefs/index.js';
import { compareVersions } from '../util/versions.js';

export const API_VERSION = '1.47';
export const MIN_API_VERSION = '1.24';

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

/** The OCI runtimes a container may name in `HostConfig.Runtime`: only runc, which conmon drives. */
import { invalidArgument } from '../../errdefs/index.js';

export const DEFAULT_RUNTIME = 'runc';

/** What `GET /info` lists as `Runtimes`. */
export const RUNTIMES: Record<string, { path: string }> = { [DEFAULT_RUNTIME]: { path: 'runc' } };

/** Docker refuses a name its daemon has no runtime for at create, before anything is stored. */
export function validateRuntime(name: string | undefined): void {
  if (name && !Object.hasOwn(RUNTIMES, name)) throw invalidArgument(`unknown or invalid runtime name: ${name}`);
}

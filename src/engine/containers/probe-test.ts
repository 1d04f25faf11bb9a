/**
 * What a HealthConfig's `Test` asks for: Docker's `CMD` and `CMD-SHELL` (run
 * in the container), or Wharf's `TCP` (a connection from the daemon to the
 * container's address, as the kubelet runs a tcpSocket probe).
 */
import { TCP_HEALTH_TEST } from '../../apitypes/containers.js';
import type { HealthConfig } from '../../oci/image.js';

export type Probe = { kind: 'exec'; argv: string[] } | { kind: 'tcp'; host?: string; port: number };

/** The probe's argv, or undefined when the container has no (enabled) command check. */
export function probeCommand(hc: HealthConfig | undefined): string[] | undefined {
  const [kind, ...rest] = hc?.Test ?? [];
  if (kind === 'CMD' && rest.length > 0) return rest;
  if (kind === 'CMD-SHELL' && rest.length > 0) return ['/bin/sh', '-c', rest.join(' ')];
  return undefined;
}

/** `["TCP", "[host:]port"]`: host defaults to the container's own address. */
function tcpTarget(hc: HealthConfig | undefined): { host?: string; port: number } | undefined {
  const [kind, target, ...rest] = hc?.Test ?? [];
  if (kind !== TCP_HEALTH_TEST || target === undefined || rest.length > 0) return undefined;
  const m = /^(?:(.+):)?(\d{1,5})$/.exec(target);
  const port = Number(m?.[2]);
  if (!m || port < 1 || port > 65535) return undefined;
  return { ...(m[1] ? { host: m[1].replace(/^\[(.*)\]$/, '$1') } : {}), port };
}

/** The container's probe, or undefined when it has none (or `NONE`). */
export function probeOf(hc: HealthConfig | undefined): Probe | undefined {
  const argv = probeCommand(hc);
  if (argv) return { kind: 'exec', argv };
  const tcp = tcpTarget(hc);
  return tcp ? { kind: 'tcp', ...tcp } : undefined;
}

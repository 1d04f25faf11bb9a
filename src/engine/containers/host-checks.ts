/**
 * Create and update checks that depend on this host: what the kernel or the
 * daemon's own limits cannot give is refused (400, nothing created) or, where
 * Docker discards it with a warning, discarded with Docker's warning.
 */
import type { HostConfig, Resources } from '../../apitypes/containers.js';
import { invalidArgument, isKind } from '../../errdefs/index.js';
import { normalizeCapabilities } from '../../runtime/index.js';
import { ulimitsToRlimits } from '../../runtime/index.js';
import { validateSysctls } from '../../runtime/index.js';
import type { HostFacts, NamespaceMode } from '../../runtime/index.js';
import { parseSecurityOpts } from './security-opts.js';

/** Resource fields this kernel cannot apply: Docker keeps the container and drops the field (sysinfo checks). */
export function discardUnsupportedResources(r: Resources, facts: HostFacts): string[] {
  const warnings: string[] = [];
  // API ≥ 1.42 clients' KernelMemory is dropped by the router; older ones get Docker's cgroup-v1 answer, as kmem limits are gone from the kernel.
  if ((r.KernelMemory ?? 0) > 0) {
    warnings.push('Your kernel does not support kernel memory limit capabilities or the cgroup is not mounted. Limitation discarded.');
    r.KernelMemory = 0;
  }
  if ((r.BlkioWeight ?? 0) > 0 && !facts.blkioWeight) {
    warnings.push('Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded.');
    r.BlkioWeight = 0;
  }
  if ((r.MemorySwap ?? 0) > 0 && !facts.swapLimit) {
    warnings.push('Your kernel does not support swap limit capabilities or the cgroup is not mounted. Memory limited without swap.');
    r.MemorySwap = -1;
  }
  return warnings;
}

function mode(value: string | undefined): NamespaceMode {
  return value === 'host' ? { type: 'host' } : { type: 'private' };
}

function capabilities(names: readonly string[] | null | undefined, field: string): void {
  try {
    normalizeCapabilities(names ?? []);
  } catch (err) {
    if (isKind(err, 'invalid-argument')) throw invalidArgument(`invalid ${field}: ${(err as Error).message}`);
    throw err;
  }
}

export function checkHostConfigForHost(hc: HostConfig, facts: HostFacts): string[] {
  parseSecurityOpts(hc.SecurityOpt);
  // Without user-namespace remapping in the daemon, "private" is the same as the host's.
  if (hc.UsernsMode && hc.UsernsMode !== 'host' && hc.UsernsMode !== 'private') throw invalidArgument(`invalid USER mode: ${hc.UsernsMode}`);
  capabilities(hc.CapAdd, 'CapAdd');
  capabilities(hc.CapDrop, 'CapDrop');
  ulimitsToRlimits((hc.Ulimits ?? []).map((u) => ({ name: u.Name, soft: u.Soft, hard: u.Hard })), facts.hardRlimits);
  validateSysctls(hc.Sysctls ?? {}, { network: mode(hc.NetworkMode), ipc: mode(hc.IpcMode), uts: mode(hc.UTSMode) });
  // Docker's default: as much swap as memory.
  if ((hc.Memory ?? 0) > 0 && !hc.MemorySwap) hc.MemorySwap = (hc.Memory ?? 0) * 2;
  return discardUnsupportedResources(hc, facts);
}

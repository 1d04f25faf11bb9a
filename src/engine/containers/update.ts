/** `POST /containers/{id}/update`: resources (applied live through the runtime) and the restart policy. */
import type { ContainerUpdateRequest, HostConfig, Resources } from '../../apitypes/containers.js';
import { conflict, invalidArgument } from '../../errdefs/index.js';
import { toLinuxResources } from '../../runtime/index.js';
import type { EngineContext } from '../context.js';
import type { Container } from './container.js';
import { resourceInput } from './spec-input.js';
import { validateResources, validateRestartPolicy } from './validate.js';
import { discardUnsupportedResources } from './host-checks.js';

/** Fields `update` may change; as in Docker, a zero value leaves the current setting alone. */
const UPDATABLE = [
  'CpuShares', 'Memory', 'BlkioWeight', 'CpuPeriod', 'CpuQuota', 'CpuRealtimePeriod', 'CpuRealtimeRuntime',
  'CpusetCpus', 'CpusetMems', 'MemoryReservation', 'MemorySwap', 'NanoCpus', 'PidsLimit',
] as const satisfies ReadonlyArray<keyof Resources>;

export async function updateContainer(ctx: EngineContext, c: Container, body: ContainerUpdateRequest): Promise<{ Warnings: string[] }> {
  const warnings = validateResources(body, true);
  warnings.push(...discardUnsupportedResources(body, ctx.deps.hostFacts));
  if (body.RestartPolicy) validateRestartPolicy(body.RestartPolicy);
  return c.lock.run(async () => {
    if (c.removing || c.record.State.Dead) throw conflict(`Container ${c.id} is marked for removal and cannot be "update"`);
    const hc = c.record.HostConfig;
    const policy = body.RestartPolicy?.Name;
    if (policy && policy !== 'no' && hc.AutoRemove) throw invalidArgument('Restart policy cannot be updated because AutoRemove is enabled for the container');
    const memory = body.Memory ?? 0;
    if (memory !== 0 && !body.MemorySwap && (hc.MemorySwap ?? 0) > 0 && memory > (hc.MemorySwap ?? 0)) {
      throw invalidArgument('Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time');
    }
    const next: HostConfig = { ...hc };
    const target = next as Record<string, unknown>;
    for (const key of UPDATABLE) {
      const v = body[key];
      if (v !== undefined && v !== null && v !== 0 && v !== '') target[key] = v;
    }
    // The router turned "unlimited" into 0, which here must lift the limit rather than keep it.
    if (body.PidsLimit === 0) next.PidsLimit = 0;
    if (body.RestartPolicy?.Name) next.RestartPolicy = { MaximumRetryCount: 0, ...body.RestartPolicy };
    if (c.running) await ctx.deps.runtime.update(c.id, toLinuxResources(resourceInput(next), ctx.deps.hostFacts.swapLimit));
    c.record.HostConfig = next;
    await ctx.store.save(c);
    ctx.emit(c, 'update');
    return { Warnings: warnings };
  });
}

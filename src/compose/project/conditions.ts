/**
 * `depends_on` conditions, checked before a dependent starts:
 * `service_started` (nothing more to wait for), `service_healthy` (each of the
 * dependency's containers healthy) and `service_completed_successfully` (each
 * exited with 0). Messages are Compose v2's.
 */
import type { ApiClient } from '../../client/client.js';
import { inspectContainer, waitContainer } from '../../client/containers.js';
import { failedPrecondition, unavailable } from '../../errdefs/index.js';
import type { DependsOnConfig } from '../types.js';
import type { ObservedContainer } from './observed.js';
import type { Progress } from './progress.js';

const POLL_MS = 500;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Resolves once c is healthy; rejects if it becomes unhealthy or exits, or at the deadline. */
export async function waitHealthy(client: ApiClient, c: Pick<ObservedContainer, 'id' | 'name'>, deadline = Infinity): Promise<void> {
  for (;;) {
    const info = await inspectContainer(client, c.id);
    const health = info.State.Health?.Status;
    if (health === undefined) throw failedPrecondition(`container ${c.name} has no healthcheck configured`);
    if (health === 'healthy') return;
    if (health === 'unhealthy') throw failedPrecondition(`dependency failed to start: container ${c.name} is unhealthy`);
    if (!info.State.Running && !info.State.Restarting) throw failedPrecondition(`dependency failed to start: container ${c.name} exited (${info.State.ExitCode})`);
    if (Date.now() > deadline) throw unavailable(`timeout waiting for container ${c.name} to be healthy`);
    await sleep(POLL_MS);
  }
}

export async function waitCondition(client: ApiClient, service: string, cond: DependsOnConfig['condition'], containers: readonly ObservedContainer[], progress: Progress): Promise<void> {
  if (cond === 'service_started') return;
  await Promise.all(
    containers.map(async (c) => {
      progress.event('Container', c.name, 'Waiting');
      if (cond === 'service_healthy') {
        await waitHealthy(client, c);
        progress.event('Container', c.name, 'Healthy');
        return;
      }
      const { result } = await waitContainer(client, c.id, 'not-running');
      const { StatusCode } = await result;
      if (StatusCode !== 0) {
        progress.event('Container', c.name, 'Error', 'error');
        throw failedPrecondition(`service "${service}" didn't complete successfully: exit ${StatusCode}`);
      }
      progress.event('Container', c.name, 'Exited');
    }),
  );
}

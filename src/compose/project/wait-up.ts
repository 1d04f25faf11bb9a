/**
 * `up --wait`: returns once every container is running and, when it has a
 * healthcheck, healthy; a container that exited is fine only with code 0 and
 * when a dependent waits for it to complete (`service_completed_successfully`).
 */
import { inspectContainer } from '../../client/containers.js';
import { failedPrecondition, unavailable } from '../../errdefs/index.js';
import type { ComposeIo } from './io.js';
import type { ObservedContainer } from './observed.js';

const POLL_MS = 300;

export async function waitUntilUp(io: ComposeIo, containers: readonly ObservedContainer[], timeoutMs?: number): Promise<void> {
  const deadline = timeoutMs === undefined ? Infinity : Date.now() + timeoutMs;
  const runOnce = new Set(
    Object.values(io.project.services).flatMap((s) => Object.entries(s.depends_on ?? {}).filter(([, d]) => d.condition === 'service_completed_successfully').map(([dep]) => dep)),
  );
  await Promise.all(
    containers.map(async (c) => {
      io.progress.event('Container', c.name, 'Waiting');
      for (;;) {
        const { State } = await inspectContainer(io.client, c.id);
        const health = State.Health?.Status;
        if (State.Running && (health === undefined || health === 'none' || health === 'healthy')) break;
        if (health === 'unhealthy') {
          io.progress.event('Container', c.name, 'Error', 'error');
          throw failedPrecondition(`container ${c.name} is unhealthy`);
        }
        if (!State.Running && !State.Restarting && State.Status !== 'created') {
          if (State.ExitCode === 0 && runOnce.has(c.service)) break;
          io.progress.event('Container', c.name, 'Error', 'error');
          throw failedPrecondition(`container ${c.name} exited (${State.ExitCode})`);
        }
        if (Date.now() > deadline) throw unavailable(`timeout waiting for the project's containers to be healthy and running`);
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
      io.progress.event('Container', c.name, 'Healthy');
    }),
  );
}

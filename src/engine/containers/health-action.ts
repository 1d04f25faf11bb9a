/**
 * What an unhealthy container gets (HostConfig.HealthOnFailure, podman's
 * `--health-on-failure`): `kill` and `stop` end it as `docker kill`/`docker stop`
 * would (so no restart policy brings it back); `restart` stops it and marks the
 * run so that its exit restarts it whatever its policy, counted in RestartCount
 * and followed by a `restart` event, as a Kubernetes liveness probe restarts a
 * container.
 */
import type { EngineContext } from '../context.js';
import type { Container } from './container.js';
import { DEFAULT_STOP_TIMEOUT_S, endProcess, killAndWait, markManualStop, SIGTERM } from './kill.js';
import type { ContainerRun } from './run.js';
import { parseSignal } from './signals.js';

/** Runs outside the container lock: ending the run takes it. */
export async function actOnUnhealthy(ctx: EngineContext, c: Container, run: ContainerRun): Promise<void> {
  const action = c.record.HostConfig.HealthOnFailure ?? 'none';
  if (action === 'none' || c.run !== run || !c.running || c.record.State.Restarting) return;
  if (action === 'restart') run.restartOnExit = true;
  else await markManualStop(ctx, c);
  if (action === 'kill') {
    await killAndWait(ctx, c);
    return;
  }
  const sig = parseSignal(c.record.Config.StopSignal || String(SIGTERM));
  await endProcess(ctx, c, sig, c.record.Config.StopTimeout ?? DEFAULT_STOP_TIMEOUT_S);
  if (action === 'stop') ctx.emit(c, 'stop');
}

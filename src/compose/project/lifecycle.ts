/**
 * One container's transitions with their progress lines, as Compose v2
 * words them (`Container p-web-1  Starting` … `Started`); a failure names
 * the service.
 */
import type { ApiClient } from '../../client/client.js';
import { isApiError } from '../../client/errors.js';
import { killContainer, pauseContainer, removeContainer, restartContainer, startContainer, stopContainer, unpauseContainer } from '../../client/containers.js';
import { serviceError } from './images.js';
import type { ObservedContainer } from './observed.js';
import type { Progress } from './progress.js';

export type Transition = 'start' | 'stop' | 'restart' | 'kill' | 'pause' | 'unpause' | 'remove';

const WORDS: Record<Transition, [string, string]> = {
  start: ['Starting', 'Started'],
  stop: ['Stopping', 'Stopped'],
  restart: ['Restarting', 'Started'],
  kill: ['Killing', 'Killed'],
  pause: ['Pausing', 'Paused'],
  unpause: ['Unpausing', 'Unpaused'],
  remove: ['Removing', 'Removed'],
};

export interface TransitionOptions {
  timeout?: number;
  signal?: string;
  /** remove: also its anonymous volumes. */
  volumes?: boolean;
}

export async function transition(client: ApiClient, c: Pick<ObservedContainer, 'id' | 'name' | 'service'>, t: Transition, progress: Progress, o: TransitionOptions = {}): Promise<void> {
  const [doing, done] = WORDS[t];
  progress.event('Container', c.name, doing);
  try {
    if (t === 'start') await startContainer(client, c.id);
    else if (t === 'stop') await stopContainer(client, c.id, { timeout: o.timeout });
    else if (t === 'restart') await restartContainer(client, c.id, { timeout: o.timeout });
    else if (t === 'kill') await killContainer(client, c.id, o.signal);
    else if (t === 'pause') await pauseContainer(client, c.id);
    else if (t === 'unpause') await unpauseContainer(client, c.id);
    else await removeContainer(client, c.id, { force: true, volumes: o.volumes });
  } catch (err) {
    // Gone already is what a remove wanted.
    if (t === 'remove' && isApiError(err) && err.statusCode === 404) {
      progress.event('Container', c.name, done);
      return;
    }
    progress.event('Container', c.name, 'Error', 'error');
    throw serviceError(c.service, err);
  }
  progress.event('Container', c.name, done);
}

/** Stops then removes, as `down` and scale-down do. */
export async function stopAndRemove(client: ApiClient, c: ObservedContainer, progress: Progress, o: TransitionOptions = {}): Promise<void> {
  if (c.state === 'running' || c.state === 'paused' || c.state === 'restarting') await transition(client, c, 'stop', progress, o);
  await transition(client, c, 'remove', progress, o);
}

/** Compose v2's own error texts, where a command finds nothing to act on. */
import { notFound } from '../../errdefs/index.js';

export const noContainers = (): Error => notFound('no containers to start');

export function serviceNotRunning(service: string, index?: number): Error {
  return notFound(index ? `service "${service}" is not running container #${index}` : `service "${service}" is not running`);
}

/**
 * `--sig-proxy`: signals the client receives are sent on to the container
 * (`POST /containers/{id}/kill?signal=…`), as docker's ForwardAllSignals does.
 */
import type { ApiClient } from '../../client/client.js';
import { killContainer } from '../../client/containers.js';

const FORWARDED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];

/** Starts forwarding; the returned function stops it. */
export function forwardSignals(client: ApiClient, container: string): () => void {
  const handlers = FORWARDED.map((sig) => {
    const handler = (): void => {
      killContainer(client, container, sig).catch(() => undefined);
    };
    process.on(sig, handler);
    return [sig, handler] as const;
  });
  return () => {
    for (const [sig, handler] of handlers) process.off(sig, handler);
  };
}

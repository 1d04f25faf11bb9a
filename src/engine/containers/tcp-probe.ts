/**
 * Wharf's `TCP` probe, as the kubelet runs a tcpSocket probe: the daemon opens
 * a connection to the container's address (the first endpoint of the sandbox
 * it is on; loopback on the host network) and closes it. Nothing runs in the
 * container, so it works in images without `nc` (busybox's has no `-z`).
 */
import { connect } from 'node:net';
import type { EngineContext } from '../context.js';
import type { Container } from './container.js';
import { networkOwner } from './network-mode.js';

/** Exit code 0 when a connection was made, 1 when refused, -1 (Docker's probe error) at the timeout. */
export async function tcpProbe(ctx: EngineContext, c: Container, target: { host?: string; port: number }, timeoutMs: number, timeoutText: string): Promise<{ exitCode: number; output: string }> {
  const owner = networkOwner(ctx.store, c);
  const host = target.host ?? (owner?.record.HostConfig.NetworkMode === 'host' ? '127.0.0.1' : ctx.deps.network?.sandbox(owner?.id ?? '')?.endpoints[0]?.ip);
  if (!host) return { exitCode: 1, output: 'no address to probe: the container is on no network' };
  return new Promise((resolve) => {
    const socket = connect({ host, port: target.port });
    const done = (result: { exitCode: number; output: string }): void => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done({ exitCode: -1, output: timeoutText }));
    socket.once('connect', () => done({ exitCode: 0, output: `connected to ${host}:${target.port}` }));
    socket.once('error', (err) => done({ exitCode: 1, output: `dial tcp ${host}:${target.port}: ${err.message}` }));
  });
}

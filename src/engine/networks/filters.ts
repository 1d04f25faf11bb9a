/** The `network` and `publish` filters of `GET /containers/json`. */
import type { EngineContext } from '../context.js';
import type { Container } from '../containers/container.js';
import { findNetwork, primaryNetwork } from './endpoints.js';
import { portsView } from './view.js';

/** By network name or id (Docker matches either). */
export function onNetworks(ctx: EngineContext, c: Container, wanted: readonly string[]): boolean {
  const network = ctx.deps.network;
  const names = c.record.Networks ? Object.keys(c.record.Networks) : [primaryNetwork(c.record.HostConfig.NetworkMode)];
  const ids = network ? names.map((n) => findNetwork(network, n)?.id ?? '') : [];
  return wanted.some((v) => names.includes(v) || ids.some((id) => id !== '' && (id === v || id.startsWith(v))));
}

/** `publish=80`, `publish=80/udp` or a range: a container port that is published (Docker matches the container's side). */
export function publishes(ctx: EngineContext, c: Container, wanted: readonly string[]): boolean {
  const network = ctx.deps.network;
  if (!network) return false;
  const published = portsView(network, c).filter((p) => p.PublicPort !== undefined);
  return wanted.some((v) => {
    const m = /^(\d+)(?:-(\d+))?(?:\/(\w+))?$/.exec(v);
    if (!m) return false;
    const [lo, hi, proto] = [Number(m[1]), Number(m[2] ?? m[1]), m[3] ?? 'tcp'];
    return published.some((p) => p.Type === proto && p.PrivatePort >= lo && p.PrivatePort <= hi);
  });
}

/** The Volumes section of `system df`: every volume with its size and how many containers use it. */
import type { Volume as WireVolume } from '../../apitypes/volumes.js';
import type { EngineContext } from '../context.js';
import { toWire } from './access.js';

export async function volumeUsage(ctx: EngineContext): Promise<WireVolume[]> {
  const store = ctx.deps.volumes;
  if (!store) return [];
  return Promise.all(
    store.list().map(async (v) => toWire(v, { size: await store.size(v.name).catch(() => -1), refCount: store.refs(v.name).length })),
  );
}

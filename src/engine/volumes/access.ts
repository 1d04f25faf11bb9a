/** The engine's use of the volumes module: events with Docker's attributes around create and remove. */
import type { Volume as WireVolume } from '../../apitypes/volumes.js';
import { notImplemented } from '../../errdefs/index.js';
import type { CreateVolumeOptions, Volume, VolumeStore } from '../../volumes/index.js';
import type { EngineContext } from '../context.js';

export function volumeStore(ctx: EngineContext): VolumeStore {
  if (!ctx.deps.volumes) throw notImplemented('volumes are not available in this daemon');
  return ctx.deps.volumes;
}

export function emitVolume(ctx: EngineContext, action: string, name: string, attrs: Record<string, string> = {}): void {
  ctx.events.publish('volume', action, { ID: name, Attributes: { driver: 'local', ...attrs } });
}

export async function createVolume(ctx: EngineContext, opts: CreateVolumeOptions): Promise<{ volume: Volume; created: boolean }> {
  const made = await volumeStore(ctx).create(opts);
  if (made.created) emitVolume(ctx, 'create', made.volume.name);
  return made;
}

export async function removeVolume(ctx: EngineContext, name: string, force: boolean): Promise<boolean> {
  const store = volumeStore(ctx);
  const existed = store.list().some((v) => v.name === name);
  await store.remove(name, { force });
  if (existed) emitVolume(ctx, 'destroy', name);
  return existed;
}

export function toWire(v: Volume, usage?: { size: number; refCount: number }): WireVolume {
  return {
    CreatedAt: v.createdAt,
    Driver: v.driver,
    Labels: v.labels,
    Mountpoint: v.mountpoint,
    Name: v.name,
    Options: Object.keys(v.options).length > 0 ? v.options : null,
    Scope: 'local',
    ...(usage ? { UsageData: { Size: usage.size, RefCount: usage.refCount } } : {}),
  };
}

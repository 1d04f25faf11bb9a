/**
 * A container's mounts across its life: resolved at create (volumes created
 * on demand, `--volumes-from` copied, image VOLUMEs made anonymous volumes)
 * and kept in the record; at start each volume is mounted (and a new one
 * seeded with the image's content), at stop unmounted, at removal released
 * (anonymous ones removed with `rm -v`).
 */
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { ContainerConfig, HostConfig } from '../../apitypes/containers.js';
import { errnoCode, invalidArgument } from '../../errdefs/index.js';
import { resolveInRoot } from '../../runtime/index.js';
import type { SpecMount } from '../../runtime/index.js';
import { logger } from '../../util/logger.js';
import { ANONYMOUS_LABEL } from '../../volumes/index.js';
import type { EngineContext } from '../context.js';
import { createVolume, emitVolume, removeVolume, volumeStore } from '../volumes/access.js';
import type { Container } from './container.js';
import type { ContainerRun } from './run.js';
import { anonymousVolume, parseMounts, prepareSources, type StoredMount } from './mounts.js';

const log = logger('engine');
const run = promisify(execFile);

function volumesFromSpec(spec: string): { ref: string; rw?: boolean } {
  const [ref = '', mode, ...rest] = spec.split(':');
  if (ref === '' || rest.length > 0 || (mode !== undefined && mode !== 'ro' && mode !== 'rw')) throw invalidArgument(`invalid volumes-from specification: ${spec}`);
  return { ref, ...(mode ? { rw: mode === 'rw' } : {}) };
}

/** `--volumes-from c[:ro|rw]`: the other container's mounts, with the mode overridden when given. */
function borrowedMounts(ctx: EngineContext, hc: HostConfig): StoredMount[] {
  const out: StoredMount[] = [];
  for (const spec of hc.VolumesFrom ?? []) {
    const { ref, rw } = volumesFromSpec(spec);
    const from = ctx.store.get(ref);
    for (const m of storedMounts(from)) {
      const writable = rw ?? m.point.RW;
      out.push({ spec: { ...m.spec, readonly: !writable }, point: { ...m.point, RW: writable }, createSource: m.createSource, ...(m.volume ? { volume: m.volume } : {}) });
    }
  }
  return out;
}

/** The record's mounts; records written before volumes existed keep theirs in HostConfig only. */
export function storedMounts(c: Container): StoredMount[] {
  return c.record.MountPoints ?? parseMounts(c.record.HostConfig);
}

/** Everything that can be refused is checked before anything is created. */
async function plan(ctx: EngineContext, hc: HostConfig, config: ContainerConfig): Promise<StoredMount[]> {
  const own: StoredMount[] = parseMounts(hc).map((m) => (m.volume ? { ...m, copyData: !m.volume.nocopy } : m));
  for (const m of own) {
    if (m.point.Type !== 'bind' || m.createSource || !m.spec.source) continue;
    await stat(m.spec.source).catch((err: unknown) => {
      if (errnoCode(err) === 'ENOENT') throw invalidArgument(`invalid mount config for type "bind": bind source path does not exist: ${m.spec.source}`);
      throw err;
    });
  }
  const taken = new Set(own.map((m) => m.spec.destination));
  const borrowed = borrowedMounts(ctx, hc).filter((m) => !taken.has(m.spec.destination));
  for (const m of borrowed) taken.add(m.spec.destination);
  const anonymous = Object.keys(config.Volumes ?? {})
    .map(anonymousVolume)
    .filter((m) => !taken.has(m.spec.destination))
    .map((m) => ({ ...m, copyData: true }));
  if (own.some((m) => m.volume) || borrowed.some((m) => m.volume) || anonymous.length > 0) volumeStore(ctx);
  return [...own, ...borrowed, ...anonymous];
}

/** Create: resolve every mount, creating the volumes it names (nothing is left behind when one fails). */
export async function createMounts(ctx: EngineContext, id: string, hc: HostConfig, config: ContainerConfig): Promise<StoredMount[]> {
  const mounts = await plan(ctx, hc, config);
  const made: StoredMount[] = [];
  try {
    for (const m of mounts) {
      if (!m.volume) continue;
      const anonymous = m.volume.name === '';
      const labels = anonymous ? { [ANONYMOUS_LABEL]: '', ...m.volume.labels } : m.volume.labels;
      const { volume: v, created } = await createVolume(ctx, { name: m.volume.name, driver: m.volume.driver, labels, options: m.volume.options, ref: id });
      m.volume = { ...m.volume, name: v.name };
      m.point = { ...m.point, Name: v.name, Source: v.mountpoint };
      if (anonymous) m.ownsVolume = true;
      made.push(created ? { ...m, ownsVolume: true } : m);
    }
  } catch (err) {
    // Volumes this create made (named ones too) go again: a refused create leaves nothing behind.
    await releaseMounts(ctx, id, made, true);
    throw err;
  }
  return mounts;
}

/** Removal (or a failed create): drop the references; with `removeVolumes` remove the anonymous volumes it made. */
export async function releaseMounts(ctx: EngineContext, id: string, mounts: StoredMount[], removeVolumes: boolean): Promise<void> {
  for (const m of mounts) {
    if (!m.volume || !ctx.deps.volumes) continue;
    ctx.deps.volumes.removeRef(m.volume.name, id);
    if (!removeVolumes || !m.ownsVolume) continue;
    await removeVolume(ctx, m.volume.name, true).catch((err: unknown) => log.warn('removing anonymous volume failed', { name: m.volume?.name, error: String(err) }));
  }
}

/** Docker's CopyImagePathContent: a new, empty volume takes the image's files at its destination, owners and modes kept. */
async function seed(ctx: EngineContext, name: string, rootfs: string, destination: string): Promise<void> {
  const source = await resolveInRoot(rootfs, destination);
  const st = await stat(source).catch(() => undefined);
  if (!st?.isDirectory()) return;
  await volumeStore(ctx).populate(name, async (dir) => {
    await run('cp', ['-a', '--', `${source}/.`, dir]);
  });
}

/** Start: the runtime mounts, volumes mounted (for the run, which unmounts them at its end) and seeded, bind sources prepared. */
export async function mountsForRun(ctx: EngineContext, c: Container, run: ContainerRun, rootfs: string): Promise<SpecMount[]> {
  const mounts = storedMounts(c);
  await prepareSources(mounts);
  const specs: SpecMount[] = [];
  const mounted = run.volumes;
  holdVolumes(ctx, run);
  for (const m of mounts) {
    if (!m.volume) {
      specs.push(m.spec);
      continue;
    }
    const name = m.volume.name;
    const path = await volumeStore(ctx).mount(name, c.id);
    if (!mounted.has(name)) {
      mounted.add(name);
      emitVolume(ctx, 'mount', name, { container: c.id, destination: m.spec.destination, propagation: '', 'read/write': String(m.point.RW) });
    }
    if (m.copyData) {
      await seed(ctx, name, rootfs, m.spec.destination);
      m.copyData = false;
    }
    specs.push({ ...m.spec, source: path });
  }
  return specs;
}

/** The run's end unmounts the volumes it mounted. */
function holdVolumes(ctx: EngineContext, run: ContainerRun): void {
  run.hold('volumes', async () => {
    const volumes = ctx.deps.volumes;
    if (!volumes) return;
    for (const name of run.volumes) {
      await volumes.unmount(name, run.containerId).catch((err: unknown) => log.warn('unmounting volume failed', { name, error: String(err) }));
      emitVolume(ctx, 'unmount', name, { container: run.containerId });
    }
    run.volumes.clear();
  });
}

/** Daemon start: re-register every container's references, and the mounts of those still running. */
export async function restoreVolumeRefs(ctx: EngineContext): Promise<void> {
  const volumes = ctx.deps.volumes;
  if (!volumes) return;
  for (const c of ctx.store.all()) {
    const names = storedMounts(c).flatMap((m) => (m.volume ? [m.volume.name] : []));
    for (const name of names) volumes.addRef(name, c.id);
    const run = c.run;
    if (!run || run.volumes.size > 0) continue;
    holdVolumes(ctx, run);
    for (const name of names) {
      await volumes.mount(name, c.id).then(
        () => run.volumes.add(name),
        (err: unknown) => log.warn('re-adopting volume mount failed', { name, error: String(err) }),
      );
    }
  }
}

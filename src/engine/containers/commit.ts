/** `POST /commit` and `GET /containers/{id}/changes`: the writable layer as an image, or as a change list. */
import { changes as overlayChanges } from '../../archive/index.js';
import type { ContainerConfig, ContainerCreateRequest, FilesystemChange } from '../../apitypes/containers.js';
import { conflict } from '../../errdefs/index.js';
import type { ImageRuntimeConfig } from '../../oci/image.js';
import type { EngineContext } from '../context.js';
import type { Container } from './container.js';
import { clearPausedForCommit, markPausedForCommit } from './commit-pause.js';
import { pauseContainer, unpauseContainer } from './control.js';
import { mergeConfig, strSlice } from './merge-config.js';

export interface CommitRequest {
  repo?: string;
  tag?: string;
  comment?: string;
  author?: string;
  pause: boolean;
  changes: string[];
  config?: ContainerCreateRequest;
}

/** What the runtime puts in a container's layer only to mount over it: no user change, so not shown (Docker keeps these in its init layer). */
const RUNTIME_MOUNTPOINTS = ['/etc/hostname', '/etc/hosts', '/etc/resolv.conf', '/dev', '/proc', '/sys', '/sbin/docker-init'];

function isRuntimeMountpoint(path: string): boolean {
  return RUNTIME_MOUNTPOINTS.some((m) => path === m || path.startsWith(m + '/'));
}

export async function containerChanges(ctx: EngineContext, c: Container): Promise<FilesystemChange[]> {
  const dirs = await ctx.deps.snapshots.dirs(c.record.SnapshotKey);
  if (!dirs.upper) return [];
  const all = await overlayChanges(dirs.upper, dirs.lowers);
  const kept = all.filter((ch) => !(ch.Kind === 1 && isRuntimeMountpoint(ch.Path)));
  // A directory reported only because of the entries just dropped is no change either.
  return kept.filter((ch) => ch.Kind === 2 || !all.some((x) => x.Path.startsWith(ch.Path + '/')) || kept.some((x) => x.Path.startsWith(ch.Path + '/')));
}

function imageConfigOf(config: ContainerConfig): ImageRuntimeConfig {
  const out: ImageRuntimeConfig = {};
  if (config.User) out.User = config.User;
  if (config.ExposedPorts && Object.keys(config.ExposedPorts).length > 0) out.ExposedPorts = config.ExposedPorts;
  if (config.Env?.length) out.Env = config.Env;
  const entrypoint = strSlice(config.Entrypoint);
  const cmd = strSlice(config.Cmd);
  if (entrypoint) out.Entrypoint = entrypoint;
  if (cmd) out.Cmd = cmd;
  if (config.Volumes && Object.keys(config.Volumes).length > 0) out.Volumes = config.Volumes;
  if (config.WorkingDir) out.WorkingDir = config.WorkingDir;
  if (config.Labels && Object.keys(config.Labels).length > 0) out.Labels = config.Labels;
  if (config.StopSignal) out.StopSignal = config.StopSignal;
  if (config.Healthcheck) out.Healthcheck = config.Healthcheck;
  if (config.OnBuild?.length) out.OnBuild = config.OnBuild;
  if (config.Shell?.length) out.Shell = config.Shell;
  return out;
}

/** The request's config completed from the container's, as Docker's commit merges them. */
function commitConfig(c: Container, requested: ContainerCreateRequest | undefined): ContainerConfig {
  const { HostConfig: _h, NetworkingConfig: _n, ...user } = requested ?? {};
  const base = c.record.Config;
  const merged = mergeConfig(user, imageConfigOf(base));
  // mergeConfig insists on a command; a container always has one, so fall back to it.
  return { ...merged, Cmd: merged.Cmd ?? base.Cmd ?? null, Entrypoint: merged.Entrypoint ?? base.Entrypoint ?? null };
}

/**
 * Pause applies only to a running container: one stopped, restarting or already
 * paused is committed as it is, as Docker does. Whether it still runs is known
 * only under the container's lock, so one that stops meanwhile is not an error.
 */
async function pauseForCommit(ctx: EngineContext, c: Container): Promise<boolean> {
  const pausable = (): boolean => c.record.State.Running && !c.record.State.Restarting && !c.record.State.Paused;
  if (!pausable()) return false;
  await markPausedForCommit(ctx, c);
  try {
    await pauseContainer(ctx, c);
    return true;
  } catch (err) {
    await clearPausedForCommit(ctx, c);
    if (!pausable()) return false;
    throw err;
  }
}

export async function commitContainer(ctx: EngineContext, c: Container, req: CommitRequest): Promise<{ Id: string }> {
  if (c.record.State.Dead) throw conflict(`You cannot commit container ${c.id} which is Dead`);
  if (c.removing) throw conflict(`You cannot commit container ${c.id} which is being removed`);
  const config = commitConfig(c, req.config);
  const ref = req.repo ? (req.tag ? `${req.repo}:${req.tag}` : req.repo) : undefined;
  const pause = req.pause && (await pauseForCommit(ctx, c));
  try {
    const image = await ctx.deps.images.commit({
      snapshotKey: c.record.SnapshotKey,
      ...(c.record.Image ? { parentImageId: c.record.Image } : {}),
      config: imageConfigOf(config),
      changes: req.changes,
      ...(req.author ? { author: req.author } : {}),
      ...(req.comment ? { comment: req.comment } : {}),
      container: c.id,
      ...(ref ? { ref } : {}),
    });
    ctx.emit(c, 'commit', { comment: req.comment ?? '', imageID: image.id, imageRef: ref ?? '' });
    return { Id: image.id };
  } finally {
    if (pause) {
      await unpauseContainer(ctx, c);
      await clearPausedForCommit(ctx, c);
    }
  }
}

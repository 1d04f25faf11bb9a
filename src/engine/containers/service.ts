/** ContainerService: resolves refs and hands each call to the module that implements it. */
import type { Readable } from 'node:stream';
import type {
  ContainerCreateRequest,
  ContainerCreateResponse,
  ContainerInspect,
  ContainerPruneResponse,
  ContainerStats,
  ContainerSummary,
  ContainerTopResponse,
  ContainerUpdateRequest,
  ContainerWaitResponse,
  FilesystemChange,
  Filters,
  PathStat,
} from '../../apitypes/containers.js';
import type { EngineContext } from '../context.js';
import type { AttachOptions, ContainerService, IOSession, LogsOptions, OutputChunk, WaitCondition } from '../types.js';
import { exportContainer, getArchive, putArchive, statPath } from './archive-ops.js';
import { attachContainer } from './attach.js';
import { commitContainer, containerChanges, type CommitRequest } from './commit.js';
import { killContainer, pauseContainer, restartContainer, stopContainer, unpauseContainer } from './control.js';
import { createContainer } from './create.js';
import { inspectContainer } from './inspect.js';
import { startContainer } from './lifecycle.js';
import { listContainers } from './list.js';
import { containerLogs } from './logs.js';
import { pruneContainers } from './prune.js';
import { removeContainer } from './remove.js';
import { removeLink } from '../networks/links.js';
import { renameContainer } from './rename.js';
import { containerStats, resizeContainer, topContainer } from './stats.js';
import { updateContainer } from './update.js';
import { beforeMemberStart, removeInfraWithPod } from '../pods/hooks.js';
import { joinPod } from '../pods/join.js';

export class ContainerServiceImpl implements ContainerService {
  constructor(private readonly ctx: EngineContext) {}

  private get(ref: string): ReturnType<EngineContext['store']['get']> {
    return this.ctx.store.get(ref);
  }

  create(name: string | undefined, body: ContainerCreateRequest): Promise<ContainerCreateResponse> {
    return createContainer(this.ctx, name, joinPod(this.ctx, body));
  }

  async inspect(ref: string, opts?: { size?: boolean }): Promise<ContainerInspect> {
    return inspectContainer(this.ctx, this.get(ref), opts);
  }

  list(opts: { all?: boolean; limit?: number; size?: boolean; filters?: Filters }): Promise<ContainerSummary[]> {
    return listContainers(this.ctx, opts);
  }

  async start(ref: string): Promise<void> {
    const c = this.get(ref);
    await beforeMemberStart(this.ctx, c);
    await startContainer(this.ctx, c);
  }

  async stop(ref: string, opts?: { signal?: string; timeout?: number }): Promise<void> {
    await stopContainer(this.ctx, this.get(ref), opts);
  }

  async restart(ref: string, opts?: { signal?: string; timeout?: number }): Promise<void> {
    const c = this.get(ref);
    await beforeMemberStart(this.ctx, c);
    await restartContainer(this.ctx, c, opts);
  }

  async kill(ref: string, signal?: string): Promise<void> {
    await killContainer(this.ctx, this.get(ref), signal);
  }

  async pause(ref: string): Promise<void> {
    await pauseContainer(this.ctx, this.get(ref));
  }

  async unpause(ref: string): Promise<void> {
    await unpauseContainer(this.ctx, this.get(ref));
  }

  async wait(ref: string, condition: WaitCondition): Promise<{ result: Promise<ContainerWaitResponse> }> {
    return { result: this.get(ref).wait(condition) };
  }

  async attach(ref: string, opts: AttachOptions): Promise<IOSession> {
    return attachContainer(this.ctx, this.get(ref), opts);
  }

  async logs(ref: string, opts: LogsOptions): Promise<{ tty: boolean; output: AsyncIterable<OutputChunk> }> {
    return containerLogs(this.ctx, this.get(ref), opts);
  }

  async top(ref: string, psArgs?: string): Promise<ContainerTopResponse> {
    return topContainer(this.ctx, this.get(ref), psArgs);
  }

  /** Resolves the ref at once, so an unknown container is an error before the stream starts. */
  stats(ref: string, opts: { stream: boolean; oneShot?: boolean }): AsyncIterable<ContainerStats> {
    return containerStats(this.ctx, this.get(ref), opts);
  }

  async changes(ref: string): Promise<FilesystemChange[]> {
    return containerChanges(this.ctx, this.get(ref));
  }

  async export(ref: string): Promise<Readable> {
    return exportContainer(this.ctx, this.get(ref));
  }

  async statPath(ref: string, path: string): Promise<PathStat> {
    return statPath(this.ctx, this.get(ref), ref, path);
  }

  async getArchive(ref: string, path: string): Promise<{ stat: PathStat; tar: Readable }> {
    return getArchive(this.ctx, this.get(ref), ref, path);
  }

  async putArchive(ref: string, path: string, tar: Readable, opts: { noOverwriteDirNonDir: boolean; copyUIDGID: boolean }): Promise<void> {
    await putArchive(this.ctx, this.get(ref), ref, path, tar, opts);
  }

  async resize(ref: string, height: number, width: number): Promise<void> {
    await resizeContainer(this.ctx, this.get(ref), height, width);
  }

  async rename(ref: string, newName: string): Promise<void> {
    await renameContainer(this.ctx, this.get(ref), newName);
  }

  async update(ref: string, body: ContainerUpdateRequest): Promise<{ Warnings: string[] }> {
    return updateContainer(this.ctx, this.get(ref), body);
  }

  async remove(ref: string, opts: { force: boolean; volumes: boolean; link: boolean }): Promise<void> {
    // `rm --link /parent/alias` removes the link, never a container.
    if (opts.link) return removeLink(this.ctx, ref);
    const c = this.get(ref);
    if (await removeInfraWithPod(this.ctx, c, opts.force)) return;
    await removeContainer(this.ctx, c, opts);
  }

  prune(filters: Filters): Promise<ContainerPruneResponse> {
    return pruneContainers(this.ctx, filters);
  }

  async commit(ref: string, opts: CommitRequest): Promise<{ Id: string }> {
    return commitContainer(this.ctx, this.get(ref), opts);
  }
}

/** PodService: resolves pod refs and hands each call to the file that implements it. */
import type { ContainerTopResponse, Filters } from '../../apitypes/containers.js';
import type { PodActionResponse, PodCreateRequest, PodCreateResponse, PodInspect, PodSummary } from '../../apitypes/pods.js';
import type { EngineContext } from '../context.js';
import { FilterArgs } from '../filters/index.js';
import type { PodService } from '../types.js';
import { createPod } from './create.js';
import { killPod, pausePod, removePod, restartPod, startPod, stopPod, unpausePod } from './lifecycle.js';
import type { Pod } from './store.js';
import { inspectPod, summarizePod, topPod } from './view.js';

export class PodServiceImpl implements PodService {
  constructor(private readonly ctx: EngineContext) {}

  private get(ref: string): Pod {
    return this.ctx.pods.get(ref);
  }

  create(req: PodCreateRequest): Promise<PodCreateResponse> {
    return createPod(this.ctx, req);
  }

  /** Filters `id` (prefix), `name` (Go regexp), `label`, `status` (lower case, as podman). */
  list(filters?: Filters): PodSummary[] {
    const f = new FilterArgs(filters).validate(['id', 'name', 'label', 'status']);
    return this.ctx.pods
      .all()
      .map((p) => summarizePod(this.ctx, p))
      .filter((p) => f.fuzzyMatch('id', p.Id) && f.match('name', p.Name) && f.matchLabels(p.Labels) && f.exactMatch('status', p.Status.toLowerCase()))
      .sort((a, b) => b.Created.localeCompare(a.Created));
  }

  async inspect(ref: string): Promise<PodInspect> {
    return inspectPod(this.ctx, this.get(ref));
  }

  start(ref: string): Promise<PodActionResponse> {
    return startPod(this.ctx, this.get(ref));
  }

  stop(ref: string, opts?: { timeout?: number }): Promise<PodActionResponse> {
    return stopPod(this.ctx, this.get(ref), opts);
  }

  restart(ref: string, opts?: { timeout?: number }): Promise<PodActionResponse> {
    return restartPod(this.ctx, this.get(ref), opts);
  }

  kill(ref: string, signal?: string): Promise<PodActionResponse> {
    return killPod(this.ctx, this.get(ref), signal);
  }

  pause(ref: string): Promise<PodActionResponse> {
    return pausePod(this.ctx, this.get(ref));
  }

  unpause(ref: string): Promise<PodActionResponse> {
    return unpausePod(this.ctx, this.get(ref));
  }

  remove(ref: string, opts: { force: boolean }): Promise<PodActionResponse> {
    return removePod(this.ctx, this.get(ref), opts);
  }

  top(ref: string, psArgs?: string): Promise<ContainerTopResponse> {
    return topPod(this.ctx, this.get(ref), psArgs);
  }
}

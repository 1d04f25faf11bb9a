/**
 * One build in progress: the plan, the options, the context on disk, and
 * the stages' results as promises, so a stage waits only for the stages it
 * reads from and independent stages run at the same time.
 */
import type { BuildOptions } from '../../apitypes/build.js';
import { invalidArgument, throwIfCancelled } from '../../errdefs/index.js';
import type { CacheStore } from '../cache/cache-store.js';
import type { ContextLease } from '../context/context-store.js';
import type { BuildPlan, Stage } from '../dockerfile/index.js';
import type { ImageRuntimeConfig } from '../../oci/image.js';
import type { CacheSources } from './cache-sources.js';
import type { BuilderDeps } from './deps.js';
import { imageState, type ImageState } from './image-state.js';

export class BuildRun {
  readonly escapeToken: string;
  readonly totalSteps: number;
  private readonly results = new Map<number, Promise<ImageState>>();
  private readonly consumed = new Set<string>();

  constructor(
    readonly deps: BuilderDeps,
    readonly cache: CacheStore,
    readonly plan: BuildPlan,
    readonly options: BuildOptions,
    readonly context: Pick<ContextLease, 'dir' | 'hashes'>,
    readonly needed: readonly number[],
    extraSteps: number,
    /** The client went away: no further step starts, a running RUN is killed, nothing is tagged. */
    readonly signal: AbortSignal,
    /** `--cache-from`: the only images a cache hit may come from; undefined for the whole local cache. */
    private readonly cacheSources?: CacheSources,
  ) {
    this.escapeToken = plan.dockerfile.escapeToken;
    this.totalSteps = needed.reduce((n, i) => n + 1 + (plan.stages[i] as Stage).instructions.length, 0) + extraSteps;
    for (const a of plan.metaArgs) for (const d of a.args) this.consumed.add(d.key);
  }

  /** Docker's word for a build its client abandoned. */
  checkCancelled(): void {
    throwIfCancelled(this.signal);
  }

  setResult(index: number, result: Promise<ImageState>): void {
    this.results.set(index, result);
  }

  stageResult(index: number): Promise<ImageState> {
    const r = this.results.get(index);
    if (!r) throw invalidArgument(`stage ${index} is not part of this build`);
    return r;
  }

  /** COPY --from: a stage by name or index, else an image. */
  async copySource(from: string): Promise<ImageState> {
    const lower = from.toLowerCase();
    const stage = /^\d+$/.test(from) ? this.plan.stages[Number(from)] : this.plan.stages.find((s) => s.name === lower);
    if (stage) return this.stageResult(stage.index);
    return imageState(this.deps, from);
  }

  consumeArg(name: string): void {
    this.consumed.add(name);
  }

  /** Build args no ARG declared (Docker warns about them). */
  unconsumedArgs(predefined: readonly string[]): string[] {
    return Object.keys(this.options.buildArgs).filter((k) => !this.consumed.has(k) && !predefined.includes(k)).sort();
  }

  /** The image a cache key made, if it still exists (and is from a `--cache-from` chain, when any was named). */
  async cacheLookup(key: string): Promise<ImageState | undefined> {
    const entry = this.cache.get(key);
    if (!entry || (this.cacheSources && !this.cacheSources.allows(entry.id))) return undefined;
    try {
      const state = await imageState(this.deps, entry.id);
      this.cache.touch(key);
      return state;
    } catch {
      this.cache.delete(key);
      return undefined;
    }
  }

  /** A `--cache-from` source's record of this step, when the local cache has none; an image made for it is cached under `key`. */
  async cacheRestore(key: string, parent: ImageState, createdBy: string, runtime: ImageRuntimeConfig): Promise<ImageState | undefined> {
    const hit = await this.cacheSources?.restore(parent, createdBy, runtime);
    if (hit?.recorded) this.cachePut(key, hit.image, parent, createdBy);
    return hit?.image;
  }

  cachePut(key: string, made: ImageState, parent: ImageState, description: string): void {
    this.cache.put(key, { id: made.id as NonNullable<ImageState['id']>, ...(parent.id ? { parent: parent.id } : {}), description });
  }
}

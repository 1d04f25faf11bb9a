/**
 * The builder service: `POST /build` (a context stream in, Docker's JSON
 * progress messages out), `POST /build/prune`, and the build cache rows of
 * `system df`.
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { BuildCacheRecord, BuildMessage, BuildOptions, BuildPruneResponse } from '../../apitypes/build.js';
import { invalidArgument, isWharfError } from '../../errdefs/index.js';
import { familiarString, parseNormalizedNamed } from '../../oci/reference.js';
import { shortId } from '../../util/ids.js';
import { logger } from '../../util/logger.js';
import { CacheStore } from '../cache/cache-store.js';
import { ContextStore } from '../context/context-store.js';
import { DockerfileError } from '../dockerfile/errors.js';
import { parseStages, type Stage } from '../dockerfile/index.js';
import { BuildRun } from './build-run.js';
import { CacheSources } from './cache-sources.js';
import type { BuilderDeps } from './deps.js';
import type { ImageState } from './image-state.js';
import { AsyncQueue } from '../../util/async-queue.js';
import { OrderedOutput } from './ordered-output.js';
import { recoverInterruptedBuilds } from './recover.js';
import { RunFailure } from './run-failure.js';
import { PREDEFINED_ARGS, StageRunner } from './stage-runner.js';

const log = logger('builder');

export class Builder {
  private readonly contexts: ContextStore;

  private constructor(
    private readonly deps: BuilderDeps,
    private readonly cache: CacheStore,
  ) {
    this.contexts = new ContextStore(deps.root);
  }

  static async open(deps: BuilderDeps): Promise<Builder> {
    await mkdir(deps.root, { recursive: true, mode: 0o700 });
    // Contexts and downloads of builds a crash interrupted.
    for (const name of await readdir(deps.root)) if (name.startsWith('tmp-') || name.startsWith('ctx-')) await rm(join(deps.root, name), { recursive: true, force: true });
    await recoverInterruptedBuilds(deps);
    return new Builder(deps, await CacheStore.open(deps.root));
  }

  /** Streams the build's messages; a failure is the last message, never a throw. */
  build(opts: BuildOptions, context: Readable, signal: AbortSignal = new AbortController().signal): AsyncIterable<BuildMessage> {
    const channel = new AsyncQueue<BuildMessage>();
    const say = (text: string): void => {
      if (!opts.quiet) channel.push({ stream: text });
    };
    this.run(opts, context, signal, say, channel)
      .catch((err: unknown) => {
        channel.push(errorMessage(err, opts.dockerfile));
        if (!(err instanceof RunFailure) && !isWharfError(err) && !signal.aborted) log.error('build failed', { error: String(err) });
      })
      .finally(() => channel.end());
    return channel;
  }

  private async run(opts: BuildOptions, context: Readable, signal: AbortSignal, say: (text: string) => void, channel: AsyncQueue<BuildMessage>): Promise<void> {
    const ctx = await this.contexts.receive(context, opts.dockerfile);
    try {
      const plan = parseStages(ctx.dockerfile, opts.buildArgs);
      for (const w of plan.dockerfile.warnings) say(`[WARNING]: ${w.message}\n`);
      if (plan.dockerfile.syntax) say(`[NOTE]: # syntax=${plan.dockerfile.syntax} is ignored: the classic builder has no frontends\n`);
      for (const stage of plan.stages) {
        for (const name of stage.undefinedArgs) say(`[Warning] base name uses undefined ARG ${name}\n`);
      }
      const target = plan.target(opts.target);
      const needed = plan.stagesNeeded(opts.target);
      const hasLabels = Object.keys(opts.labels).length > 0;
      const sources = opts.noCache ? undefined : await CacheSources.open(this.deps, opts.cacheFrom);
      const build = new BuildRun(this.deps, this.cache, plan, opts, ctx, needed, hasLabels ? 1 : 0, signal, sources);
      const output = new OrderedOutput(needed.length, say);
      let next = 1;
      const runners = new Map<number, StageRunner>();
      for (const [slot, index] of needed.entries()) {
        const stage = plan.stages[index] as Stage;
        const first = next;
        next += 1 + stage.instructions.length;
        const runner = new StageRunner(build, stage, output.writer(slot));
        runners.set(index, runner);
        const result = runner.run(first).finally(() => output.finish(slot));
        result.catch(() => undefined);
        build.setResult(index, result);
      }
      const settled = await Promise.allSettled(needed.map((i) => build.stageResult(i)));
      await this.cache.save();
      const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failed) throw failed.reason;
      let image = (settled[needed.indexOf(target.index)] as PromiseFulfilledResult<ImageState>).value;
      if (hasLabels) {
        image = await (runners.get(target.index) as StageRunner).labels(opts.labels, next);
        await this.cache.save();
      }
      const unused = build.unconsumedArgs(PREDEFINED_ARGS);
      if (unused.length > 0) say(`[Warning] One or more build-args [${unused.join(' ')}] were not consumed\n`);
      if (!image.id) throw invalidArgument('No image was generated. Is your Dockerfile empty?');
      build.checkCancelled();
      channel.push({ aux: { ID: image.id } });
      say(`Successfully built ${shortId(image.id.slice(7))}\n`);
      for (const t of opts.tags) {
        await this.deps.images.tag(image.id, t);
        say(`Successfully tagged ${familiarString(parseNormalizedNamed(t.includes(':') || t.includes('@') ? t : `${t}:latest`))}\n`);
      }
      if (opts.quiet) channel.push({ stream: `${image.id}\n` });
    } finally {
      ctx.release();
    }
  }

  /** Forget every cache entry and remove the intermediate images only the cache kept. */
  async prune(): Promise<BuildPruneResponse> {
    const deleted: string[] = [];
    const entries = this.cache.entries();
    for (const [key] of entries) this.cache.delete(key);
    await this.cache.save();
    // Newest first: a child must go before its parent can.
    const ids = [...new Set(entries.sort((a, b) => b[1].created.localeCompare(a[1].created)).map(([, e]) => e.id))];
    for (const id of ids) {
      try {
        const rec = await this.deps.images.resolve(id);
        if (rec.repoTags.length > 0) continue;
        const items = await this.deps.removeImage(id, { noprune: true });
        if (items.some((i) => i.Deleted === id)) deleted.push(id);
      } catch {
        // In use (a tagged child, a container) or gone already: not the cache's to delete.
      }
    }
    // Layers stay while any image shares them, so what is freed is not known here.
    return { CachesDeleted: deleted.length > 0 ? deleted : null, SpaceReclaimed: 0 };
  }

  /** `system df` BuildCache rows: one per cached step whose image still exists. */
  async usage(): Promise<BuildCacheRecord[]> {
    const rows: BuildCacheRecord[] = [];
    for (const [key, e] of this.cache.entries()) {
      const rec = await this.deps.images.resolve(e.id).catch(() => undefined);
      if (!rec) continue;
      rows.push({
        ID: key.slice(0, 25),
        ...(e.parent ? { Parent: e.parent } : {}),
        Type: 'regular',
        Description: e.description,
        InUse: false,
        Shared: rec.repoTags.length > 0,
        Size: 0,
        CreatedAt: e.created,
        LastUsedAt: e.lastUsed,
        UsageCount: e.usageCount,
      });
    }
    return rows;
  }
}

function errorMessage(err: unknown, dockerfile: string): BuildMessage {
  let message = err instanceof Error ? err.message : String(err);
  if (err instanceof RunFailure) return { errorDetail: { message, ...(err.exitCode !== undefined ? { code: err.exitCode } : {}) }, error: message };
  if (err instanceof DockerfileError && err.startLine > 0) message = `${dockerfile || 'Dockerfile'}:${err.startLine}: ${message}`;
  return { errorDetail: { message }, error: message };
}

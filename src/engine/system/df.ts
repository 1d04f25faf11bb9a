/** `GET /system/df`: disk usage of image layers and container layers and volumes (no build cache yet). */
import { chainIds } from '../../images/index.js';
import type { EngineContext } from '../context.js';
import { listImages } from '../images/views.js';
import { summarize } from '../containers/inspect.js';
import { volumeUsage } from '../volumes/usage.js';

export async function diskUsage(ctx: EngineContext): Promise<Record<string, unknown>> {
  const { images, snapshots } = ctx.deps;
  const summaries = await listImages(images, {});
  const layerSize = new Map<string, number>();
  const users = new Map<string, number>();
  const layersOf = new Map<string, string[]>();
  for (const img of summaries) {
    const config = await images.config(await images.resolve(img.Id));
    const chain = chainIds(config.rootfs.diff_ids);
    layersOf.set(img.Id, chain);
    for (const key of chain) {
      users.set(key, (users.get(key) ?? 0) + 1);
      if (!layerSize.has(key)) layerSize.set(key, await snapshots.usage(key).then((u) => u.size, () => 0));
    }
  }
  const containersByImage = new Map<string, number>();
  for (const c of ctx.store.all()) containersByImage.set(c.record.Image, (containersByImage.get(c.record.Image) ?? 0) + 1);

  const imageRows = summaries.map((img) => {
    const shared = (layersOf.get(img.Id) ?? []).filter((k) => (users.get(k) ?? 0) > 1).reduce((sum, k) => sum + (layerSize.get(k) ?? 0), 0);
    return { ...img, SharedSize: shared, Containers: containersByImage.get(img.Id) ?? 0 };
  });
  const containers = await Promise.all(ctx.store.all().map((c) => summarize(ctx, c, { size: true })));
  return {
    LayersSize: [...layerSize.values()].reduce((a, b) => a + b, 0),
    Images: imageRows,
    Containers: containers,
    Volumes: await volumeUsage(ctx),
    BuildCache: (await ctx.deps.buildCache?.usage()) ?? [],
  };
}

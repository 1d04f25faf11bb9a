/** `system df -v`: docker's per-object tables for images, containers, local volumes and the build cache. */
import type { DiskUsage } from '../../client/system.js';
import { renderRows } from '../format/formatter.js';
import { CONTAINER_HEADERS, ContainerContext } from './container-context.js';
import { IMAGE_HEADERS, imageRows } from './image-context.js';
import { humanSize } from '../../util/units.js';
import { VOLUME_HEADERS, VolumeContext } from './volume-context.js';

const IMAGES = 'table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}\t{{.SharedSize}}\t{{.UniqueSize}}\t{{.Containers}}';
const CONTAINERS = 'table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.LocalVolumes}}\t{{.Size}}\t{{.RunningFor}}\t{{.Status}}\t{{.Names}}';
const VOLUMES = 'table {{.Name}}\t{{.Links}}\t{{.Size}}';
const BUILD_CACHE = 'table {{.ID}}\t{{.CacheType}}\t{{.Size}}\t{{.CreatedSince}}\t{{.LastUsedSince}}\t{{.UsageCount}}\t{{.Shared}}';
const BUILD_CACHE_HEADERS = { ID: 'CACHE ID', CacheType: 'CACHE TYPE', Size: 'SIZE', CreatedSince: 'CREATED', LastUsedSince: 'LAST USED', UsageCount: 'USAGE', Shared: 'SHARED' };

export function verboseDiskUsage(du: DiskUsage): string {
  const images = (du.Images ?? []).flatMap((img) => imageRows(img, { trunc: true, digests: false, needDigest: false }));
  const containers = (du.Containers ?? []).map((c) => new ContainerContext({ ...c, SizeRootFs: 0 }, true));
  const volumes = (du.Volumes ?? []).map((v) => new VolumeContext(v));
  const cacheSize = (du.BuildCache ?? []).reduce((sum, b) => sum + b.Size, 0);
  return [
    'Images space usage:\n',
    renderRows(IMAGES, images, IMAGE_HEADERS),
    'Containers space usage:\n',
    renderRows(CONTAINERS, containers, CONTAINER_HEADERS),
    'Local Volumes space usage:\n',
    renderRows(VOLUMES, volumes, VOLUME_HEADERS),
    `Build cache usage: ${humanSize(cacheSize)}\n`,
    // Build cache records are listed by the builder's own commands; df shows their total above.
    renderRows(BUILD_CACHE, [], BUILD_CACHE_HEADERS),
  ].join('\n');
}

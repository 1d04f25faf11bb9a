/** Image records in the Docker Engine API's wire shapes. */
import type { Filters } from '../apitypes/containers.js';
import type { HistoryResponseItem, ImageInspect, ImageSummary } from '../apitypes/images.js';
import { isNotFound } from '../errdefs/index.js';
import { familiarString, parseStoredReference } from '../oci/reference.js';
import { checkFilterKeys, danglingFilter, labelsMatch, referenceMatches, untilMatches } from './filters.js';
import { chainIds } from './layers.js';
import type { StoreParts } from './store-parts.js';
import type { ImageRecord } from './types.js';

const ZERO_TIME = '0001-01-01T00:00:00Z';
const LIST_FILTERS = ['dangling', 'label', 'label!', 'before', 'since', 'reference', 'until'];

/** Docker lists references sorted by their familiar form. */
const familiar = (refs: string[]): string[] => refs.map((r) => familiarString(parseStoredReference(r))).sort();

function createdMs(created: string | undefined): number {
  const t = created ? Date.parse(created) : NaN;
  return Number.isNaN(t) ? 0 : t;
}

export async function listImages(store: StoreParts, opts: { all?: boolean; filters?: Filters }): Promise<ImageSummary[]> {
  const filters = opts.filters ?? {};
  checkFilterKeys(filters, LIST_FILTERS);
  const dangling = danglingFilter(filters);
  const before = await Promise.all((filters.before ?? []).map(async (r) => createdMs((await store.config(await store.resolve(r))).created)));
  const since = await Promise.all((filters.since ?? []).map(async (r) => createdMs((await store.config(await store.resolve(r))).created)));
  const out: Array<ImageSummary & { createdMs: number }> = [];
  for (const rec of store.records.all()) {
    const cfg = await store.config(rec);
    const created = createdMs(cfg.created);
    const isDangling = rec.repoTags.length === 0;
    if (!opts.all && isDangling && store.records.children(rec.id).length > 0) continue;
    if (dangling !== undefined && dangling !== isDangling) continue;
    if (!labelsMatch(filters, cfg.config?.Labels)) continue;
    if (before.some((t) => created >= t) || since.some((t) => created <= t)) continue;
    if (!untilMatches(filters, created)) continue;
    // As Docker does, a reference filter also narrows the listed tags and digests to the matching ones.
    const refs = filters.reference;
    const keep = (names: string[]): string[] => (refs?.length ? names.filter((n) => referenceMatches(refs, n)) : names);
    const repoTags = keep(rec.repoTags);
    if (refs?.length && repoTags.length === 0) continue;
    out.push({
      Id: rec.id,
      ParentId: rec.parent ?? '',
      RepoTags: familiar(repoTags),
      RepoDigests: familiar(keep(rec.repoDigests)),
      Created: Math.floor(created / 1000),
      Size: rec.size,
      SharedSize: -1,
      VirtualSize: rec.size,
      Labels: cfg.config?.Labels ?? null,
      Containers: -1,
      createdMs: created,
    });
  }
  out.sort((a, b) => b.createdMs - a.createdMs);
  return out.map(({ createdMs: _sortKey, ...summary }) => summary);
}

export async function inspectOf(store: StoreParts, rec: ImageRecord): Promise<ImageInspect> {
  const cfg = await store.config(rec);
  const extra = cfg as typeof cfg & { container_config?: ImageInspect['ContainerConfig']; 'os.version'?: string };
  const out: ImageInspect = {
    Id: rec.id,
    RepoTags: familiar(rec.repoTags),
    RepoDigests: familiar(rec.repoDigests),
    Parent: rec.parent ?? '',
    Comment: cfg.comment ?? '',
    Created: cfg.created ?? ZERO_TIME,
    DockerVersion: cfg.docker_version ?? '',
    Author: cfg.author ?? '',
    Config: cfg.config ?? null,
    Architecture: cfg.architecture,
    Os: cfg.os,
    Size: rec.size,
    VirtualSize: rec.size,
    GraphDriver: { Name: 'overlay2', Data: await graphDriverData(store, rec) },
    RootFS: { Type: 'layers', Layers: [...cfg.rootfs.diff_ids] },
    Metadata: { LastTagTime: rec.lastTagTime ?? ZERO_TIME },
  };
  if (cfg.container !== undefined) out.Container = cfg.container;
  if (extra.container_config !== undefined) out.ContainerConfig = extra.container_config;
  if (cfg.variant !== undefined) out.Variant = cfg.variant;
  if (extra['os.version'] !== undefined) out.OsVersion = extra['os.version'];
  return out;
}

async function graphDriverData(store: StoreParts, rec: ImageRecord): Promise<Record<string, string> | null> {
  const top = chainIds((await store.config(rec)).rootfs.diff_ids).at(-1);
  if (top === undefined) return null;
  try {
    const dirs = await store.snapshots.dirs(top);
    const data: Record<string, string> = { UpperDir: dirs.upper ?? '' };
    if (dirs.lowers.length > 0) data.LowerDir = dirs.lowers.join(':');
    return data;
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

/** Newest first; rows that are local images (the image, then its parents) carry their id and tags. */
export async function historyOf(store: StoreParts, rec: ImageRecord): Promise<HistoryResponseItem[]> {
  const cfg = await store.config(rec);
  const chains = chainIds(cfg.rootfs.diff_ids);
  const rows: HistoryResponseItem[] = [];
  let layer = 0;
  for (const h of cfg.history ?? []) {
    let size = 0;
    if (!h.empty_layer) {
      const chain = chains[layer++];
      if (chain !== undefined) size = store.records.layerSize(chain) ?? 0;
    }
    rows.unshift({
      Id: '<missing>',
      Created: Math.floor(createdMs(h.created) / 1000),
      CreatedBy: h.created_by ?? '',
      Tags: null,
      Size: size,
      Comment: h.comment ?? '',
    });
  }
  let img: ImageRecord | undefined = rec;
  for (const row of rows) {
    if (!img) break;
    row.Id = img.id;
    const tags = familiar(img.repoTags);
    row.Tags = tags.length > 0 ? tags : null;
    img = img.parent ? store.records.get(img.parent) : undefined;
  }
  return rows;
}

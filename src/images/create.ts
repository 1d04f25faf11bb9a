/** New images made here rather than pulled: `docker import` and `docker commit`. */
import type { Readable } from 'node:stream';
import { decompress, layerDiff } from '../archive/index.js';
import { invalidArgument } from '../errdefs/index.js';
import { MediaType, type Descriptor, type ImageConfig, type ImageManifest, type Platform } from '../oci/image.js';
import { familiarString, parseStoredReference } from '../oci/reference.js';
import { applyChanges } from './changes.js';
import { checkRuntimeConfig } from './config-check.js';
import { EMPTY_LAYER_DIFF_ID } from './layers.js';
import { tagReference, type StoreParts } from './store-parts.js';
import type { CommitOptions, ImageRecord, ImportOptions } from './types.js';

export async function importRootfs(store: StoreParts, tar: Readable, opts: ImportOptions): Promise<ImageRecord> {
  const platform = opts.platform ? parsePlatform(opts.platform, store.platform) : store.platform;
  const tags = opts.ref ? [tagReference(opts.ref)] : [];
  // Docker keeps an imported layer uncompressed: its digest is then its diff ID.
  const layer = await store.content.ingest(decompress(tar), undefined, MediaType.DockerLayer);
  const now = new Date().toISOString();
  const comment = opts.message || 'Imported from -';
  const config: ImageConfig = {
    architecture: platform.architecture,
    os: platform.os,
    ...(platform.variant !== undefined ? { variant: platform.variant } : {}),
    created: now,
    comment,
    config: applyChanges({}, opts.changes ?? []),
    rootfs: { type: 'layers', diff_ids: [layer.digest] },
    history: [{ created: now, comment }],
  };
  const rec = await store.addImage({ target: await writeImage(store, config, [layer]), tags });
  store.emit('import', rec.id);
  for (const t of tags) store.emit('tag', rec.id, { name: familiarString(parseStoredReference(t)) });
  return rec;
}

export async function commitImage(store: StoreParts, opts: CommitOptions): Promise<ImageRecord> {
  const parent = opts.parentImageId ? await store.resolve(opts.parentImageId) : undefined;
  const parentConfig = parent ? await store.config(parent) : undefined;
  const parentLayers = parent ? (await store.manifest(parent)).layers : [];
  const tags = opts.ref ? [tagReference(opts.ref)] : [];
  const { upper } = await store.snapshots.dirs(opts.snapshotKey);
  if (upper === undefined) throw invalidArgument(`snapshot ${opts.snapshotKey} has no writable layer`);

  const layer = await store.content.ingest(layerDiff(upper), undefined, MediaType.DockerLayer);
  const empty = layer.digest === EMPTY_LAYER_DIFF_ID;
  const runtime = applyChanges(opts.config, opts.changes ?? []);
  const now = new Date().toISOString();
  const history = { created: now, created_by: opts.createdBy ?? (Array.isArray(runtime.Cmd) ? runtime.Cmd.join(' ') : '') } as NonNullable<ImageConfig['history']>[number];
  if (opts.author) history.author = opts.author;
  if (opts.comment) history.comment = opts.comment;
  if (empty) history.empty_layer = true;
  const config: ImageConfig = {
    architecture: parentConfig?.architecture ?? store.platform.architecture,
    os: parentConfig?.os ?? store.platform.os,
    ...(parentConfig?.variant !== undefined ? { variant: parentConfig.variant } : {}),
    created: now,
    ...(opts.author ? { author: opts.author } : {}),
    ...(opts.comment ? { comment: opts.comment } : {}),
    ...(opts.container ? { container: opts.container } : {}),
    config: runtime,
    rootfs: { type: 'layers', diff_ids: [...(parentConfig?.rootfs.diff_ids ?? []), ...(empty ? [] : [layer.digest])] },
    history: [...(parentConfig?.history ?? []), history],
  };
  const target = await writeImage(store, config, [...parentLayers, ...(empty ? [] : [layer])]);
  const rec = await store.addImage({ target, tags, ...(parent ? { parent: parent.id } : {}) });
  for (const t of tags) store.emit('tag', rec.id, { name: familiarString(parseStoredReference(t)) });
  return rec;
}

/** Store config and a Docker schema2 manifest for it; returns the manifest's descriptor. */
export async function writeImage(store: StoreParts, config: ImageConfig, layers: Descriptor[]): Promise<Descriptor> {
  checkRuntimeConfig(config.config);
  return writeManifest(store, await store.content.writeBlob(Buffer.from(JSON.stringify(config)), undefined, MediaType.DockerConfig), layers);
}

/** Store a Docker schema2 manifest for a config already in the content store. */
export async function writeManifest(store: StoreParts, configDesc: Descriptor, layers: Descriptor[]): Promise<Descriptor> {
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MediaType.DockerManifest,
    config: configDesc,
    layers: layers.map(({ mediaType, digest, size }) => ({ mediaType, digest, size })),
  };
  return store.content.writeBlob(Buffer.from(JSON.stringify(manifest)), undefined, MediaType.DockerManifest);
}

/** `os[/arch[/variant]]`, as `--platform` takes it; the host's architecture when omitted. */
export function parsePlatform(s: string, host: Platform): Platform {
  const [os, architecture, variant] = s.toLowerCase().split('/');
  if (!os || architecture === '') throw invalidArgument(`invalid platform: ${s}`);
  const p: Platform = { os, architecture: architecture ?? host.architecture };
  if (variant) p.variant = variant;
  return p;
}

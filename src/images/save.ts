/**
 * `docker save`: a tarball `docker load` accepts, in the layout Docker 25+ writes:
 * an OCI image layout (`oci-layout`, `index.json`, `blobs/sha256/…` with
 * uncompressed layers named by diff ID) plus the legacy `manifest.json` and
 * `repositories` that older loaders read.
 */
import { Readable } from 'node:stream';
import { decompress } from '../archive/index.js';
import { TarEncoder } from '../archive/index.js';
import { MediaType, type Descriptor, type ImageIndex, type ImageManifest } from '../oci/image.js';
import { familiarName, familiarString, parseNormalizedNamed, parseStoredReference, repositoryName, type Reference } from '../oci/reference.js';
import { encoded, sha256, type Digest } from '../util/digest.js';
import type { LayerInfo } from './layers.js';
import type { StoreParts } from './store-parts.js';
import type { ImageRecord } from './types.js';

interface SavedImage {
  rec: ImageRecord;
  /** Full tag references to record for it. */
  tags: Set<string>;
}

const EPOCH = new Date(0);

export async function saveArchive(store: StoreParts, names: string[]): Promise<Readable> {
  const images = new Map<Digest, SavedImage>();
  const add = (rec: ImageRecord, tag?: string): void => {
    const entry = images.get(rec.id) ?? { rec, tags: new Set<string>() };
    if (tag !== undefined) entry.tags.add(tag);
    images.set(rec.id, entry);
  };
  for (const name of names) {
    const repo = repositoryOnly(name);
    const tagged = repo === undefined ? [] : store.records.all().filter((r) => r.repoTags.some((t) => repositoryName(parseStoredReference(t)) === repo));
    if (tagged.length > 0) {
      // A bare repository name saves every tag of it, as Docker does.
      for (const rec of tagged) for (const t of rec.repoTags) if (repositoryName(parseStoredReference(t)) === repo) add(rec, t);
      continue;
    }
    const rec = await store.resolve(name);
    add(rec, tagOf(name, rec));
  }
  const plans = await Promise.all([...images.values()].map(async (img) => ({ ...img, layers: await store.layers(img.rec) })));
  for (const p of plans) store.emit('save', p.rec.id);
  return Readable.from(writeArchive(store, plans), { objectMode: false });
}

/** The repository when `name` is a bare repository name (no tag, digest or id). */
function repositoryOnly(name: string): string | undefined {
  let ref: Reference;
  try {
    ref = parseNormalizedNamed(name);
  } catch {
    return undefined;
  }
  if (ref.tag !== undefined || ref.digest !== undefined) return undefined;
  return repositoryName(ref);
}

/** The full tag `name` spells, if it is a reference the image carries. */
function tagOf(name: string, rec: ImageRecord): string | undefined {
  try {
    const ref = parseNormalizedNamed(name);
    if (ref.digest !== undefined || ref.tag === undefined) return undefined;
    const full = `${repositoryName(ref)}:${ref.tag}`;
    return rec.repoTags.includes(full) ? full : undefined;
  } catch {
    return undefined;
  }
}

async function* writeArchive(store: StoreParts, plans: Array<SavedImage & { layers: LayerInfo[] }>): AsyncGenerator<Buffer> {
  const enc = new TarEncoder();
  const written = new Set<string>();
  const dir = (name: string): AsyncGenerator<Buffer> => enc.entry({ name, type: 'directory', mode: 0o755, uid: 0, gid: 0, mtime: EPOCH });
  const blob = async function* (digest: string, data: Buffer): AsyncGenerator<Buffer> {
    if (written.has(digest)) return;
    written.add(digest);
    yield* enc.entry({ name: `blobs/sha256/${encoded(digest as Digest)}`, type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: EPOCH, size: data.length }, toIterable(data));
  };
  yield* dir('blobs/');
  yield* dir('blobs/sha256/');

  const index: ImageIndex = { schemaVersion: 2, mediaType: MediaType.OciIndex, manifests: [] };
  const legacy: Array<{ Config: string; RepoTags: string[] | null; Layers: string[] }> = [];
  const repositories: Record<string, Record<string, string>> = {};
  for (const { rec, tags, layers } of plans) {
    const config = await store.content.readBlob(rec.id);
    yield* blob(rec.id, config);
    const layerDescs: Descriptor[] = [];
    for (const l of layers) {
      const size = await tarSize(store, l);
      layerDescs.push({ mediaType: MediaType.OciLayer, digest: l.diffId, size });
      if (written.has(l.diffId)) continue;
      written.add(l.diffId);
      const name = `blobs/sha256/${encoded(l.diffId)}`;
      yield* enc.entry({ name, type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: EPOCH, size }, uncompressedLayer(store, l));
    }
    const manifest: ImageManifest = {
      schemaVersion: 2,
      mediaType: MediaType.OciManifest,
      config: { mediaType: MediaType.OciConfig, digest: rec.id, size: config.length },
      layers: layerDescs,
    };
    const manifestBytes = Buffer.from(JSON.stringify(manifest));
    const manifestDigest = sha256(manifestBytes);
    yield* blob(manifestDigest, manifestBytes);
    const desc: Descriptor = { mediaType: MediaType.OciManifest, digest: manifestDigest, size: manifestBytes.length };
    const sortedTags = [...tags].sort();
    if (sortedTags.length === 0) index.manifests.push(desc);
    for (const t of sortedTags) {
      const ref = parseStoredReference(t);
      index.manifests.push({ ...desc, annotations: { 'io.containerd.image.name': t, 'org.opencontainers.image.ref.name': ref.tag ?? '' } });
      const top = layers.at(-1);
      if (top) (repositories[familiarName(ref)] ??= {})[ref.tag ?? 'latest'] = encoded(top.diffId);
    }
    legacy.push({
      Config: `blobs/sha256/${encoded(rec.id)}`,
      RepoTags: sortedTags.length > 0 ? sortedTags.map((t) => familiarString(parseStoredReference(t))) : null,
      Layers: layers.map((l) => `blobs/sha256/${encoded(l.diffId)}`),
    });
  }
  const file = (name: string, value: unknown): AsyncGenerator<Buffer> => {
    const data = Buffer.from(JSON.stringify(value));
    return enc.entry({ name, type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: EPOCH, size: data.length }, toIterable(data));
  };
  yield* file('index.json', index);
  yield* file('manifest.json', legacy);
  yield* file('oci-layout', { imageLayoutVersion: '1.0.0' });
  if (Object.keys(repositories).length > 0) yield* file('repositories', repositories);
  yield enc.end();
}

/** The layer as an uncompressed tar (its diff ID's content), whatever the stored blob's compression. */
function uncompressedLayer(store: StoreParts, l: LayerInfo): Readable {
  const raw = store.content.createReadStream(l.blob.digest);
  return l.blob.digest === l.diffId ? raw : decompress(raw);
}

async function tarSize(store: StoreParts, l: LayerInfo): Promise<number> {
  if (l.blob.digest === l.diffId) return l.blob.size;
  const known = store.records.tarSize(l.diffId);
  if (known !== undefined) return known;
  let n = 0;
  for await (const chunk of uncompressedLayer(store, l)) n += (chunk as Buffer).length;
  await store.records.update((d) => d.setTarSize(l.diffId, n));
  return n;
}

async function* toIterable(data: Buffer): AsyncGenerator<Buffer> {
  yield data;
}

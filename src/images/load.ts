/**
 * `docker load`: tarballs from `docker save`, legacy (`manifest.json`,
 * `<id>.json`, `<layer>/layer.tar`, symlinked duplicates) or OCI layout
 * (`index.json`, `blobs/sha256/…`). The tarball is unpacked under the store's
 * root with the same confinement as any untrusted tar, then its blobs are
 * ingested and verified.
 */
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, open, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { extractArchive, secureJoin } from '../archive/index.js';
import { errnoCode, invalidArgument } from '../errdefs/index.js';
import { MediaType, type Descriptor, type ImageConfig, type ImageIndex, type ImageManifest } from '../oci/image.js';
import { familiarString, parseStoredReference } from '../oci/reference.js';
import { encoded, isDigest, type Digest } from '../util/digest.js';
import { writeManifest } from './create.js';
import { isGzip, isIndex } from './layers.js';
import { tagReference, type StoreParts } from './store-parts.js';

interface LegacyManifestEntry {
  Config: string;
  RepoTags?: string[] | null;
  Layers: string[];
}

export async function loadArchive(store: StoreParts, tar: Readable): Promise<string[]> {
  await mkdir(join(store.root, 'tmp'), { recursive: true });
  const dir = await mkdtemp(join(store.root, 'tmp', 'load-'));
  try {
    await extractArchive(tar, dir, dir);
    const legacy = await readJsonFile<LegacyManifestEntry[]>(dir, 'manifest.json');
    if (legacy) return await loadLegacy(store, dir, legacy);
    const index = await readJsonFile<ImageIndex>(dir, 'index.json');
    if (index) return await loadOciLayout(store, dir, index);
    throw invalidArgument('invalid archive: does not contain a manifest.json or an index.json');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function loadLegacy(store: StoreParts, dir: string, entries: LegacyManifestEntry[]): Promise<string[]> {
  const lines: string[] = [];
  for (const e of entries) {
    const configBytes = await readFile(await archivePath(dir, e.Config));
    const config = parseJson<ImageConfig>(configBytes, e.Config);
    if (config.rootfs?.diff_ids?.length !== e.Layers.length) {
      throw invalidArgument(`invalid manifest, layers length mismatch: expected ${config.rootfs?.diff_ids?.length ?? 0}, got ${e.Layers.length}`);
    }
    const configDesc = await store.content.writeBlob(configBytes, undefined, MediaType.DockerConfig);
    const layers: Descriptor[] = [];
    for (const l of e.Layers) {
      const path = await archivePath(dir, l);
      layers.push(await store.content.ingest(createReadStream(path), undefined, (await gzipped(path)) ? MediaType.DockerLayerGzip : MediaType.DockerLayer));
    }
    const tags = (e.RepoTags ?? []).map(tagReference);
    lines.push(...(await finish(store, await writeManifest(store, configDesc, layers), tags)));
  }
  return lines;
}

async function loadOciLayout(store: StoreParts, dir: string, index: ImageIndex): Promise<string[]> {
  const lines: string[] = [];
  for (const desc of index.manifests) {
    const name = desc.annotations?.['io.containerd.image.name'];
    const tags = name ? [tagReference(name)] : [];
    let manifestDesc = desc;
    if (isIndex(desc.mediaType)) {
      const nested = parseJson<ImageIndex>(await readFile(await blobPath(dir, desc.digest)), desc.digest);
      const match = nested.manifests.find((m) => m.platform?.os === store.platform.os && m.platform.architecture === store.platform.architecture);
      if (!match) throw invalidArgument(`no manifest for ${store.platform.os}/${store.platform.architecture} in ${desc.digest}`);
      manifestDesc = match;
    }
    const manifestBytes = await readFile(await blobPath(dir, manifestDesc.digest));
    const manifest = parseJson<ImageManifest>(manifestBytes, manifestDesc.digest);
    for (const blob of [manifest.config, ...manifest.layers]) {
      await store.content.ingest(createReadStream(await blobPath(dir, blob.digest)), blob.digest, blob.mediaType);
    }
    const target = await store.content.writeBlob(manifestBytes, manifestDesc.digest, manifestDesc.mediaType ?? MediaType.OciManifest);
    lines.push(...(await finish(store, target, tags)));
  }
  return lines;
}

async function finish(store: StoreParts, target: Descriptor, tags: string[]): Promise<string[]> {
  const rec = await store.addImage({ target, tags });
  store.emit('load', rec.id);
  return tags.length > 0 ? tags.map((t) => `Loaded image: ${familiarString(parseStoredReference(t))}`) : [`Loaded image ID: ${rec.id}`];
}

async function blobPath(dir: string, digest: Digest): Promise<string> {
  if (!isDigest(digest)) throw invalidArgument(`invalid digest in archive: ${String(digest)}`);
  return archivePath(dir, `blobs/sha256/${encoded(digest)}`);
}

/** A file named inside the archive, resolved inside it; a missing one makes the archive invalid. */
async function archivePath(dir: string, name: string): Promise<string> {
  const path = await secureJoin(dir, name);
  try {
    await stat(path);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ENOTDIR') throw invalidArgument(`invalid archive: ${name} is missing`);
    throw err;
  }
  return path;
}

async function readJsonFile<T>(dir: string, name: string): Promise<T | undefined> {
  try {
    return parseJson<T>(await readFile(await secureJoin(dir, name)), name);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return undefined;
    throw err;
  }
}

function parseJson<T>(data: Buffer, what: string): T {
  try {
    return JSON.parse(data.toString('utf8')) as T;
  } catch (err) {
    throw invalidArgument(`invalid JSON in ${what}`, err);
  }
}

async function gzipped(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    await fh.read(head, 0, 2, 0);
    return isGzip(head);
  } finally {
    await fh.close();
  }
}

/**
 * `docker load`: tarballs from `docker save`, legacy (`manifest.json`,
 * `<id>.json`, `<layer>/layer.tar`, symlinked duplicates) or OCI layout
 * (`index.json`, `blobs/sha256/…`). The tarball is unpacked under the store's
 * root with the same confinement as any untrusted tar, then its blobs are
 * ingested and verified.
 */
import { mkdir, mkdtemp, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { extractArchive, openRegularFile, secureJoin } from '../archive/index.js';
import { errnoCode, invalidArgument, throwIfCancelled } from '../errdefs/index.js';
import { MediaType, type Descriptor, type ImageConfig, type ImageIndex, type ImageManifest } from '../oci/image.js';
import { familiarString, parseStoredReference } from '../oci/reference.js';
import { checkRuntimeConfig } from './config-check.js';
import { encoded, isDigest, type Digest } from '../util/digest.js';
import { writeManifest } from './create.js';
import { isGzip, isIndex } from './layers.js';
import { tagReference, type StoreParts } from './store-parts.js';

interface LegacyManifestEntry {
  Config: string;
  RepoTags?: string[] | null;
  Layers: string[];
}

/** `signal`: the client went away; what is not recorded by then never is (Docker cancels the load). */
export async function loadArchive(store: StoreParts, tar: Readable, signal = new AbortController().signal): Promise<string[]> {
  await mkdir(join(store.root, 'tmp'), { recursive: true });
  const dir = await mkdtemp(join(store.root, 'tmp', 'load-'));
  try {
    await extractArchive(tar, dir, dir);
    const legacy = await readJsonFile<LegacyManifestEntry[]>(dir, 'manifest.json');
    if (legacy) return await loadLegacy(store, dir, legacy, signal);
    const index = await readJsonFile<ImageIndex>(dir, 'index.json');
    if (index) return await loadOciLayout(store, dir, index, signal);
    throw invalidArgument('invalid archive: does not contain a manifest.json or an index.json');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function loadLegacy(store: StoreParts, dir: string, entries: LegacyManifestEntry[], signal: AbortSignal): Promise<string[]> {
  const lines: string[] = [];
  for (const e of entries) {
    const configBytes = await readArchiveFile(dir, e.Config);
    const config = parseJson<ImageConfig>(configBytes, e.Config);
    checkRuntimeConfig(config.config);
    if (config.rootfs?.diff_ids?.length !== e.Layers.length) {
      throw invalidArgument(`invalid manifest, layers length mismatch: expected ${config.rootfs?.diff_ids?.length ?? 0}, got ${e.Layers.length}`);
    }
    const configDesc = await store.content.writeBlob(configBytes, undefined, MediaType.DockerConfig);
    const layers: Descriptor[] = [];
    for (const l of e.Layers) layers.push(await ingestFile(store, dir, l, signal));
    const tags = (e.RepoTags ?? []).map(tagReference);
    lines.push(...(await finish(store, await writeManifest(store, configDesc, layers), tags, signal)));
  }
  return lines;
}

async function loadOciLayout(store: StoreParts, dir: string, index: ImageIndex, signal: AbortSignal): Promise<string[]> {
  const lines: string[] = [];
  for (const desc of index.manifests) {
    const name = desc.annotations?.['io.containerd.image.name'];
    const tags = name ? [tagReference(name)] : [];
    let manifestDesc = desc;
    if (isIndex(desc.mediaType)) {
      const nested = parseJson<ImageIndex>(await readArchiveFile(dir, blobName(desc.digest)), desc.digest);
      const match = nested.manifests.find((m) => m.platform?.os === store.platform.os && m.platform.architecture === store.platform.architecture);
      if (!match) throw invalidArgument(`no manifest for ${store.platform.os}/${store.platform.architecture} in ${desc.digest}`);
      manifestDesc = match;
    }
    const manifestBytes = await readArchiveFile(dir, blobName(manifestDesc.digest));
    const manifest = parseJson<ImageManifest>(manifestBytes, manifestDesc.digest);
    checkRuntimeConfig(parseJson<ImageConfig>(await readArchiveFile(dir, blobName(manifest.config.digest)), manifest.config.digest).config);
    for (const blob of [manifest.config, ...manifest.layers]) {
      await ingestFile(store, dir, blobName(blob.digest), signal, blob);
    }
    const target = await store.content.writeBlob(manifestBytes, manifestDesc.digest, manifestDesc.mediaType ?? MediaType.OciManifest);
    lines.push(...(await finish(store, target, tags, signal)));
  }
  return lines;
}

async function finish(store: StoreParts, target: Descriptor, tags: string[], signal: AbortSignal): Promise<string[]> {
  throwIfCancelled(signal);
  const rec = await store.addImage({ target, tags });
  store.emit('load', rec.id);
  return tags.length > 0 ? tags.map((t) => `Loaded image: ${familiarString(parseStoredReference(t))}`) : [`Loaded image ID: ${rec.id}`];
}

function blobName(digest: Digest): string {
  if (!isDigest(digest)) throw invalidArgument(`invalid digest in archive: ${String(digest)}`);
  return `blobs/sha256/${encoded(digest)}`;
}

/**
 * A regular file named inside the archive, resolved inside it and opened; undefined
 * when missing. The archive may hold a fifo or a device under that name: opened
 * non-blocking and checked before any read, it is refused rather than waited on or read.
 */
async function openInArchive(dir: string, name: string): Promise<FileHandle | undefined> {
  let fh: FileHandle | undefined;
  try {
    fh = await openRegularFile(await secureJoin(dir, name));
  } catch (err) {
    if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ENOTDIR') return undefined;
    if (errnoCode(err) !== 'ELOOP') throw err;
  }
  if (!fh) throw invalidArgument(`invalid archive: ${name} is not a regular file`);
  return fh;
}

/** As openInArchive; a missing file makes the archive invalid. */
async function archiveFile(dir: string, name: string): Promise<FileHandle> {
  const fh = await openInArchive(dir, name);
  if (!fh) throw invalidArgument(`invalid archive: ${name} is missing`);
  return fh;
}

async function readArchiveFile(dir: string, name: string): Promise<Buffer> {
  const fh = await archiveFile(dir, name);
  try {
    return await fh.readFile();
  } finally {
    await fh.close();
  }
}

/** Into the content store: `known` when the archive names the blob, else a legacy layer (plain or gzip). */
async function ingestFile(store: StoreParts, dir: string, name: string, signal: AbortSignal, known?: Descriptor): Promise<Descriptor> {
  throwIfCancelled(signal);
  const fh = await archiveFile(dir, name);
  const stream = fh.createReadStream({ start: 0 });
  try {
    if (known) return await store.content.ingest(stream, known.digest, known.mediaType);
    return await store.content.ingest(stream, undefined, (await gzipped(fh)) ? MediaType.DockerLayerGzip : MediaType.DockerLayer);
  } finally {
    // Closes the file when ingest gave up before reading it to the end.
    stream.destroy();
  }
}

async function readJsonFile<T>(dir: string, name: string): Promise<T | undefined> {
  const fh = await openInArchive(dir, name);
  if (!fh) return undefined;
  try {
    return parseJson<T>(await fh.readFile(), name);
  } finally {
    await fh.close();
  }
}

function parseJson<T>(data: Buffer, what: string): T {
  try {
    return JSON.parse(data.toString('utf8')) as T;
  } catch (err) {
    throw invalidArgument(`invalid JSON in ${what}`, err);
  }
}

async function gzipped(fh: FileHandle): Promise<boolean> {
  const head = Buffer.alloc(2);
  await fh.read(head, 0, 2, 0);
  return isGzip(head);
}

/**
 * Manifests per repository: revisions (by digest, with the media type they
 * were pushed as), tags, and the subject index behind the referrers API.
 * Manifest bytes live in the shared blob store, stored exactly as pushed.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readJsonIfExists, writeFileAtomic, writeJsonAtomic } from '../../../util/atomic.js';
import { isDigest, sha256, type Digest } from '../../../util/digest.js';
import { errnoCode } from '../../../errdefs/index.js';
import type { Descriptor } from '../../../oci/image.js';
import { registryError } from '../errors.js';
import { isTag, refString, type ManifestRef } from '../names.js';
import { removeIfExists, type BlobStore } from './blob-store.js';
import type { RegistryLayout } from './layout.js';
import { parseManifest, referrerDescriptor, type ParsedManifest } from './manifest-parse.js';

export interface StoredManifest {
  digest: Digest;
  mediaType: string;
  size: number;
}

interface RevisionInfo {
  mediaType: string;
  size: number;
}

export interface PutResult {
  digest: Digest;
  subject?: Digest;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch (err) {
    if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ENOTDIR') return false;
    throw err;
  }
}

/** Directory entries, [] when the directory does not exist. */
export async function listDir(path: string): Promise<string[]> {
  try {
    return await readdir(path);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ENOTDIR') return [];
    throw err;
  }
}

async function readTextIfExists(path: string): Promise<string | undefined> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch (err) {
    if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ENOTDIR') return undefined;
    throw err;
  }
}

export class ManifestStore {
  constructor(
    private readonly layout: RegistryLayout,
    private readonly blobs: BlobStore,
  ) {}

  /** A repository exists once something was pushed or mounted into it (a bare parent directory of a nested name is not one). */
  async exists(name: string): Promise<boolean> {
    const repo = this.layout.repository(name);
    return (await isDirectory(join(repo, '_manifests'))) || (await isDirectory(join(repo, '_layers')));
  }

  async resolve(name: string, ref: ManifestRef): Promise<StoredManifest> {
    const digest = ref.kind === 'digest' ? ref.digest : await this.tagTarget(name, ref.tag);
    const info = digest === undefined ? undefined : await readJsonIfExists<RevisionInfo>(this.layout.revisionLink(name, digest));
    if (digest === undefined || info === undefined) throw registryError('MANIFEST_UNKNOWN', { detail: { name, reference: refString(ref) } });
    return { digest, mediaType: info.mediaType, size: info.size };
  }

  read(manifest: StoredManifest): Promise<Buffer> {
    return readFile(this.blobs.path(manifest.digest));
  }

  /** Store a pushed manifest under its digest; `extraTags` are the `?tag=` parameters of a push by digest. */
  async put(name: string, ref: ManifestRef, contentType: string | undefined, bytes: Buffer, extraTags: string[] = []): Promise<PutResult> {
    const parsed = parseManifest(bytes, contentType);
    const digest = sha256(bytes);
    if (ref.kind === 'digest' && ref.digest !== digest) {
      throw registryError('DIGEST_INVALID', { detail: { expected: ref.digest, actual: digest } });
    }
    await this.checkReferences(name, parsed);
    await this.blobs.putBytes(digest, bytes);
    const info: RevisionInfo = { mediaType: parsed.mediaType, size: bytes.length };
    await writeJsonAtomic(this.layout.revisionLink(name, digest), info);
    if (parsed.subject) await writeFileAtomic(this.layout.referrerLink(name, parsed.subject.digest, digest), digest);
    const tags = ref.kind === 'tag' ? [ref.tag, ...extraTags] : extraTags;
    for (const tag of tags) await writeFileAtomic(this.layout.tagLink(name, tag), digest);
    return parsed.subject ? { digest, subject: parsed.subject.digest } : { digest };
  }

  /** A tag deletes only the tag; a digest deletes the revision and every tag on it. */
  async delete(name: string, ref: ManifestRef): Promise<void> {
    if (!(await this.exists(name))) throw registryError('NAME_UNKNOWN', { detail: { name } });
    if (ref.kind === 'tag') {
      if (!(await removeIfExists(this.layout.tagLink(name, ref.tag)))) {
        throw registryError('MANIFEST_UNKNOWN', { detail: { name, reference: ref.tag } });
      }
      return;
    }
    const manifest = await this.resolve(name, ref);
    const subject = await this.subjectOf(manifest);
    if (subject) await removeIfExists(this.layout.referrerLink(name, subject, manifest.digest));
    await removeIfExists(this.layout.revisionLink(name, manifest.digest));
    for (const tag of await this.tags(name)) {
      if ((await this.tagTarget(name, tag)) === manifest.digest) await removeIfExists(this.layout.tagLink(name, tag));
    }
  }

  /** Tags in Go's sort.Strings order, which is what the spec asks for. */
  async tags(name: string): Promise<string[]> {
    if (!(await this.exists(name))) throw registryError('NAME_UNKNOWN', { detail: { name } });
    return (await listDir(this.layout.tagsDir(name))).filter(isTag).sort();
  }

  async revisions(name: string): Promise<StoredManifest[]> {
    const out: StoredManifest[] = [];
    for (const hex of await listDir(this.layout.revisionsDir(name))) {
      const digest = `sha256:${hex}`;
      if (!isDigest(digest)) continue;
      const info = await readJsonIfExists<RevisionInfo>(this.layout.revisionLink(name, digest));
      if (info) out.push({ digest, mediaType: info.mediaType, size: info.size });
    }
    return out;
  }

  async parse(manifest: StoredManifest): Promise<ParsedManifest> {
    return parseManifest(await this.read(manifest), manifest.mediaType);
  }

  async referrers(name: string, subject: Digest, artifactType?: string): Promise<Descriptor[]> {
    const out: Descriptor[] = [];
    for (const hex of (await listDir(this.layout.referrersDir(name, subject))).sort()) {
      const digest = `sha256:${hex}`;
      if (!isDigest(digest)) continue;
      const info = await readJsonIfExists<RevisionInfo>(this.layout.revisionLink(name, digest));
      if (!info) continue;
      const d = referrerDescriptor(await this.parse({ digest, ...info }), digest, info.size);
      if (artifactType === undefined || d.artifactType === artifactType) out.push(d);
    }
    return out;
  }

  private async tagTarget(name: string, tag: string): Promise<Digest | undefined> {
    const text = await readTextIfExists(this.layout.tagLink(name, tag));
    return text !== undefined && isDigest(text) ? text : undefined;
  }

  private async subjectOf(manifest: StoredManifest): Promise<Digest | undefined> {
    try {
      return (await this.parse(manifest)).subject?.digest;
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return undefined;
      throw err;
    }
  }

  private async checkReferences(name: string, parsed: ParsedManifest): Promise<void> {
    for (const digest of parsed.blobs) {
      if (!(await this.blobs.isLinked(name, digest)) || (await this.blobs.size(digest)) === undefined) {
        throw registryError('MANIFEST_BLOB_UNKNOWN', { detail: { digest } });
      }
    }
    for (const digest of parsed.manifests) {
      if ((await readJsonIfExists<RevisionInfo>(this.layout.revisionLink(name, digest))) === undefined) {
        throw registryError('MANIFEST_BLOB_UNKNOWN', { message: 'manifest references a manifest unknown to the repository', detail: { digest } });
      }
    }
  }
}

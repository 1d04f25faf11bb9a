/**
 * Where the registry keeps things under its root. Names, tags and upload ids
 * are validated before they reach here (names.ts, uploads.ts), so joining them
 * cannot leave the root.
 *
 *   blobs/sha256/<hex>                                       blob bytes (layers, configs, manifests)
 *   repositories/<name>/_layers/sha256/<hex>                 the repository may serve this blob
 *   repositories/<name>/_manifests/revisions/sha256/<hex>    manifest in the repository: {"mediaType","size"}
 *   repositories/<name>/_manifests/tags/<tag>                the digest the tag points at
 *   repositories/<name>/_referrers/sha256/<subject-hex>/<hex> a manifest whose subject is <subject-hex>
 *   _uploads/<uuid>/{data,info.json}                         upload sessions in progress
 */
import { join } from 'node:path';
import { encoded, type Digest } from '../../../util/digest.js';

export class RegistryLayout {
  readonly root: string;
  readonly blobsDir: string;
  readonly repositoriesDir: string;
  readonly uploadsDir: string;

  constructor(root: string) {
    this.root = root;
    this.blobsDir = join(root, 'blobs', 'sha256');
    this.repositoriesDir = join(root, 'repositories');
    this.uploadsDir = join(root, '_uploads');
  }

  blob(digest: Digest): string {
    return join(this.blobsDir, encoded(digest));
  }

  repository(name: string): string {
    return join(this.repositoriesDir, ...name.split('/'));
  }

  layersDir(name: string): string {
    return join(this.repository(name), '_layers', 'sha256');
  }

  layerLink(name: string, digest: Digest): string {
    return join(this.layersDir(name), encoded(digest));
  }

  revisionsDir(name: string): string {
    return join(this.repository(name), '_manifests', 'revisions', 'sha256');
  }

  revisionLink(name: string, digest: Digest): string {
    return join(this.revisionsDir(name), encoded(digest));
  }

  tagsDir(name: string): string {
    return join(this.repository(name), '_manifests', 'tags');
  }

  tagLink(name: string, tag: string): string {
    return join(this.tagsDir(name), tag);
  }

  referrersDir(name: string, subject: Digest): string {
    return join(this.repository(name), '_referrers', 'sha256', encoded(subject));
  }

  referrerLink(name: string, subject: Digest, digest: Digest): string {
    return join(this.referrersDir(name, subject), encoded(digest));
  }

  upload(uuid: string): string {
    return join(this.uploadsDir, uuid);
  }
}

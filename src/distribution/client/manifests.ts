/**
 * Reading what a registry served as a manifest: an index (manifest list) or an
 * image manifest of a type Wharf can run, with descriptors checked before any
 * digest in them is used as a path or URL.
 */
import { invalidArgument } from '../../errdefs/index.js';
import { isIndex } from '../../images/index.js';
import type { Descriptor, ImageIndex, ImageManifest } from '../../oci/image.js';
import { isDigest } from '../../util/digest.js';
import { MANIFEST_TYPES, SCHEMA1_TYPES, type FetchedManifest } from './repository.js';

export type ParsedManifest = { kind: 'index'; index: ImageIndex } | { kind: 'image'; manifest: ImageManifest };

function checkDescriptor(v: unknown, where: string): Descriptor {
  const d = v as Partial<Descriptor> | null;
  if (typeof d !== 'object' || d === null || typeof d.digest !== 'string' || !isDigest(d.digest) || typeof d.size !== 'number' || !Number.isSafeInteger(d.size) || d.size < 0) {
    throw invalidArgument(`manifest invalid: ${where} is not a descriptor with a sha256 digest and a size`);
  }
  if (typeof d.mediaType !== 'string') throw invalidArgument(`manifest invalid: ${where} has no mediaType`);
  return d as Descriptor;
}

/** `what` names the image in Docker's schema 1 notice (`busybox:latest`). */
export function parseManifest(m: FetchedManifest, what: string): ParsedManifest {
  if (SCHEMA1_TYPES.includes(m.mediaType)) {
    throw invalidArgument(
      `[DEPRECATION NOTICE] Docker Image Format v1 and Docker Image manifest version 2, schema 1 support has been removed. Suggest the author of ${what} to upgrade the image to the OCI Format or Docker Image manifest v2, schema 2. More information at https://docs.docker.com/go/deprecated-image-specs/`,
    );
  }
  if (!MANIFEST_TYPES.includes(m.mediaType)) throw invalidArgument(`unsupported manifest media type ${m.mediaType} for ${what}`);
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(m.bytes.toString('utf8')) as Record<string, unknown>;
  } catch (err) {
    throw invalidArgument(`manifest invalid: ${m.digest} is not JSON`, err);
  }
  if (isIndex(m.mediaType)) {
    if (!Array.isArray(body.manifests)) throw invalidArgument(`manifest invalid: index ${m.digest} has no manifests`);
    body.manifests.forEach((d, i) => checkDescriptor(d, `manifests[${i}]`));
    return { kind: 'index', index: body as unknown as ImageIndex };
  }
  checkDescriptor(body.config, 'config');
  if (!Array.isArray(body.layers)) throw invalidArgument(`manifest invalid: ${m.digest} has no layers`);
  body.layers.forEach((d, i) => checkDescriptor(d, `layers[${i}]`));
  return { kind: 'image', manifest: body as unknown as ImageManifest };
}

export function descriptorOf(m: FetchedManifest): Descriptor {
  return { mediaType: m.mediaType, digest: m.digest, size: m.bytes.length };
}

/** Each blob once, in first-seen order: an image may carry the same layer twice. */
export function uniqueByDigest(descs: readonly Descriptor[]): Descriptor[] {
  const seen = new Set<string>();
  return descs.filter((d) => !seen.has(d.digest) && seen.add(d.digest));
}

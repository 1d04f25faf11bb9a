/**
 * Reading a pushed manifest: which of the four manifest media types it is,
 * whether its shape is valid, and what it references (blobs, child manifests,
 * a subject). The registry stores the exact bytes; this never rewrites them.
 */
import { isDigest, type Digest } from '../../../util/digest.js';
import { MediaType, type Descriptor } from '../../../oci/image.js';
import { registryError } from '../errors.js';

export const MANIFEST_MEDIA_TYPES: readonly string[] = [
  MediaType.OciManifest,
  MediaType.OciIndex,
  MediaType.DockerManifest,
  MediaType.DockerManifestList,
];

/** Content-Types a client may send when it does not name the manifest's type; the body's mediaType decides. */
const GENERIC_TYPES = new Set(['', 'application/json', 'application/octet-stream', 'text/plain']);

export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

export interface ParsedManifest {
  mediaType: string;
  kind: 'image' | 'index';
  /** Blobs that must already be in the repository (config and layers; foreign layers with urls excepted). */
  blobs: Digest[];
  /** Child manifests of an index, which must already be in the repository. */
  manifests: Digest[];
  subject?: Descriptor;
  artifactType?: string;
  configMediaType?: string;
  annotations?: Record<string, string>;
}

function invalid(message: string, detail?: unknown): never {
  throw registryError('MANIFEST_INVALID', { message: `manifest invalid: ${message}`, detail });
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringMap(v: unknown, field: string): Record<string, string> | undefined {
  if (v === undefined) return undefined;
  if (!isObject(v) || Object.values(v).some((x) => typeof x !== 'string')) invalid(`${field} must map strings to strings`);
  return v as Record<string, string>;
}

function descriptor(v: unknown, field: string): Descriptor {
  if (!isObject(v)) invalid(`${field} must be a descriptor`);
  const { mediaType, digest, size, urls } = v;
  if (typeof mediaType !== 'string' || mediaType === '') invalid(`${field}.mediaType is required`);
  if (typeof digest !== 'string' || !isDigest(digest)) invalid(`${field}.digest ${JSON.stringify(digest)} is not a sha256 digest`, { digest });
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) invalid(`${field}.size must be a non-negative integer`);
  if (urls !== undefined && (!Array.isArray(urls) || urls.some((u) => typeof u !== 'string'))) invalid(`${field}.urls must be strings`);
  stringMap(v.annotations, `${field}.annotations`);
  return v as unknown as Descriptor;
}

function mediaTypeOf(contentType: string | undefined, body: Json): string {
  const header = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const declared = body.mediaType;
  if (declared !== undefined && typeof declared !== 'string') invalid('mediaType must be a string');
  if (!GENERIC_TYPES.has(header)) {
    if (!MANIFEST_MEDIA_TYPES.includes(header)) invalid(`unsupported manifest media type ${JSON.stringify(header)}`);
    if (declared !== undefined && declared !== header) invalid(`mediaType ${JSON.stringify(declared)} does not match Content-Type ${JSON.stringify(header)}`);
    return header;
  }
  if (declared !== undefined) {
    if (!MANIFEST_MEDIA_TYPES.includes(declared)) invalid(`unsupported manifest media type ${JSON.stringify(declared)}`);
    return declared;
  }
  if (Array.isArray(body.manifests)) return MediaType.OciIndex;
  if (body.config !== undefined) return MediaType.OciManifest;
  return invalid('cannot tell the manifest type: no Content-Type and no mediaType');
}

export function parseManifest(bytes: Buffer, contentType: string | undefined): ParsedManifest {
  let body: unknown;
  try {
    body = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    return invalid(`not JSON (${(err as Error).message})`);
  }
  if (!isObject(body)) return invalid('not a JSON object');
  if (body.schemaVersion !== 2) invalid('schemaVersion must be 2');
  const mediaType = mediaTypeOf(contentType, body);
  const subject = body.subject === undefined ? undefined : descriptor(body.subject, 'subject');
  if (body.artifactType !== undefined && (typeof body.artifactType !== 'string' || body.artifactType === '')) invalid('artifactType must be a non-empty string');
  const common = {
    mediaType,
    subject,
    artifactType: body.artifactType as string | undefined,
    annotations: stringMap(body.annotations, 'annotations'),
  };
  if (mediaType === MediaType.OciIndex || mediaType === MediaType.DockerManifestList) {
    if (!Array.isArray(body.manifests)) invalid('manifests must be an array');
    const children = (body.manifests as unknown[]).map((m, i) => descriptor(m, `manifests[${i}]`));
    return { ...common, kind: 'index', blobs: [], manifests: children.map((d) => d.digest) };
  }
  if (!Array.isArray(body.layers)) invalid('layers must be an array');
  const config = descriptor(body.config, 'config');
  const layers = (body.layers as unknown[]).map((l, i) => descriptor(l, `layers[${i}]`));
  const local = layers.filter((l) => !l.urls || l.urls.length === 0);
  return { ...common, kind: 'image', configMediaType: config.mediaType, blobs: [config.digest, ...local.map((l) => l.digest)], manifests: [] };
}

/** The descriptor the referrers API lists for a manifest (artifactType falls back to the config's media type). */
export function referrerDescriptor(parsed: ParsedManifest, digest: Digest, size: number): Descriptor {
  const d: Descriptor = { mediaType: parsed.mediaType, digest, size };
  const artifactType = parsed.artifactType ?? (parsed.kind === 'image' ? parsed.configMediaType : undefined);
  if (artifactType) d.artifactType = artifactType;
  if (parsed.annotations) d.annotations = parsed.annotations;
  return d;
}

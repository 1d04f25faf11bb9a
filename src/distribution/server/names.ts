/**
 * Repository names, tags and digests as the distribution spec spells them.
 * Everything that becomes a path on disk passes through here first, so these
 * checks are also what keeps a request from naming a file outside the root.
 */
import { isDigest, type Digest } from '../../util/digest.js';
import { registryError } from './errors.js';

const COMPONENT = '[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*';
const NAME_RE = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);
const TAG_RE = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
// The spec's digest grammar: anything shaped like algorithm:hex is a digest, supported or not.
const DIGEST_SHAPE_RE = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
export const MAX_NAME_LENGTH = 255;

export function isRepositoryName(name: string): boolean {
  return name.length <= MAX_NAME_LENGTH && NAME_RE.test(name);
}

export function validateRepositoryName(name: string): string {
  if (!isRepositoryName(name)) throw registryError('NAME_INVALID', { detail: { name } });
  return name;
}

export function isTag(s: string): boolean {
  return TAG_RE.test(s);
}

/** A digest from a URL or query; only sha256 is stored, so other algorithms are refused as the spec allows (400). */
export function parseRequestDigest(s: string | null | undefined): Digest {
  if (s && isDigest(s)) return s;
  const reason = s && DIGEST_SHAPE_RE.test(s) ? 'unsupported digest algorithm' : 'invalid digest';
  throw registryError('DIGEST_INVALID', { message: `${reason}: ${JSON.stringify(s ?? '')}`, detail: { digest: s ?? '' } });
}

export type ManifestRef = { kind: 'tag'; tag: string } | { kind: 'digest'; digest: Digest };

export function parseManifestRef(ref: string): ManifestRef {
  if (isTag(ref)) return { kind: 'tag', tag: ref };
  if (ref.includes(':')) return { kind: 'digest', digest: parseRequestDigest(ref) };
  throw registryError('TAG_INVALID', { message: `invalid tag ${JSON.stringify(ref)}`, detail: { tag: ref } });
}

export function refString(ref: ManifestRef): string {
  return ref.kind === 'tag' ? ref.tag : ref.digest;
}

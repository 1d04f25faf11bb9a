/**
 * Image references as Docker understands them (distribution/reference grammar and
 * normalisation): `busybox` is `docker.io/library/busybox:latest`.
 *
 * Words:
 * - domain: registry host with optional port (`docker.io`, `localhost:5000`).
 * - path: repository path inside the registry (`library/busybox`).
 * - name: domain + '/' + path, the repository.
 * - tagged / digested: a reference with `:tag` / `@sha256:…`; a reference may carry both.
 * - familiar form: what Docker prints, without `docker.io/` and `library/`.
 * Pure functions; errors are invalid-argument with Docker's messages.
 */
import { invalidArgument } from '../errdefs/index.js';
import type { Digest } from '../util/digest.js';

export interface Reference {
  domain: string;
  path: string;
  tag?: string;
  digest?: Digest;
}

export const DEFAULT_DOMAIN = 'docker.io';
export const DEFAULT_TAG = 'latest';
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
const OFFICIAL_REPO_PREFIX = 'library/';
const NAME_TOTAL_LENGTH_MAX = 255;

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_NAME = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*`;
const IPV6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const DOMAIN_AND_PORT = `(?:${DOMAIN_NAME}|${IPV6})(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';

const REFERENCE_RE = new RegExp(`^((?:(${DOMAIN_AND_PORT})/)?(${PATH_COMPONENT}(?:/${PATH_COMPONENT})*))(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const TAG_RE = new RegExp(`^${TAG}$`);
const IDENTIFIER_RE = /^[a-f0-9]{64}$/;
const SHA256_RE = /^sha256:[a-f0-9]{64}$/;

export function isValidTag(tag: string): boolean {
  return TAG_RE.test(tag);
}

/** A full 64-hex image or container id (Docker refuses these as repository names). */
export function isFullIdentifier(s: string): boolean {
  return IDENTIFIER_RE.test(s);
}

/** Split the domain off as Docker does: the first component is a domain only if it has `.` or `:`, is `localhost`, or has capitals. */
function splitDockerDomain(name: string): { domain: string; remainder: string } {
  const i = name.indexOf('/');
  let domain: string;
  let remainder: string;
  const first = i === -1 ? '' : name.slice(0, i);
  if (i === -1 || (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first)) {
    domain = DEFAULT_DOMAIN;
    remainder = name;
  } else {
    domain = first;
    remainder = name.slice(i + 1);
  }
  if (domain === LEGACY_DEFAULT_DOMAIN) domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !remainder.includes('/')) remainder = OFFICIAL_REPO_PREFIX + remainder;
  return { domain, remainder };
}

/** Parse an already-canonical reference string (`domain/path[:tag][@digest]`). */
function parseCanonical(s: string): Reference {
  const m = REFERENCE_RE.exec(s);
  if (!m) {
    if (s === '') throw invalidArgument('invalid reference format: repository name must have at least one component');
    if (REFERENCE_RE.test(s.toLowerCase())) throw invalidArgument('invalid reference format: repository name must be lowercase');
    throw invalidArgument('invalid reference format');
  }
  const name = m[1];
  if (name.length > NAME_TOTAL_LENGTH_MAX) {
    throw invalidArgument(`invalid reference format: repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters`);
  }
  // Only a name with a registry part is canonical; the regex may read a would-be domain as a path component.
  if (m[2] === undefined) throw invalidArgument('invalid reference format');
  const ref: Reference = { domain: m[2], path: m[3] };
  if (m[4] !== undefined) ref.tag = m[4];
  if (m[5] !== undefined) {
    if (!SHA256_RE.test(m[5])) throw invalidArgument('invalid reference format: unsupported digest algorithm or invalid digest');
    ref.digest = m[5] as Digest;
  }
  return ref;
}

/**
 * Parse what a user typed and fill in Docker's defaults for the domain and the
 * `library/` prefix. Does not add a tag: see withDefaultTag.
 */
export function parseNormalizedNamed(s: string): Reference {
  if (isFullIdentifier(s)) {
    throw invalidArgument(`invalid repository name (${s}), cannot specify 64-byte hexadecimal strings`);
  }
  const { domain, remainder } = splitDockerDomain(s);
  const colon = remainder.indexOf(':');
  const remoteName = colon === -1 ? remainder : remainder.slice(0, colon);
  if (remoteName.toLowerCase() !== remoteName) {
    throw invalidArgument(`invalid reference format: repository name (${remoteName}) must be lowercase`);
  }
  return parseCanonical(`${domain}/${remainder}`);
}

/** `latest` when the reference has neither tag nor digest. */
export function withDefaultTag(ref: Reference): Reference {
  return ref.tag === undefined && ref.digest === undefined ? { ...ref, tag: DEFAULT_TAG } : ref;
}

/**
 * The reference an image store keys on: normalised, `:latest` added when bare, and
 * the tag dropped when a digest is present (the digest alone names the content),
 * as Docker's ParseDockerRef does.
 */
export function parseDockerRef(s: string): Reference {
  const ref = withDefaultTag(parseNormalizedNamed(s));
  if (ref.digest !== undefined && ref.tag !== undefined) {
    const { tag: _dropped, ...rest } = ref;
    return rest;
  }
  return ref;
}

/** `docker.io/library/busybox` */
export function repositoryName(ref: Reference): string {
  return `${ref.domain}/${ref.path}`;
}

function suffix(ref: Reference): string {
  return (ref.tag !== undefined ? `:${ref.tag}` : '') + (ref.digest !== undefined ? `@${ref.digest}` : '');
}

/** `docker.io/library/busybox:latest` */
export function referenceString(ref: Reference): string {
  return repositoryName(ref) + suffix(ref);
}

/** `busybox`, `user/app`, `localhost:5000/x/y` */
export function familiarName(ref: Reference): string {
  if (ref.domain !== DEFAULT_DOMAIN) return repositoryName(ref);
  if (ref.path.startsWith(OFFICIAL_REPO_PREFIX) && !ref.path.slice(OFFICIAL_REPO_PREFIX.length).includes('/')) {
    return ref.path.slice(OFFICIAL_REPO_PREFIX.length);
  }
  return ref.path;
}

/** `busybox:latest`, `user/app@sha256:…` */
export function familiarString(ref: Reference): string {
  return familiarName(ref) + suffix(ref);
}

/** Parse a full reference string this module produced (from storage); same grammar, no defaults. */
export function parseStoredReference(s: string): Reference {
  return parseCanonical(s);
}

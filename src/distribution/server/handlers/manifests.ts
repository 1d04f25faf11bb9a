/** GET/HEAD, PUT and DELETE of manifests by tag or digest. */
import { registryError } from '../errors.js';
import { readBody, sendEmpty } from '../http-io.js';
import { isTag, parseManifestRef } from '../names.js';
import { manifestLocation } from '../routes.js';
import { MAX_MANIFEST_BYTES } from '../storage/manifest-parse.js';
import { assertWritable, type RequestContext } from './context.js';

/**
 * Whether the client's Accept header admits `mediaType`. No header, or a
 * wildcard, admits anything; a client that lists types gets only those, the
 * reference registry's rule (a manifest is never converted to another type).
 */
function accepts(accept: string | string[] | undefined, mediaType: string): boolean {
  const listed = (Array.isArray(accept) ? accept : [accept ?? ''])
    .flatMap((h) => h.split(','))
    .map((t) => t.split(';')[0]?.trim().toLowerCase() ?? '')
    .filter(Boolean);
  if (listed.length === 0) return true;
  const [type] = mediaType.split('/');
  return listed.some((t) => t === mediaType || t === '*/*' || t === `${type}/*`);
}

function etagMatches(header: string | undefined, digest: string): boolean {
  return header !== undefined && header.split(',').some((v) => v.trim() === digest || v.trim() === `"${digest}"`);
}

export async function getManifest(ctx: RequestContext, name: string, reference: string): Promise<void> {
  const manifest = await ctx.stores.manifests.resolve(name, parseManifestRef(reference));
  if (!accepts(ctx.req.headers.accept, manifest.mediaType)) {
    throw registryError('MANIFEST_UNKNOWN', {
      message: `manifest of type ${manifest.mediaType} found, but the Accept header does not allow it`,
      detail: { name, reference, mediaType: manifest.mediaType },
    });
  }
  const headers = {
    'Docker-Content-Digest': manifest.digest,
    ETag: `"${manifest.digest}"`,
  };
  if (etagMatches(ctx.req.headers['if-none-match'], manifest.digest)) {
    sendEmpty(ctx.res, 304, headers);
    return;
  }
  const bytes = ctx.req.method === 'HEAD' ? undefined : await ctx.stores.manifests.read(manifest);
  ctx.res.writeHead(200, { ...headers, 'Content-Type': manifest.mediaType, 'Content-Length': String(manifest.size) });
  ctx.res.end(bytes);
}

export async function putManifest(ctx: RequestContext, name: string, reference: string): Promise<void> {
  assertWritable(ctx);
  const ref = parseManifestRef(reference);
  const extraTags = ctx.url.searchParams.getAll('tag');
  for (const tag of extraTags) {
    if (!isTag(tag)) throw registryError('TAG_INVALID', { message: `invalid tag ${JSON.stringify(tag)}`, detail: { tag } });
  }
  const bytes = await readBody(ctx.req, MAX_MANIFEST_BYTES);
  const result = await ctx.stores.manifests.put(name, ref, ctx.req.headers['content-type'], bytes, extraTags);
  const headers: Record<string, string> = {
    Location: manifestLocation(name, result.digest),
    'Docker-Content-Digest': result.digest,
  };
  if (result.subject) headers['OCI-Subject'] = result.subject;
  if (extraTags.length) headers['OCI-Tag'] = extraTags.join(', ');
  sendEmpty(ctx.res, 201, headers);
}

export async function deleteManifest(ctx: RequestContext, name: string, reference: string): Promise<void> {
  assertWritable(ctx);
  await ctx.stores.manifests.delete(name, parseManifestRef(reference));
  sendEmpty(ctx.res, 202);
}

/**
 * Blob pushes: POST to start (or, with ?digest=, to push in one request; with
 * ?mount=&from=, to link a blob another repository has), PATCH chunks, PUT to
 * finish with the whole blob's digest, GET for the resume point, DELETE to cancel.
 */
import type { Digest } from '../../../util/digest.js';
import { isRegistryError, registryError } from '../errors.js';
import { hasBody, parseContentRange, sendEmpty } from '../http-io.js';
import { isRepositoryName, parseRequestDigest } from '../names.js';
import { blobLocation, uploadLocation } from '../routes.js';
import type { ChunkRange, UploadStatus } from '../storage/uploads.js';
import { assertWritable, type RequestContext } from './context.js';

function progressHeaders(status: UploadStatus): Record<string, string> {
  return {
    Location: uploadLocation(status.name, status.uuid),
    // The reference registry's form: an empty upload also reads 0-0.
    Range: `0-${Math.max(status.offset - 1, 0)}`,
    'Docker-Upload-UUID': status.uuid,
  };
}

function sendCreated(ctx: RequestContext, name: string, digest: Digest): void {
  sendEmpty(ctx.res, 201, { Location: blobLocation(name, digest), 'Docker-Content-Digest': digest });
}

/** The chunk's Content-Range, checked against its Content-Length. */
function chunkRange(ctx: RequestContext): ChunkRange | undefined {
  const range = parseContentRange(ctx.req.headers['content-range']);
  const length = ctx.req.headers['content-length'];
  if (range && length !== undefined && Number(length) !== range.end - range.start + 1) {
    throw registryError('SIZE_INVALID', { detail: { 'Content-Range': ctx.req.headers['content-range'], 'Content-Length': length } });
  }
  return range;
}

/** A 416 tells the client where to resume, as a GET on the session would. */
async function withResumePoint<T>(ctx: RequestContext, name: string, uuid: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (!isRegistryError(err) || err.status !== 416) throw err;
    const status = await ctx.stores.uploads.status(name, uuid);
    throw registryError(err.code, { status: 416, message: err.message, detail: err.detail, headers: progressHeaders(status) });
  }
}

async function tryMount(ctx: RequestContext, name: string): Promise<Digest | undefined> {
  const mount = ctx.url.searchParams.get('mount');
  const from = ctx.url.searchParams.get('from');
  if (!mount || !from || !isRepositoryName(from)) return undefined;
  let digest: Digest;
  try {
    digest = parseRequestDigest(mount);
  } catch {
    return undefined;
  }
  // Mounting reveals the source's content, so the caller must be able to pull it there.
  if (!ctx.grant.allows([{ type: 'repository', name: from, actions: ['pull'] }])) return undefined;
  if ((await ctx.stores.blobs.sizeIn(from, digest)) === undefined) return undefined;
  await ctx.stores.blobs.link(name, digest);
  return digest;
}

export async function startUpload(ctx: RequestContext, name: string): Promise<void> {
  assertWritable(ctx);
  const query = ctx.url.searchParams;
  const mounted = await tryMount(ctx, name);
  if (mounted) {
    sendCreated(ctx, name, mounted);
    return;
  }
  if (query.has('digest')) {
    const digest = parseRequestDigest(query.get('digest'));
    await ctx.stores.uploads.ingest(name, digest, ctx.req);
    sendCreated(ctx, name, digest);
    return;
  }
  const algorithm = query.get('digest-algorithm');
  if (algorithm !== null && algorithm !== 'sha256') {
    throw registryError('DIGEST_INVALID', { message: `unsupported digest algorithm ${JSON.stringify(algorithm)}` });
  }
  const status = await ctx.stores.uploads.start(name);
  sendEmpty(ctx.res, 202, progressHeaders(status));
}

export async function uploadStatus(ctx: RequestContext, name: string, uuid: string): Promise<void> {
  sendEmpty(ctx.res, 204, progressHeaders(await ctx.stores.uploads.status(name, uuid)));
}

export async function patchUpload(ctx: RequestContext, name: string, uuid: string): Promise<void> {
  assertWritable(ctx);
  const range = chunkRange(ctx);
  const status = await withResumePoint(ctx, name, uuid, ctx.stores.uploads.append(name, uuid, ctx.req, range));
  sendEmpty(ctx.res, 202, progressHeaders(status));
}

export async function putUpload(ctx: RequestContext, name: string, uuid: string): Promise<void> {
  assertWritable(ctx);
  const raw = ctx.url.searchParams.get('digest');
  if (raw === null) throw registryError('DIGEST_INVALID', { message: 'digest missing' });
  const digest = parseRequestDigest(raw);
  const range = chunkRange(ctx);
  const body = hasBody(ctx.req) ? ctx.req : undefined;
  await withResumePoint(ctx, name, uuid, ctx.stores.uploads.complete(name, uuid, digest, body, range));
  sendCreated(ctx, name, digest);
}

export async function cancelUpload(ctx: RequestContext, name: string, uuid: string): Promise<void> {
  assertWritable(ctx);
  await ctx.stores.uploads.cancel(name, uuid);
  sendEmpty(ctx.res, 204, { 'Docker-Upload-UUID': uuid });
}

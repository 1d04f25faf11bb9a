/** GET/HEAD (with Range) and DELETE of a blob in a repository. */
import { open, type FileHandle } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { errnoCode } from '../../../errdefs/index.js';
import type { Digest } from '../../../util/digest.js';
import { registryError } from '../errors.js';
import { fileSize } from '../storage/blob-store.js';
import { parseByteRange, sendEmpty } from '../http-io.js';
import { parseRequestDigest } from '../names.js';
import { assertWritable, type RequestContext } from './context.js';

function blobUnknown(name: string, digest: Digest): Error {
  return registryError('BLOB_UNKNOWN', { detail: { name, digest } });
}

/** Layers and configs pushed or mounted here, and the repository's manifests (clients may fetch an index's children as blobs). */
async function servable(ctx: RequestContext, name: string, digest: Digest): Promise<boolean> {
  return (await ctx.stores.blobs.isLinked(name, digest)) || (await fileSize(ctx.stores.layout.revisionLink(name, digest))) !== undefined;
}

async function openBlob(ctx: RequestContext, name: string, digest: Digest): Promise<FileHandle> {
  if (!(await servable(ctx, name, digest))) throw blobUnknown(name, digest);
  try {
    return await open(ctx.stores.blobs.path(digest), 'r');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') throw blobUnknown(name, digest);
    throw err;
  }
}

export async function getBlob(ctx: RequestContext, name: string, rawDigest: string): Promise<void> {
  const digest = parseRequestDigest(rawDigest);
  // Holding the file open from here on means a concurrent gc cannot pull it from under the response.
  const fh = await openBlob(ctx, name, digest);
  let streaming = false;
  try {
    const size = (await fh.stat()).size;
    const headers: Record<string, string> = {
      'Content-Type': 'application/octet-stream',
      'Docker-Content-Digest': digest,
      ETag: `"${digest}"`,
      'Accept-Ranges': 'bytes',
      'Cache-Control': 'max-age=31536000',
    };
    const range = parseByteRange(ctx.req.headers.range, size);
    if (range === 'unsatisfiable') {
      sendEmpty(ctx.res, 416, { ...headers, 'Content-Range': `bytes */${size}` });
      return;
    }
    const { start, end } = range ?? { start: 0, end: size - 1 };
    if (range) headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
    ctx.res.writeHead(range ? 206 : 200, { ...headers, 'Content-Length': String(end - start + 1) });
    if (ctx.req.method === 'HEAD' || size === 0) {
      ctx.res.end();
      return;
    }
    streaming = true;
    await pipeline(fh.createReadStream({ start, end, autoClose: true }), ctx.res).catch((err: unknown) => {
      // A client that hangs up mid-blob is routine (resumable pulls); nothing to answer.
      if (errnoCode(err) !== 'ERR_STREAM_PREMATURE_CLOSE') throw err;
    });
  } finally {
    if (!streaming) await fh.close();
  }
}

/** Removes the blob from the repository; its bytes go at the next gc if nothing else needs them. */
export async function deleteBlob(ctx: RequestContext, name: string, rawDigest: string): Promise<void> {
  assertWritable(ctx);
  const digest = parseRequestDigest(rawDigest);
  if (!(await ctx.stores.blobs.unlink(name, digest))) throw blobUnknown(name, digest);
  sendEmpty(ctx.res, 202, { 'Docker-Content-Digest': digest });
}

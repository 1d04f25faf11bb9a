/** The discovery endpoints: tags of a repository, the catalog, and referrers of a manifest. */
import { MediaType, type ImageIndex } from '../../../oci/image.js';
import { pageRequest, paginate, sendJson } from '../http-io.js';
import { parseRequestDigest } from '../names.js';
import { listRepositories } from '../storage/catalog.js';
import type { RequestContext } from './context.js';

function linkHeaders(link: string | undefined): Record<string, string> {
  return link ? { Link: link } : {};
}

export async function listTags(ctx: RequestContext, name: string): Promise<void> {
  const req = pageRequest(ctx.url.searchParams);
  const page = paginate(await ctx.stores.manifests.tags(name), req, `/v2/${name}/tags/list`);
  sendJson(ctx.res, 200, { name, tags: page.items }, linkHeaders(page.link));
}

export async function listCatalog(ctx: RequestContext): Promise<void> {
  const req = pageRequest(ctx.url.searchParams);
  const page = paginate(await listRepositories(ctx.stores.layout), req, '/v2/_catalog');
  sendJson(ctx.res, 200, { repositories: page.items }, linkHeaders(page.link));
}

/** Always an index, empty when nothing refers to the digest: a 404 would send clients to the tag-schema fallback. */
export async function listReferrers(ctx: RequestContext, name: string, rawDigest: string): Promise<void> {
  const subject = parseRequestDigest(rawDigest);
  const artifactType = ctx.url.searchParams.get('artifactType') ?? undefined;
  const index: ImageIndex = {
    schemaVersion: 2,
    mediaType: MediaType.OciIndex,
    manifests: await ctx.stores.manifests.referrers(name, subject, artifactType),
  };
  sendJson(ctx.res, 200, index, artifactType === undefined ? {} : { 'OCI-Filters-Applied': 'artifactType' }, MediaType.OciIndex);
}

/**
 * `images` rows as templates see them: docker's imageContext, one row per
 * repository:tag (and digest when asked), `<none>` for dangling images.
 */
import type { ImageSummary } from '../../apitypes/images.js';
import { familiarName, parseNormalizedNamed } from '../../oci/reference.js';
import { shortId } from '../../util/ids.js';
import { TemplateStruct } from '../format/value.js';
import { goTimeString } from './timefmt.js';
import { humanSize, timeAgo } from '../../util/units.js';

export const IMAGE_TABLE_FORMAT = 'table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}';
export const IMAGE_TABLE_FORMAT_WITH_DIGEST = 'table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}';

export const IMAGE_HEADERS: Readonly<Record<string, string>> = {
  ID: 'IMAGE ID',
  Repository: 'REPOSITORY',
  Tag: 'TAG',
  Digest: 'DIGEST',
  CreatedSince: 'CREATED',
  CreatedAt: 'CREATED AT',
  Size: 'SIZE',
  Containers: 'CONTAINERS',
  SharedSize: 'SHARED SIZE',
  UniqueSize: 'UNIQUE SIZE',
};

export class ImageContext extends TemplateStruct {
  readonly goType = '*formatter.imageContext';
  protected readonly jsonFields = ['Containers', 'CreatedAt', 'CreatedSince', 'Digest', 'ID', 'Repository', 'SharedSize', 'Size', 'Tag', 'UniqueSize'];

  constructor(
    private readonly i: ImageSummary,
    private readonly trunc: boolean,
    private readonly repo: string,
    private readonly tag: string,
    private readonly digest: string,
  ) {
    super();
  }

  ID(): string {
    return this.trunc ? shortId(this.i.Id) : this.i.Id;
  }
  Repository(): string {
    return this.repo;
  }
  Tag(): string {
    return this.tag;
  }
  Digest(): string {
    return this.digest;
  }
  CreatedSince(): string {
    return timeAgo(this.i.Created);
  }
  CreatedAt(): string {
    return goTimeString(new Date(this.i.Created * 1000));
  }
  Size(): string {
    return humanSize(this.i.Size, 3);
  }
  Containers(): string {
    return this.i.Containers === -1 ? 'N/A' : String(this.i.Containers);
  }
  SharedSize(): string {
    return this.i.SharedSize === -1 ? 'N/A' : humanSize(this.i.SharedSize);
  }
  UniqueSize(): string {
    return this.i.Size === -1 || this.i.SharedSize === -1 ? 'N/A' : humanSize(this.i.Size - this.i.SharedSize);
  }
}

function isDangling(img: ImageSummary): boolean {
  const tags = img.RepoTags ?? [];
  const digests = img.RepoDigests ?? [];
  if (tags.length === 0 && digests.length === 0) return true;
  return tags.length === 1 && tags[0] === '<none>:<none>' && digests.length === 1 && digests[0] === '<none>@<none>';
}

function group(refs: readonly string[], pick: (s: string) => string | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of refs) {
    try {
      const value = pick(s);
      if (value === undefined) continue;
      const name = familiarName(parseNormalizedNamed(s));
      out.set(name, [...(out.get(name) ?? []), value]);
    } catch {
      // unparsable references are skipped, as docker does
    }
  }
  return out;
}

/** The rows docker prints for one image. */
export function imageRows(img: ImageSummary, o: { trunc: boolean; digests: boolean; needDigest: boolean }): ImageContext[] {
  if (isDangling(img)) return [new ImageContext(img, o.trunc, '<none>', '<none>', '<none>')];
  const tags = group(img.RepoTags ?? [], (s) => parseNormalizedNamed(s).tag);
  const digests = group(img.RepoDigests ?? [], (s) => parseNormalizedNamed(s).digest);
  const rows: ImageContext[] = [];
  for (const [repo, repoTags] of tags) {
    const ds = o.needDigest ? (digests.get(repo) ?? []) : [];
    digests.delete(repo);
    for (const tag of repoTags) {
      if (ds.length === 0) rows.push(new ImageContext(img, o.trunc, repo, tag, '<none>'));
      for (const d of ds) rows.push(new ImageContext(img, o.trunc, repo, tag, d));
    }
  }
  for (const [repo, ds] of digests) {
    if (o.digests) for (const d of ds) rows.push(new ImageContext(img, o.trunc, repo, '<none>', d));
    else rows.push(new ImageContext(img, o.trunc, repo, '<none>', ''));
  }
  return rows;
}

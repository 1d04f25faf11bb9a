/** Pulling an image by reference and showing the progress, for `pull` and `run`/`create`. */
import { pullImage } from '../../client/distribution.js';
import { parseNormalizedNamed, referenceString, repositoryName, withDefaultTag } from '../../oci/reference.js';
import type { CommandContext } from './command.js';
import { displayJsonMessages } from './progress.js';
import { authForDomain } from './registry-auth.js';

/**
 * Pulls image (`busybox`, `busybox:1.36`, `x@sha256:…`, or with allTags a bare
 * repository); progress goes to out. Returns the full reference.
 */
export async function pull(ctx: CommandContext, image: string, o: { platform?: string; quiet?: boolean; allTags?: boolean; out: NodeJS.WriteStream }): Promise<string> {
  const named = parseNormalizedNamed(image);
  const ref = o.allTags ? named : withDefaultTag(named);
  const auth = await authForDomain(ctx.env, named.domain);
  const res = await pullImage(ctx.client, repositoryName(ref), { tag: ref.digest ?? ref.tag, platform: o.platform, auth });
  await displayJsonMessages(res, o.out, { quiet: o.quiet });
  return referenceString(ref);
}

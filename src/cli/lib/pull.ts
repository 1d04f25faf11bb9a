/** Pulling an image by reference and showing the progress, for `pull` and `run`/`create`. */
import { pullImage } from '../../client/images.js';
import { parseNormalizedNamed, referenceString, repositoryName, withDefaultTag } from '../../oci/reference.js';
import type { CommandContext } from './command.js';
import { displayJsonMessages } from './progress.js';

/** Pulls image (`busybox`, `busybox:1.36`, `x@sha256:…`); progress goes to out. Returns the full reference. */
export async function pull(ctx: CommandContext, image: string, o: { platform?: string; quiet?: boolean; out: NodeJS.WriteStream }): Promise<string> {
  const ref = withDefaultTag(parseNormalizedNamed(image));
  const res = await pullImage(ctx.client, repositoryName(ref), { tag: ref.digest ?? ref.tag, platform: o.platform });
  await displayJsonMessages(res, o.out, { quiet: o.quiet });
  return referenceString(ref);
}

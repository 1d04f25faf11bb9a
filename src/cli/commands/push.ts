import { pushImage } from '../../client/distribution.js';
import { invalidArgument } from '../../errdefs/index.js';
import { parseNormalizedNamed, referenceString, repositoryName, withDefaultTag } from '../../oci/reference.js';
import type { Command } from '../lib/command.js';
import { displayJsonMessages } from '../lib/progress.js';
import { authForDomain } from '../lib/registry-auth.js';

export const command: Command = {
  name: 'push',
  usage: '[OPTIONS] NAME[:TAG]',
  description: 'Upload an image to a registry',
  minArgs: 1,
  maxArgs: 1,
  flags: [
    { name: 'all-tags', short: 'a', type: 'bool', description: 'Push all tags of an image to the repository' },
    { name: 'quiet', short: 'q', type: 'bool', description: 'Suppress verbose output' },
  ],
  async run(ctx, flags, [image = '']) {
    const parsed = parseNormalizedNamed(image);
    const quiet = flags.bool('quiet');
    const allTags = flags.bool('all-tags');
    if (parsed.digest !== undefined) throw invalidArgument('cannot push a digest reference');
    if (allTags && parsed.tag !== undefined) throw invalidArgument('tag can\'t be used with --all-tags/-a');
    if (!allTags && parsed.tag === undefined && !quiet) ctx.stdout.write('Using default tag: latest\n');
    const ref = allTags ? parsed : withDefaultTag(parsed);
    const res = await pushImage(ctx.client, repositoryName(ref), { tag: ref.tag, auth: await authForDomain(ctx.env, parsed.domain) });
    await displayJsonMessages(res, ctx.stdout, { quiet });
    if (quiet) ctx.stdout.write(`${referenceString(ref)}\n`);
  },
};

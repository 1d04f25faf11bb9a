import { invalidArgument } from '../../errdefs/index.js';
import { parseNormalizedNamed } from '../../oci/reference.js';
import type { Command } from '../lib/command.js';
import { pull } from '../lib/pull.js';

export const command: Command = {
  name: 'pull',
  usage: '[OPTIONS] NAME[:TAG|@DIGEST]',
  description: 'Download an image from a registry',
  minArgs: 1,
  maxArgs: 1,
  flags: [
    { name: 'all-tags', short: 'a', type: 'bool', description: 'Download all tagged images in the repository' },
    { name: 'platform', type: 'string', description: 'Set platform if server is multi-platform capable' },
    { name: 'quiet', short: 'q', type: 'bool', description: 'Suppress verbose output' },
  ],
  async run(ctx, flags, [image = '']) {
    const parsed = parseNormalizedNamed(image);
    const quiet = flags.bool('quiet');
    const allTags = flags.bool('all-tags');
    const untagged = parsed.tag === undefined && parsed.digest === undefined;
    if (allTags && !untagged) throw invalidArgument('tag can\'t be used with --all-tags/-a');
    if (untagged && !allTags && !quiet) ctx.stdout.write('Using default tag: latest\n');
    const ref = await pull(ctx, image, { platform: flags.string('platform'), quiet, allTags, out: ctx.stdout });
    ctx.stdout.write(`${ref}\n`);
  },
};

import { tagImage } from '../../client/images.js';
import type { Command } from '../lib/command.js';
import { repoTag } from '../lib/reference-arg.js';

export const command: Command = {
  name: 'tag',
  usage: 'SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]',
  description: 'Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE',
  flags: [],
  minArgs: 2,
  maxArgs: 2,
  async run(ctx, _flags, [source = '', target = '']) {
    const { repo, tag } = repoTag(target);
    await tagImage(ctx.client, source, repo, tag ?? 'latest');
  },
};

import { saveImages } from '../../client/images.js';
import type { Command } from '../lib/command.js';
import { writeArchive } from '../lib/output-file.js';

export const command: Command = {
  name: 'save',
  usage: '[OPTIONS] IMAGE [IMAGE...]',
  description: 'Save one or more images to a tar archive (streamed to STDOUT by default)',
  minArgs: 1,
  flags: [{ name: 'output', short: 'o', type: 'string', description: 'Write to a file, instead of STDOUT' }],
  async run(ctx, flags, args) {
    await writeArchive(ctx, () => saveImages(ctx.client, args), flags.string('output'));
  },
};

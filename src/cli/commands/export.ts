import { exportContainer } from '../../client/containers.js';
import type { Command } from '../lib/command.js';
import { writeArchive } from '../lib/output-file.js';

export const command: Command = {
  name: 'export',
  usage: '[OPTIONS] CONTAINER',
  description: "Export a container's filesystem as a tar archive",
  minArgs: 1,
  maxArgs: 1,
  flags: [{ name: 'output', short: 'o', type: 'string', description: 'Write to a file, instead of STDOUT' }],
  async run(ctx, flags, [container = '']) {
    await writeArchive(ctx, () => exportContainer(ctx.client, container), flags.string('output'));
  },
};

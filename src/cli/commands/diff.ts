import { containerChanges } from '../../client/containers.js';
import type { Command } from '../lib/command.js';

const KIND_LETTER = ['C', 'A', 'D'] as const;

export const command: Command = {
  name: 'diff',
  usage: 'CONTAINER',
  description: "Inspect changes to files or directories on a container's filesystem",
  flags: [],
  minArgs: 1,
  maxArgs: 1,
  async run(ctx, _flags, [container = '']) {
    const changes = await containerChanges(ctx.client, container);
    ctx.stdout.write(changes.map((c) => `${KIND_LETTER[c.Kind]} ${c.Path}\n`).join(''));
  },
};

import { renameContainer } from '../../client/containers.js';
import type { Command } from '../lib/command.js';
import { StatusError } from '../lib/errors.js';

export const command: Command = {
  name: 'rename',
  usage: 'CONTAINER NEW_NAME',
  description: 'Rename a container',
  flags: [],
  minArgs: 2,
  maxArgs: 2,
  async run(ctx, _flags, [oldName = '', newName = '']) {
    if (newName.trim() === '') throw new StatusError(1, 'Error: Neither old nor new names may be empty');
    await renameContainer(ctx.client, oldName.trim(), newName.trim());
  },
};

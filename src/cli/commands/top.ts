import { topContainer } from '../../client/containers.js';
import type { Command } from '../lib/command.js';
import { topTable } from '../lib/top-table.js';

export const command: Command = {
  name: 'top',
  usage: 'CONTAINER [ps OPTIONS]',
  description: 'Display the running processes of a container',
  flags: [],
  interspersed: false,
  minArgs: 1,
  async run(ctx, _flags, [container = '', ...psArgs]) {
    ctx.stdout.write(topTable(await topContainer(ctx.client, container, psArgs.join(' '))));
  },
};

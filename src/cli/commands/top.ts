import { topContainer } from '../../client/containers.js';
import { tabwrite } from '../format/tabwriter.js';
import type { Command } from '../lib/command.js';

export const command: Command = {
  name: 'top',
  usage: 'CONTAINER [ps OPTIONS]',
  description: 'Display the running processes of a container',
  flags: [],
  interspersed: false,
  minArgs: 1,
  async run(ctx, _flags, [container = '', ...psArgs]) {
    const top = await topContainer(ctx.client, container, psArgs.join(' '));
    const lines = [top.Titles, ...(top.Processes ?? [])].map((row) => `${row.join('\t')}\n`).join('');
    ctx.stdout.write(tabwrite(lines, { minwidth: 20, padding: 3 }));
  },
};

import type { Command } from '../lib/command.js';
import { parseFilterFlags } from '../lib/filter-flags.js';
import { confirm } from '../lib/prompt.js';
import { PRUNE_FLAGS, pruneContainersReport, totalReclaimed } from '../lib/prune.js';

export const command: Command = {
  name: 'prune',
  usage: '[OPTIONS]',
  description: 'Remove all stopped containers',
  maxArgs: 0,
  flags: PRUNE_FLAGS,
  async run(ctx, flags) {
    if (!flags.bool('force') && !(await confirm(ctx, 'WARNING! This will remove all stopped containers.'))) return;
    const r = await pruneContainersReport(ctx.client, parseFilterFlags(flags.list('filter')));
    ctx.stdout.write(r.output + totalReclaimed(r.spaceReclaimed));
  },
};

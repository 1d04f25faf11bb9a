import type { Command } from '../lib/command.js';
import { parseFilterFlags } from '../lib/filter-flags.js';
import { confirm } from '../lib/prompt.js';
import { PRUNE_FLAGS, pruneImagesReport, totalReclaimed } from '../lib/prune.js';

export const command: Command = {
  name: 'prune',
  usage: '[OPTIONS]',
  description: 'Remove unused images',
  maxArgs: 0,
  flags: [{ name: 'all', short: 'a', type: 'bool', description: 'Remove all unused images, not just dangling ones' }, ...PRUNE_FLAGS],
  async run(ctx, flags) {
    const all = flags.bool('all');
    const warning = all ? 'WARNING! This will remove all images without at least one container associated to them.' : 'WARNING! This will remove all dangling images.';
    if (!flags.bool('force') && !(await confirm(ctx, warning))) return;
    const r = await pruneImagesReport(ctx.client, parseFilterFlags(flags.list('filter')), all);
    ctx.stdout.write(r.output + totalReclaimed(r.spaceReclaimed));
  },
};

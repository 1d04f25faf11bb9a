import type { Command } from '../lib/command.js';
import { parseFilterFlags } from '../lib/filter-flags.js';
import { confirm } from '../lib/prompt.js';
import { PRUNE_FLAGS, pruneVolumesReport, totalReclaimed } from '../lib/prune.js';

export const command: Command = {
  name: 'prune',
  usage: '[OPTIONS]',
  description: 'Remove unused local volumes',
  maxArgs: 0,
  flags: [{ name: 'all', short: 'a', type: 'bool', description: 'Remove all unused volumes, not just anonymous ones' }, ...PRUNE_FLAGS],
  async run(ctx, flags) {
    const all = flags.bool('all');
    const warning = all
      ? 'WARNING! This will remove all local volumes not used by at least one container.'
      : 'WARNING! This will remove anonymous local volumes not used by at least one container.';
    if (!flags.bool('force') && !(await confirm(ctx, warning))) return;
    const filters = parseFilterFlags(flags.list('filter'));
    if (all) filters.all = ['true'];
    const r = await pruneVolumesReport(ctx.client, filters);
    ctx.stdout.write(r.output + totalReclaimed(r.spaceReclaimed));
  },
};

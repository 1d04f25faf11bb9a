import { pruneBuildCache } from '../../client/build.js';
import type { Command } from '../lib/command.js';
import { confirm } from '../lib/prompt.js';
import { totalReclaimed } from '../lib/prune.js';

export const command: Command = {
  name: 'prune',
  usage: '[OPTIONS]',
  description: 'Remove build cache',
  maxArgs: 0,
  flags: [
    { name: 'all', short: 'a', type: 'bool', description: 'Remove all unused build cache, not just dangling ones' },
    { name: 'force', short: 'f', type: 'bool', description: 'Do not prompt for confirmation' },
  ],
  async run(ctx, flags) {
    if (!flags.bool('force') && !(await confirm(ctx, 'WARNING! This will remove all dangling build cache.'))) return;
    const r = await pruneBuildCache(ctx.client, flags.bool('all'));
    const deleted = r.CachesDeleted ?? [];
    ctx.stdout.write((deleted.length > 0 ? `Deleted build cache objects:\n${deleted.map((d) => `${d}\n`).join('')}` : '') + totalReclaimed(r.SpaceReclaimed));
  },
};

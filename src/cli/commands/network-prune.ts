import { pruneNetworks } from '../../client/networks.js';
import type { Command } from '../lib/command.js';
import { parseFilterFlags } from '../lib/filter-flags.js';
import { confirm } from '../lib/prompt.js';
import { PRUNE_FLAGS } from '../lib/prune.js';

export const command: Command = {
  name: 'prune',
  usage: '[OPTIONS]',
  description: 'Remove all unused networks',
  maxArgs: 0,
  flags: PRUNE_FLAGS,
  async run(ctx, flags) {
    if (!flags.bool('force') && !(await confirm(ctx, 'WARNING! This will remove all custom networks not used by at least one container.'))) return;
    const r = await pruneNetworks(ctx.client, parseFilterFlags(flags.list('filter')));
    const deleted = r.NetworksDeleted ?? [];
    if (deleted.length > 0) ctx.stdout.write(`Deleted Networks:\n${deleted.map((n) => `${n}\n`).join('')}\n`);
  },
};

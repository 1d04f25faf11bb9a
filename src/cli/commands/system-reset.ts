import { systemReset } from '../../client/system.js';
import type { Command } from '../lib/command.js';
import { confirm } from '../lib/prompt.js';

const WARNING = `WARNING! This will remove everything this daemon made:
  - all containers, running or not
  - all networks, volumes and images
  - all build cache
  - its bridges, firewall rules, mounts and cgroups
The daemon exits afterwards; start it again to begin from nothing.
`;

export const command: Command = {
  name: 'reset',
  usage: '[OPTIONS]',
  description: 'Remove everything the daemon made and stop it',
  maxArgs: 0,
  flags: [{ name: 'force', short: 'f', type: 'bool', description: 'Do not prompt for confirmation' }],
  async run(ctx, flags) {
    if (!flags.bool('force') && !(await confirm(ctx, WARNING))) return;
    const r = await systemReset(ctx.client);
    const line = (what: string, n: number): string => `${what}: ${n}\n`;
    ctx.stdout.write(
      line('Deleted containers', r.ContainersDeleted.length) +
        line('Deleted images', r.ImagesDeleted.length) +
        line('Deleted volumes', r.VolumesDeleted.length) +
        line('Deleted networks', r.NetworksDeleted.length) +
        line('Deleted build cache objects', r.CachesDeleted.length) +
        line('Deleted bridges', r.BridgesDeleted.length) +
        line('Unmounted', r.MountsRemoved) +
        line('Removed cgroups', r.CgroupsRemoved) +
        'The daemon has stopped.\n',
    );
  },
};

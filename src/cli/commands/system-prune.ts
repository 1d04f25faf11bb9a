import { pruneBuildCache } from '../../client/build.js';
import type { Command } from '../lib/command.js';
import { parseFilterFlags } from '../lib/filter-flags.js';
import { confirm } from '../lib/prompt.js';
import { PRUNE_FLAGS, pruneContainersReport, pruneImagesReport, pruneNetworksReport, pruneVolumesReport, totalReclaimed } from '../lib/prune.js';

export const command: Command = {
  name: 'prune',
  usage: '[OPTIONS]',
  description: 'Remove unused data',
  maxArgs: 0,
  flags: [
    { name: 'all', short: 'a', type: 'bool', description: 'Remove all unused images not just dangling ones' },
    ...PRUNE_FLAGS,
    { name: 'volumes', type: 'bool', description: 'Prune anonymous volumes' },
  ],
  async run(ctx, flags) {
    const all = flags.bool('all');
    const volumes = flags.bool('volumes');
    const volumeLine = volumes ? '  - all anonymous volumes not used by at least one container\n' : '';
    const warning = `WARNING! This will remove:\n  - all stopped containers\n  - all networks not used by at least one container\n${volumeLine}  - all ${all ? 'images without at least one container associated to them' : 'dangling images'}\n  - unused build cache\n`;
    if (!flags.bool('force') && !(await confirm(ctx, warning))) return;
    const filters = parseFilterFlags(flags.list('filter'));
    const containers = await pruneContainersReport(ctx.client, filters);
    const networks = await pruneNetworksReport(ctx.client, filters);
    const vols = volumes ? await pruneVolumesReport(ctx.client, filters) : { output: '', spaceReclaimed: 0 };
    const images = await pruneImagesReport(ctx.client, filters, all);
    const cache = await pruneBuildCache(ctx.client, all);
    const cacheOutput = cache.CachesDeleted ? `Deleted build cache objects:\n${cache.CachesDeleted.map((id) => `${id}\n`).join('')}` : '';
    ctx.stdout.write(containers.output + networks + vols.output + images.output + cacheOutput + totalReclaimed(containers.spaceReclaimed + vols.spaceReclaimed + images.spaceReclaimed + cache.SpaceReclaimed));
  },
};

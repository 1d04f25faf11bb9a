import { POD_ID_LABEL } from '../../apitypes/pods.js';
import { listContainers } from '../../client/containers.js';
import { inspectPod, listPods } from '../../client/pods.js';
import type { Command } from '../lib/command.js';
import { command as stats } from './stats.js';

/** `stats` over the running containers of the pods named (every pod when none is). */
export const command: Command = {
  name: 'stats',
  usage: '[OPTIONS] [POD...]',
  description: "Display a live stream of the resource usage of pods' containers",
  flags: stats.flags,
  async run(ctx, flags, args) {
    const podIds = args.length > 0 ? await Promise.all(args.map(async (a) => (await inspectPod(ctx.client, a)).Id)) : (await listPods(ctx.client)).map((p) => p.Id);
    const ids: string[] = [];
    for (const id of podIds) {
      const cs = await listContainers(ctx.client, { all: flags.bool('all'), filters: { label: [`${POD_ID_LABEL}=${id}`] } });
      ids.push(...cs.map((c) => c.Id));
    }
    if (ids.length === 0) return;
    return stats.run(ctx, flags, ids);
  },
};

import { topPod } from '../../client/pods.js';
import type { Command } from '../lib/command.js';
import { topTable } from '../lib/top-table.js';

export const command: Command = {
  name: 'top',
  usage: 'POD [ps OPTIONS]',
  description: "Display the running processes of a pod's containers",
  flags: [],
  interspersed: false,
  minArgs: 1,
  async run(ctx, _flags, [pod = '', ...psArgs]) {
    ctx.stdout.write(topTable(await topPod(ctx.client, pod, psArgs.join(' '))));
  },
};

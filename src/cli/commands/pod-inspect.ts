import { inspectPod } from '../../client/pods.js';
import type { Command } from '../lib/command.js';
import { INSPECT_FORMAT_FLAG, printInspect } from '../lib/inspect.js';

export const command: Command = {
  name: 'inspect',
  usage: '[OPTIONS] POD [POD...]',
  description: 'Display detailed information on one or more pods',
  minArgs: 1,
  flags: [INSPECT_FORMAT_FLAG],
  async run(ctx, flags, args) {
    await printInspect(ctx, args, [(n) => inspectPod(ctx.client, n)], 'pod', flags.string('format'));
  },
};

import { removeNetwork } from '../../client/networks.js';
import type { Command } from '../lib/command.js';
import { forEachTarget } from '../lib/errors.js';

export const command: Command = {
  name: 'rm',
  usage: '[OPTIONS] NETWORK [NETWORK...]',
  description: 'Remove one or more networks',
  minArgs: 1,
  flags: [{ name: 'force', short: 'f', type: 'bool', description: 'Do not error if the network does not exist' }],
  async run(ctx, flags, args) {
    const force = flags.bool('force');
    await forEachTarget(
      args,
      (n) => removeNetwork(ctx.client, n).catch((err: unknown) => {
        if (force && (err as { statusCode?: number }).statusCode === 404) return;
        throw err;
      }),
      (n) => ctx.stdout.write(`${n}\n`),
    );
  },
};

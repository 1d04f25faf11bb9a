import { DOCKER_HUB_AUTH_KEY, eraseDockerCredentials } from '../../distribution/client/cli-entry.js';
import type { Command } from '../lib/command.js';
import { configDir } from '../lib/registry-auth.js';

export const command: Command = {
  name: 'logout',
  usage: '[SERVER]',
  description: 'Log out from a registry.\nIf no server is specified, the default is defined by the daemon.',
  minArgs: 0,
  maxArgs: 1,
  flags: [],
  async run(ctx, _flags, [server = '']) {
    const address = server === '' ? DOCKER_HUB_AUTH_KEY : server;
    if (!(await eraseDockerCredentials(address, configDir(ctx.env)))) {
      ctx.stdout.write(`Not logged in to ${address}\n`);
      return;
    }
    ctx.stdout.write(`Removing login credentials for ${address}\n`);
  },
};

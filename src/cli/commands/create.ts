import { buildCreateRequest } from '../lib/create-request.js';
import { createWithPull, pullPolicy } from '../lib/create-container.js';
import { CONTAINER_FLAGS } from '../lib/container-flags.js';
import type { Command } from '../lib/command.js';
import { runError } from '../lib/run-errors.js';
import { consoleSize } from '../lib/tty.js';

export const command: Command = {
  name: 'create',
  usage: '[OPTIONS] IMAGE [COMMAND] [ARG...]',
  description: 'Create a new container',
  flags: CONTAINER_FLAGS,
  interspersed: false,
  minArgs: 1,
  async run(ctx, flags, [image = '', ...args]) {
    let body;
    try {
      pullPolicy(flags);
      body = buildCreateRequest(flags, { image, args, env: ctx.env, consoleSize: flags.bool('tty') ? consoleSize(ctx.stdout) : undefined });
    } catch (err) {
      throw runError('create', err);
    }
    ctx.stdout.write(`${await createWithPull(ctx, body, flags)}\n`);
  },
};

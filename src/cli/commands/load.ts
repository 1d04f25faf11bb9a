import { createReadStream } from 'node:fs';
import { loadImages } from '../../client/images.js';
import type { Command } from '../lib/command.js';
import { StatusError } from '../lib/errors.js';
import { displayJsonMessages } from '../lib/progress.js';

export const command: Command = {
  name: 'load',
  usage: '[OPTIONS]',
  description: 'Load an image from a tar archive or STDIN',
  maxArgs: 0,
  flags: [
    { name: 'input', short: 'i', type: 'string', description: 'Read from tar archive file, instead of STDIN' },
    { name: 'quiet', short: 'q', type: 'bool', description: 'Suppress the load output' },
  ],
  async run(ctx, flags) {
    const input = flags.string('input');
    if (input === '' && ctx.stdin.isTTY) throw new StatusError(1, 'requested load from stdin, but stdin is empty');
    const tar = input === '' ? ctx.stdin : createReadStream(input);
    const quiet = flags.bool('quiet') || !ctx.stdout.isTTY;
    const res = await loadImages(ctx.client, tar, quiet);
    await displayJsonMessages(res, ctx.stdout);
  },
};

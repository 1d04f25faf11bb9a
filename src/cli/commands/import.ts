import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { importImage } from '../../client/images.js';
import { parseNormalizedNamed } from '../../oci/reference.js';
import type { Command } from '../lib/command.js';
import { StatusError } from '../lib/errors.js';
import { displayJsonMessages } from '../lib/progress.js';

export const command: Command = {
  name: 'import',
  usage: '[OPTIONS] file|URL|- [REPOSITORY[:TAG]]',
  description: 'Import the contents from a tarball to create a filesystem image',
  minArgs: 1,
  maxArgs: 2,
  flags: [
    { name: 'change', short: 'c', type: 'list', description: 'Apply Dockerfile instruction to the created image' },
    { name: 'message', short: 'm', type: 'string', description: 'Set commit message for imported image' },
    { name: 'platform', type: 'string', description: 'Set platform if server is multi-platform capable' },
  ],
  async run(ctx, flags, [source = '', ref]) {
    if (ref) parseNormalizedNamed(ref);
    let tar: NodeJS.ReadableStream;
    if (source === '-') {
      tar = ctx.stdin;
    } else if (/^https?:\/\//.test(source)) {
      throw new StatusError(1, `importing from a URL is not supported: ${source}`);
    } else {
      try {
        await access(source);
      } catch {
        throw new StatusError(1, `open ${source}: no such file or directory`);
      }
      tar = createReadStream(source);
    }
    const res = await importImage(ctx.client, tar, {
      repo: ref,
      message: flags.string('message'),
      changes: flags.list('change'),
      platform: flags.string('platform').toLowerCase(),
    });
    await displayJsonMessages(res, ctx.stdout);
  },
};

import { commitContainer } from '../../client/containers.js';
import type { Command } from '../lib/command.js';
import { repoTag } from '../lib/reference-arg.js';

export const command: Command = {
  name: 'commit',
  usage: "[OPTIONS] CONTAINER [REPOSITORY[:TAG]]",
  description: "Create a new image from a container's changes",
  minArgs: 1,
  maxArgs: 2,
  flags: [
    { name: 'author', short: 'a', type: 'string', description: 'Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")' },
    { name: 'change', short: 'c', type: 'list', description: 'Apply Dockerfile instruction to the created image' },
    { name: 'message', short: 'm', type: 'string', description: 'Commit message' },
    { name: 'pause', short: 'p', type: 'bool', default: true, description: 'Pause container during commit' },
  ],
  async run(ctx, flags, [container = '', ref]) {
    const target = ref ? repoTag(ref) : undefined;
    const res = await commitContainer(ctx.client, {
      container,
      repo: target?.repo,
      tag: target ? (target.tag ?? 'latest') : undefined,
      comment: flags.string('message'),
      author: flags.string('author'),
      pause: flags.bool('pause'),
      changes: flags.list('change'),
    });
    ctx.stdout.write(`${res.Id}\n`);
  },
};

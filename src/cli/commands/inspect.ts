import { inspectContainer } from '../../client/containers.js';
import { inspectImage } from '../../client/images.js';
import { inspectNetwork } from '../../client/networks.js';
import type { Command } from '../lib/command.js';
import { StatusError } from '../lib/errors.js';
import { INSPECT_FORMAT_FLAG, notFoundAsUndefined, printInspect, type Getter } from '../lib/inspect.js';

export const command: Command = {
  name: 'inspect',
  usage: '[OPTIONS] NAME|ID [NAME|ID...]',
  description: 'Return low-level information on Wharf objects',
  minArgs: 1,
  flags: [
    INSPECT_FORMAT_FLAG,
    { name: 'size', short: 's', type: 'bool', description: 'Display total file sizes if the type is container' },
    { name: 'type', type: 'string', description: 'Only inspect objects of the given type' },
  ],
  async run(ctx, flags, args) {
    const type = flags.string('type');
    const container = notFoundAsUndefined((n) => inspectContainer(ctx.client, n, { size: flags.bool('size') }));
    const image = notFoundAsUndefined((n) => inspectImage(ctx.client, n));
    const network = notFoundAsUndefined((n) => inspectNetwork(ctx.client, n));
    const getters: Record<string, Getter[]> = { '': [container, image, network], container: [container], image: [image], network: [network] };
    const chosen = getters[type];
    if (!chosen) throw new StatusError(1, `"${type}" is not a valid value for --type`);
    await printInspect(ctx, args, chosen, type === '' ? 'object' : type, flags.string('format'));
  },
};

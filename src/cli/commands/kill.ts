import { killContainer } from '../../client/containers.js';
import { containerAction } from '../lib/container-action.js';

export const command = containerAction({
  name: 'kill',
  description: 'Kill one or more running containers',
  flags: [{ name: 'signal', short: 's', type: 'string', description: 'Signal to send to the container' }],
  op: (ctx, flags, id) => killContainer(ctx.client, id, flags.string('signal')),
});

import { unpauseContainer } from '../../client/containers.js';
import { containerAction } from '../lib/container-action.js';

export const command = containerAction({
  name: 'unpause',
  description: 'Unpause all processes within one or more containers',
  op: (ctx, _flags, id) => unpauseContainer(ctx.client, id),
});

import { pauseContainer } from '../../client/containers.js';
import { containerAction } from '../lib/container-action.js';

export const command = containerAction({
  name: 'pause',
  description: 'Pause all processes within one or more containers',
  op: (ctx, _flags, id) => pauseContainer(ctx.client, id),
});

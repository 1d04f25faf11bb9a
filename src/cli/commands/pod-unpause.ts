import { podAction } from '../../client/pods.js';
import { containerAction } from '../lib/container-action.js';

export const command = containerAction({
  name: 'unpause',
  description: 'Unpause all the containers of one or more pods',
  operand: 'POD',
  op: (ctx, _flags, pod) => podAction(ctx.client, pod, 'unpause'),
});

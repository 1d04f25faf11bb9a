import { stopContainer } from '../../client/containers.js';
import { containerAction } from '../lib/container-action.js';
import { STOP_FLAGS, stopOptions } from '../lib/stop-flags.js';

export const command = containerAction({
  name: 'stop',
  description: 'Stop one or more running containers',
  flags: STOP_FLAGS,
  op: (ctx, flags, id) => stopContainer(ctx.client, id, stopOptions(flags)),
});

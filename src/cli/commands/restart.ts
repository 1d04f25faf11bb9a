import { restartContainer } from '../../client/containers.js';
import { containerAction } from '../lib/container-action.js';
import { STOP_FLAGS, stopOptions } from '../lib/stop-flags.js';

export const command = containerAction({
  name: 'restart',
  description: 'Restart one or more containers',
  flags: STOP_FLAGS,
  op: (ctx, flags, id) => restartContainer(ctx.client, id, stopOptions(flags)),
});

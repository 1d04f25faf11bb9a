import { removePod } from '../../client/pods.js';
import { containerAction } from '../lib/container-action.js';

export const command = containerAction({
  name: 'rm',
  description: 'Remove one or more pods and all their containers',
  operand: 'POD',
  flags: [{ name: 'force', short: 'f', type: 'bool', description: 'Force the removal of a running pod (uses SIGKILL)' }],
  op: (ctx, flags, pod) => removePod(ctx.client, pod, flags.bool('force')),
});

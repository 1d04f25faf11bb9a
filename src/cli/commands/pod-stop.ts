import { podAction } from '../../client/pods.js';
import { containerAction } from '../lib/container-action.js';
import { POD_STOP_FLAGS, podStopTimeout } from '../lib/pod-flags.js';

export const command = containerAction({
  name: 'stop',
  description: 'Stop one or more pods: their containers, then the infra container',
  operand: 'POD',
  flags: POD_STOP_FLAGS,
  op: (ctx, flags, pod) => podAction(ctx.client, pod, 'stop', { t: podStopTimeout(flags) }),
});

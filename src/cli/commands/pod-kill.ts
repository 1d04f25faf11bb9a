import { podAction } from '../../client/pods.js';
import { containerAction } from '../lib/container-action.js';

export const command = containerAction({
  name: 'kill',
  description: 'Send a signal to every running container of one or more pods',
  operand: 'POD',
  flags: [{ name: 'signal', short: 's', type: 'string', description: 'Signal to send to the containers (default "KILL")' }],
  op: (ctx, flags, pod) => podAction(ctx.client, pod, 'kill', { signal: flags.string('signal') }),
});

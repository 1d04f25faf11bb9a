/** `pod stop` and `pod restart`: the same command over a different action, with the stop timeout flag. */
import { podAction } from '../../client/pods.js';
import type { Command } from './command.js';
import { containerAction } from './container-action.js';

export function podStopCommand(action: 'stop' | 'restart', description: string): Command {
  return containerAction({
    name: action,
    description,
    operand: 'POD',
    flags: [{ name: 'time', short: 't', type: 'int', aliases: ['timeout'], description: 'Seconds to wait for each container to stop before killing it' }],
    // Only a given --time is sent: otherwise each container's own StopTimeout applies.
    op: (ctx, flags, pod) => podAction(ctx.client, pod, action, { t: flags.changed('time') ? flags.int('time') : undefined }),
  });
}

import { removeContainer } from '../../client/containers.js';
import { containerAction } from '../lib/container-action.js';

export const command = containerAction({
  name: 'rm',
  description: 'Remove one or more containers',
  flags: [
    { name: 'force', short: 'f', type: 'bool', description: 'Force the removal of a running container (uses SIGKILL)' },
    { name: 'link', short: 'l', type: 'bool', description: 'Remove the specified link' },
    { name: 'volumes', short: 'v', type: 'bool', description: 'Remove anonymous volumes associated with the container' },
  ],
  op: (ctx, flags, id) => removeContainer(ctx.client, id.replace(/^\/+/, ''), { force: flags.bool('force'), volumes: flags.bool('volumes'), link: flags.bool('link') }),
});

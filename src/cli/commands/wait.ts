import { waitContainer } from '../../client/containers.js';
import { containerAction } from '../lib/container-action.js';

export const command = containerAction({
  name: 'wait',
  description: 'Block until one or more containers stop, then print their exit codes',
  async op(ctx, _flags, id) {
    const { result } = await waitContainer(ctx.client, id, 'not-running');
    return (await result).StatusCode;
  },
  line: (_id, code) => String(code),
});

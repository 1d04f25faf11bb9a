import { attachContainer, inspectContainer, resizeContainer, waitContainer } from '../../client/containers.js';
import type { ContainerInspect } from '../../apitypes/containers.js';
import type { Command } from '../lib/command.js';
import { parseDetachKeys } from '../lib/detach-keys.js';
import { StatusError } from '../lib/errors.js';
import { streamHijacked } from '../lib/hijacked-io.js';
import { forwardSignals } from '../lib/signals.js';
import { checkTty, monitorTtySize } from '../lib/tty.js';

function checkState(c: ContainerInspect): void {
  if (!c.State.Running) throw new StatusError(1, 'You cannot attach to a stopped container, start it first');
  if (c.State.Paused) throw new StatusError(1, 'You cannot attach to a paused container, unpause it first');
  if (c.State.Restarting) throw new StatusError(1, 'You cannot attach to a restarting container, wait until it is running');
}

export const command: Command = {
  name: 'attach',
  usage: '[OPTIONS] CONTAINER',
  description: "Attach local standard input, output, and error streams to a running container",
  minArgs: 1,
  maxArgs: 1,
  flags: [
    { name: 'detach-keys', type: 'string', description: 'Override the key sequence for detaching a container' },
    { name: 'no-stdin', type: 'bool', description: 'Do not attach STDIN' },
    { name: 'sig-proxy', type: 'bool', default: true, description: 'Proxy all received signals to the process' },
  ],
  async run(ctx, flags, [name = '']) {
    const detachKeys = flags.string('detach-keys');
    if (detachKeys !== '') parseDetachKeys(detachKeys);
    const [wait, c] = await Promise.all([waitContainer(ctx.client, name, 'not-running'), inspectContainer(ctx.client, name)]);
    checkState(c);
    const tty = c.Config.Tty === true;
    checkTty(ctx, !flags.bool('no-stdin'), tty);
    const stdin = !flags.bool('no-stdin') && c.Config.OpenStdin === true;
    const stopForwarding = flags.bool('sig-proxy') && !tty ? forwardSignals(ctx.client, c.Id) : () => undefined;
    try {
      const socket = await attachContainer(ctx.client, name, { stream: true, stdin, stdout: true, stderr: true, detachKeys });
      let stopResize = (): void => undefined;
      if (tty && ctx.stdout.isTTY) {
        // One row and column more first, so the program redraws even when the size did not change.
        await resizeContainer(ctx.client, c.Id, ctx.stdout.rows + 1, ctx.stdout.columns + 1).catch(() => undefined);
        stopResize = monitorTtySize(ctx.stdout, (h, w) => resizeContainer(ctx.client, c.Id, h, w));
      }
      const end = await streamHijacked(socket, { tty, stdin: stdin ? ctx.stdin : undefined, stdout: ctx.stdout, stderr: ctx.stderr, detachKeys });
      stopResize();
      if (end === 'detached') {
        ctx.stderr.write('read escape sequence\n');
        return 0;
      }
      const status = await wait.result;
      if (status.Error?.Message) throw new StatusError(1, status.Error.Message);
      return status.StatusCode;
    } finally {
      stopForwarding();
    }
  },
};

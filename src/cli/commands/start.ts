import { attachContainer, inspectContainer, resizeContainer, startContainer, waitContainer } from '../../client/containers.js';
import type { Command, CommandContext } from '../lib/command.js';
import { parseDetachKeys } from '../lib/detach-keys.js';
import { errorText, StatusError } from '../lib/errors.js';
import type { Flags } from '../../util/flags.js';
import { streamHijacked } from '../lib/hijacked-io.js';
import { forwardSignals } from '../lib/signals.js';
import { checkTty, monitorTtySize } from '../lib/tty.js';

/** `start -a/-i`: attach, register the wait, start, stream until the end; the container's exit code. */
async function startAttached(ctx: CommandContext, flags: Flags, name: string): Promise<number> {
  const detachKeys = flags.string('detach-keys');
  if (detachKeys !== '') parseDetachKeys(detachKeys);
  const c = await inspectContainer(ctx.client, name);
  const tty = c.Config.Tty === true;
  checkTty(ctx, flags.bool('interactive'), tty);
  const stdin = flags.bool('interactive') && c.Config.OpenStdin === true;
  const stopForwarding = tty ? () => undefined : forwardSignals(ctx.client, c.Id);
  try {
    const [socket, wait] = await Promise.all([
      attachContainer(ctx.client, c.Id, { stream: true, stdin, stdout: true, stderr: true, detachKeys }),
      waitContainer(ctx.client, c.Id, c.HostConfig?.AutoRemove ? 'removed' : 'next-exit'),
    ]);
    const session = streamHijacked(socket, { tty, stdin: stdin ? ctx.stdin : undefined, stdout: ctx.stdout, stderr: ctx.stderr, detachKeys });
    try {
      await startContainer(ctx.client, c.Id);
    } catch (err) {
      socket.destroy();
      session.catch(() => undefined);
      if (c.HostConfig?.AutoRemove) await wait.result.catch(() => undefined);
      throw err;
    }
    const stopResize = tty ? monitorTtySize(ctx.stdout, (h, w) => resizeContainer(ctx.client, c.Id, h, w)) : () => undefined;
    const end = await session;
    stopResize();
    if (end === 'detached') {
      ctx.stderr.write('read escape sequence\n');
      return 0;
    }
    const status = await wait.result;
    return status.Error?.Message ? 125 : status.StatusCode;
  } finally {
    stopForwarding();
  }
}

export const command: Command = {
  name: 'start',
  usage: '[OPTIONS] CONTAINER [CONTAINER...]',
  description: 'Start one or more stopped containers',
  minArgs: 1,
  flags: [
    { name: 'attach', short: 'a', type: 'bool', description: 'Attach STDOUT/STDERR and forward signals' },
    { name: 'detach-keys', type: 'string', description: 'Override the key sequence for detaching a container' },
    { name: 'interactive', short: 'i', type: 'bool', description: "Attach container's STDIN" },
  ],
  async run(ctx, flags, args) {
    if (flags.bool('attach') || flags.bool('interactive')) {
      if (args.length > 1) throw new StatusError(1, 'you cannot start and attach multiple containers at once');
      return startAttached(ctx, flags, args[0]!);
    }
    const failed: string[] = [];
    for (const name of args) {
      try {
        await startContainer(ctx.client, name);
        ctx.stdout.write(`${name}\n`);
      } catch (err) {
        ctx.stderr.write(`${errorText(err)}\n`);
        failed.push(name);
      }
    }
    if (failed.length > 0) throw new StatusError(1, `Error: failed to start containers: ${failed.join(', ')}`);
    return 0;
  },
};

import { attachContainer, resizeContainer, startContainer, waitContainer } from '../../client/containers.js';
import type { ContainerCreateRequest } from '../../apitypes/containers.js';
import type { Command, CommandContext } from '../lib/command.js';
import { CONTAINER_FLAGS, RUN_ONLY_FLAGS } from '../lib/container-flags.js';
import { createWithPull, pullPolicy } from '../lib/create-container.js';
import { buildCreateRequest } from '../lib/create-request.js';
import { StatusError } from '../lib/errors.js';
import type { Flags } from '../../util/flags.js';
import { streamHijacked } from '../lib/hijacked-io.js';
import { runError } from '../lib/run-errors.js';
import { forwardSignals } from '../lib/signals.js';
import { checkTty, consoleSize, monitorTtySize } from '../lib/tty.js';
import { parseDetachKeys } from '../lib/detach-keys.js';

/** The create request `run` sends, checked; a detached run attaches no stream. */
function runRequest(ctx: CommandContext, flags: Flags, image: string, args: string[]): ContainerCreateRequest {
  let body: ContainerCreateRequest;
  try {
    pullPolicy(flags);
    const detachKeys = flags.string('detach-keys');
    if (detachKeys !== '') parseDetachKeys(detachKeys);
    body = buildCreateRequest(flags, { image, args, env: ctx.env, consoleSize: flags.bool('tty') ? consoleSize(ctx.stdout) : undefined });
  } catch (err) {
    throw runError('run', err);
  }
  if (!flags.bool('detach')) {
    checkTty(ctx, body.AttachStdin === true, body.Tty === true);
  } else {
    if (flags.list('attach').length > 0) throw new StatusError(1, 'conflicting options: cannot specify both --attach and --detach');
    body.AttachStdin = false;
    body.AttachStdout = false;
    body.AttachStderr = false;
    body.StdinOnce = false;
  }
  return body;
}

export const command: Command = {
  name: 'run',
  usage: '[OPTIONS] IMAGE [COMMAND] [ARG...]',
  description: 'Create and run a new container from an image',
  flags: [...CONTAINER_FLAGS, ...RUN_ONLY_FLAGS],
  interspersed: false,
  minArgs: 1,
  async run(ctx, flags, [image = '', ...args]) {
    const detachKeys = flags.string('detach-keys');
    const body = runRequest(ctx, flags, image, args);
    let id: string;
    try {
      id = await createWithPull(ctx, body, flags);
    } catch (err) {
      throw runError('run', err);
    }
    const stopForwarding = flags.bool('sig-proxy') ? forwardSignals(ctx.client, id) : () => undefined;
    try {
      const attachOutput = body.AttachStdout === true || body.AttachStderr === true;
      const attachAny = attachOutput || body.AttachStdin === true;
      const tty = body.Tty === true;
      const autoRemove = body.HostConfig?.AutoRemove === true;
      // Attach and register the wait before starting, so that no output and no exit can be missed.
      const [socket, wait] = await Promise.all([
        attachAny
          ? attachContainer(ctx.client, id, { stream: true, stdin: body.AttachStdin, stdout: body.AttachStdout, stderr: body.AttachStderr, detachKeys })
          : undefined,
        attachOutput ? waitContainer(ctx.client, id, autoRemove ? 'removed' : 'next-exit') : undefined,
      ]);
      const session = socket
        ? streamHijacked(socket, {
            tty,
            stdin: body.AttachStdin ? ctx.stdin : undefined,
            stdout: body.AttachStdout ? ctx.stdout : undefined,
            stderr: body.AttachStderr ? (tty ? ctx.stdout : ctx.stderr) : undefined,
            detachKeys,
          })
        : undefined;
      if (!attachOutput) ctx.stdout.write(`${id}\n`);

      try {
        await startContainer(ctx.client, id);
      } catch (err) {
        socket?.destroy();
        session?.catch(() => undefined);
        if (autoRemove) await wait?.result.catch(() => undefined);
        throw runError('run', err);
      }

      const stopResize = tty && attachAny ? monitorTtySize(ctx.stdout, (h, w) => resizeContainer(ctx.client, id, h, w)) : () => undefined;
      const end = session ? await session : 'ended';
      stopResize();
      if (end === 'detached') {
        ctx.stderr.write('read escape sequence\n');
        return 0;
      }
      if (!wait) return 0;
      let status;
      try {
        status = await wait.result;
      } catch (err) {
        ctx.stderr.write(`Error waiting for container: ${(err as Error).message}\n`);
        return 125;
      }
      if (status.Error?.Message) {
        ctx.stderr.write(`Error waiting for container: ${status.Error.Message}\n`);
        return 125;
      }
      return status.StatusCode;
    } finally {
      stopForwarding();
    }
  },
};

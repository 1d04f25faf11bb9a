import { createExec, inspectExec, resizeExec, startExecAttached, startExecDetached } from '../../client/exec.js';
import type { Command, CommandContext } from '../lib/command.js';
import { parseDetachKeys } from '../lib/detach-keys.js';
import { streamHijacked } from '../lib/hijacked-io.js';
import { readEnv } from '../lib/kv.js';
import { checkTty, consoleSize, monitorTtySize } from '../lib/tty.js';

/**
 * The exec's exit code. The stream can end a moment before the daemon has
 * recorded the exit, so a still-running exec is asked again briefly.
 */
async function exitCodeOf(ctx: CommandContext, id: string): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const info = await inspectExec(ctx.client, id);
    if (!info.Running || attempt >= 50) return info.ExitCode ?? 0;
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const command: Command = {
  name: 'exec',
  usage: '[OPTIONS] CONTAINER COMMAND [ARG...]',
  description: 'Execute a command in a running container',
  interspersed: false,
  minArgs: 2,
  flags: [
    { name: 'detach', short: 'd', type: 'bool', description: 'Detached mode: run command in the background' },
    { name: 'detach-keys', type: 'string', description: 'Override the key sequence for detaching a container' },
    { name: 'env', short: 'e', type: 'list', description: 'Set environment variables' },
    { name: 'env-file', type: 'list', description: 'Read in a file of environment variables' },
    { name: 'interactive', short: 'i', type: 'bool', description: 'Keep STDIN open even if not attached' },
    { name: 'privileged', type: 'bool', description: 'Give extended privileges to the command' },
    { name: 'tty', short: 't', type: 'bool', description: 'Allocate a pseudo-TTY' },
    { name: 'user', short: 'u', type: 'string', description: 'Username or UID (format: "<name|uid>[:<group|gid>]")' },
    { name: 'workdir', short: 'w', type: 'string', description: 'Working directory inside the container' },
  ],
  async run(ctx, flags, [container = '', ...cmd]) {
    const detach = flags.bool('detach');
    const tty = flags.bool('tty');
    const interactive = flags.bool('interactive');
    const detachKeys = flags.string('detach-keys');
    if (detachKeys !== '') parseDetachKeys(detachKeys);
    if (!detach) checkTty(ctx, interactive, tty);
    const size = tty ? consoleSize(ctx.stdout) : undefined;
    const { Id: id } = await createExec(ctx.client, container, {
      User: flags.string('user'),
      Privileged: flags.bool('privileged'),
      Tty: tty,
      AttachStdin: interactive && !detach,
      AttachStdout: !detach,
      AttachStderr: !detach,
      DetachKeys: detachKeys,
      WorkingDir: flags.string('workdir'),
      Env: readEnv(flags.list('env-file'), flags.list('env'), ctx.env),
      Cmd: cmd,
      ConsoleSize: size ?? null,
    });
    if (detach) {
      await startExecDetached(ctx.client, id, { Tty: tty, ConsoleSize: size ?? null });
      return 0;
    }
    const socket = await startExecAttached(ctx.client, id, { Tty: tty, ConsoleSize: size ?? null });
    const stopResize = tty ? monitorTtySize(ctx.stdout, (h, w) => resizeExec(ctx.client, id, h, w)) : () => undefined;
    const end = await streamHijacked(socket, {
      tty,
      stdin: interactive ? ctx.stdin : undefined,
      stdout: ctx.stdout,
      stderr: tty ? ctx.stdout : ctx.stderr,
      detachKeys,
    });
    stopResize();
    if (end === 'detached') {
      ctx.stderr.write('read escape sequence\n');
      return 0;
    }
    return exitCodeOf(ctx, id);
  },
};

/** `compose exec SERVICE CMD…`: docker exec in the service's container (the first, or --index). */
import type { ComposeCommand } from '../command.js';
import { runDockerCommand } from '../project/docker-command.js';
import { serviceContainer } from '../project/services.js';
import { composeIo } from '../project/session.js';

export const command: ComposeCommand = {
  name: 'exec',
  usage: '[OPTIONS] SERVICE COMMAND [ARGS...]',
  description: 'Execute a command in a running container',
  interspersed: false,
  minArgs: 2,
  flags: [
    { name: 'detach', short: 'd', type: 'bool', description: 'Detached mode: Run command in the background' },
    { name: 'env', short: 'e', type: 'list', description: 'Set environment variables' },
    { name: 'index', type: 'int', description: 'Index of the container if service has multiple replicas', default: 0 },
    { name: 'interactive', short: 'i', type: 'bool', description: 'Keep STDIN open even if not attached', default: true, hidden: true },
    { name: 'no-TTY', short: 'T', type: 'bool', description: 'Disable pseudo-TTY allocation. By default `docker compose exec` allocates a TTY.' },
    { name: 'privileged', type: 'bool', description: 'Give extended privileges to the process' },
    { name: 'tty', short: 't', type: 'bool', description: 'Allocate a pseudo-TTY', default: true, hidden: true },
    { name: 'user', short: 'u', type: 'string', description: 'Run the command as this user' },
    { name: 'workdir', short: 'w', type: 'string', description: 'Path to workdir directory for this command' },
  ],
  async run(ctx) {
    const { flags } = ctx;
    const [service = '', ...cmd] = ctx.args;
    const io = composeIo(ctx, await ctx.project([service]));
    const c = await serviceContainer(io, service, flags.int('index'));
    const detach = flags.bool('detach');
    // v2: a TTY unless -T, or when stdin is no terminal.
    const tty = !flags.bool('no-TTY') && flags.bool('tty') && ctx.stdin.isTTY === true && !detach;
    const argv = [
      ...(detach ? ['-d'] : flags.bool('interactive') ? ['-i'] : []),
      ...(tty ? ['-t'] : []),
      ...(flags.bool('privileged') ? ['--privileged'] : []),
      ...flags.list('env').flatMap((e) => ['-e', e]),
      ...(flags.string('user') ? ['-u', flags.string('user')] : []),
      ...(flags.string('workdir') ? ['-w', flags.string('workdir')] : []),
      c.id,
      ...cmd,
    ];
    return runDockerCommand(ctx, 'exec', argv);
  },
};

/** `compose run SERVICE [CMD…]`: a one-off container of the service, attached unless -d. */
import { startContainer } from '../../client/containers.js';
import type { ComposeCommand } from '../command.js';
import { runDockerCommand } from '../project/docker-command.js';
import { createOneoff } from '../project/run.js';
import { composeIo } from '../project/session.js';
import { pullMode } from './up.js';

/** `--entrypoint "sh -c"`: words as a shell splits them (quotes group, no expansion). */
function shellWords(s: string): string[] {
  const words: string[] = [];
  for (const m of s.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)) words.push(m[1]?.replace(/\\(.)/g, '$1') ?? m[2] ?? m[3]!);
  return words;
}

export const command: ComposeCommand = {
  name: 'run',
  usage: '[OPTIONS] SERVICE [COMMAND] [ARGS...]',
  description: 'Run a one-off command on a service',
  interspersed: false,
  minArgs: 1,
  flags: [
    { name: 'build', type: 'bool', description: 'Build image before starting container' },
    { name: 'detach', short: 'd', type: 'bool', description: 'Run container in background and print container ID' },
    { name: 'entrypoint', type: 'string', description: 'Override the entrypoint of the image' },
    { name: 'env', short: 'e', type: 'list', description: 'Set environment variables' },
    { name: 'interactive', short: 'i', type: 'bool', description: 'Keep STDIN open even if not attached', default: true },
    { name: 'label', short: 'l', type: 'list', description: 'Add or override a label' },
    { name: 'name', type: 'string', description: 'Assign a name to the container' },
    { name: 'no-TTY', short: 'T', type: 'bool', description: 'Disable pseudo-TTY allocation (default: auto-detected)' },
    { name: 'no-deps', type: 'bool', description: "Don't start linked services" },
    { name: 'publish', short: 'p', type: 'list', description: "Publish a container's port(s) to the host" },
    { name: 'pull', type: 'string', description: 'Pull image before running ("always"|"missing"|"never")', default: 'policy' },
    { name: 'quiet-pull', type: 'bool', description: 'Pull without printing progress information' },
    { name: 'remove-orphans', type: 'bool', description: 'Remove containers for services not defined in the Compose file' },
    { name: 'rm', type: 'bool', description: 'Automatically remove the container when it exits' },
    { name: 'service-ports', short: 'P', type: 'bool', description: "Run command with all service's ports enabled and mapped to the host" },
    { name: 'tty', short: 't', type: 'bool', description: 'Allocate a pseudo-TTY', default: true, hidden: true },
    { name: 'use-aliases', type: 'bool', description: "Use the service's network useAliases in the network(s) the container connects to" },
    { name: 'user', short: 'u', type: 'string', description: 'Run as specified username or uid' },
    { name: 'volume', short: 'v', type: 'list', description: 'Bind mount a volume' },
    { name: 'workdir', short: 'w', type: 'string', description: 'Working directory inside the container' },
  ],
  async run(ctx) {
    const { flags } = ctx;
    const [service = '', ...cmd] = ctx.args;
    const detach = flags.bool('detach');
    const interactive = flags.bool('interactive') && !detach;
    const tty = !flags.bool('no-TTY') && flags.bool('tty') && ctx.stdin.isTTY === true;
    const io = composeIo(ctx, await ctx.project([service]));
    let created;
    try {
      created = await createOneoff(io, {
        service,
        command: cmd,
        entrypoint: flags.changed('entrypoint') ? shellWords(flags.string('entrypoint')) : undefined,
        env: flags.list('env'),
        labels: flags.list('label'),
        volumes: flags.list('volume'),
        publish: flags.list('publish'),
        servicePorts: flags.bool('service-ports'),
        useAliases: flags.bool('use-aliases'),
        user: flags.string('user') || undefined,
        workdir: flags.string('workdir') || undefined,
        name: flags.string('name') || undefined,
        tty,
        interactive,
        rm: flags.bool('rm'),
        noDeps: flags.bool('no-deps'),
        build: flags.bool('build') ? 'always' : 'missing',
        pull: pullMode(flags.string('pull')),
      });
    } finally {
      io.progress.done();
    }
    if (detach) {
      await startContainer(ctx.client, created.id);
      ctx.stdout.write(`${created.name}\n`);
      return 0;
    }
    return runDockerCommand(ctx, 'start', ['-a', ...(interactive ? ['-i'] : []), created.id]);
  },
};

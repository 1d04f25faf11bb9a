/** `compose port SERVICE PRIVATE_PORT`: where the service's container publishes that port. */
import { inspectContainer } from '../../client/containers.js';
import { ComposeError, type ComposeCommand } from '../command.js';
import { serviceContainer } from '../project/services.js';
import { composeIo } from '../project/session.js';

export const command: ComposeCommand = {
  name: 'port',
  usage: '[OPTIONS] SERVICE PRIVATE_PORT',
  description: 'Print the public port for a port binding',
  minArgs: 2,
  maxArgs: 2,
  flags: [
    { name: 'index', type: 'int', description: 'Index of the container if service has multiple replicas', default: 0 },
    { name: 'protocol', type: 'string', description: 'tcp or udp', default: 'tcp' },
  ],
  async run(ctx) {
    const [service = '', port = ''] = ctx.args;
    const io = composeIo(ctx, await ctx.project([service]));
    const c = await serviceContainer(io, service, ctx.flags.int('index'));
    const key = `${port}/${ctx.flags.string('protocol')}`;
    const binding = (await inspectContainer(ctx.client, c.id)).NetworkSettings.Ports?.[key]?.[0];
    if (!binding) throw new ComposeError(`no port ${key} for container ${c.name}: port is not published`);
    ctx.stdout.write(`${binding.HostIp || '0.0.0.0'}:${binding.HostPort}\n`);
  },
};

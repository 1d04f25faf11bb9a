import type { PodNamespace } from '../../apitypes/pods.js';
import { createPod } from '../../client/pods.js';
import type { Command } from '../lib/command.js';
import { readLabels } from '../lib/kv.js';
import { parsePublish } from '../lib/ports.js';

export const command: Command = {
  name: 'create',
  usage: '[OPTIONS]',
  description: 'Create a pod: containers sharing one network, IPC and UTS namespace',
  maxArgs: 0,
  flags: [
    { name: 'add-host', type: 'list', description: 'Add a custom host-to-IP mapping (host:ip)' },
    { name: 'dns', type: 'list', description: 'Set custom DNS servers' },
    { name: 'hostname', type: 'string', description: "The pod's host name (default: its name)" },
    { name: 'label', short: 'l', type: 'list', description: 'Set meta data on a pod' },
    { name: 'label-file', type: 'list', description: 'Read in a line delimited file of labels' },
    { name: 'name', type: 'string', description: 'Assign a name to the pod' },
    { name: 'network', type: 'string', aliases: ['net'], description: "Connect the pod to a network (default \"bridge\")" },
    { name: 'publish', short: 'p', type: 'list', description: "Publish a pod's port(s) to the host" },
    { name: 'share', type: 'string', description: 'Namespaces to share: net, ipc, uts, pid (default "net,ipc,uts")' },
  ],
  async run(ctx, flags) {
    const { bindings } = parsePublish(flags.list('publish'));
    const share = flags.string('share');
    const r = await createPod(ctx.client, {
      Name: flags.string('name') || undefined,
      Labels: readLabels(flags.list('label-file'), flags.list('label')),
      Hostname: flags.string('hostname') || undefined,
      Network: flags.string('network') || undefined,
      PortBindings: bindings,
      ...(share ? { Share: share.split(',').map((s) => s.trim()) as PodNamespace[] } : {}),
      ExtraHosts: flags.list('add-host'),
      Dns: flags.list('dns'),
    });
    ctx.stdout.write(`${r.Id}\n`);
  },
};

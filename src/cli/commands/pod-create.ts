import type { PodNamespace } from '../../apitypes/pods.js';
import { createPod } from '../../client/pods.js';
import type { Command } from '../lib/command.js';
import { CONTAINER_FLAGS } from '../lib/container-flags.js';
import { readLabels } from '../lib/kv.js';
import { parsePublish } from '../lib/ports.js';

/** What a pod takes as `run` takes it: the infra container holds them for every member. */
const SHARED_FLAGS = ['add-host', 'dns', 'label', 'label-file', 'publish'];

export const command: Command = {
  name: 'create',
  usage: '[OPTIONS]',
  description: 'Create a pod: containers sharing one network, IPC and UTS namespace',
  maxArgs: 0,
  flags: [
    ...CONTAINER_FLAGS.filter((f) => SHARED_FLAGS.includes(f.name)),
    { name: 'hostname', type: 'string', description: "The pod's host name (default: its name)" },
    { name: 'name', type: 'string', description: 'Assign a name to the pod' },
    { name: 'network', type: 'string', aliases: ['net'], description: 'Connect the pod to a network (default "bridge")' },
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

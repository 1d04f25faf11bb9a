import type { Command } from '../lib/command.js';
import { parsePublish } from '../lib/ports.js';

export const command: Command = {
  name: 'play',
  usage: '[OPTIONS] KUBEFILE|-',
  description: 'Create pods, containers and volumes from Kubernetes YAML',
  minArgs: 1,
  maxArgs: 1,
  flags: [
    { name: 'configmap', type: 'list', description: 'Files of ConfigMaps the pods may use (repeatable or comma separated)' },
    { name: 'down', type: 'bool', description: 'Remove what an earlier play of the file created (as kube down)' },
    { name: 'network', type: 'string', aliases: ['net'], description: 'Connect the pods to a network (default "bridge")' },
    { name: 'publish', type: 'list', description: 'Publish a container port the file declares on the host, overriding its hostPort ([ip:][hostPort:]containerPort[/protocol])' },
    { name: 'replace', type: 'bool', description: 'Remove the pods an earlier play of the file created, then play it' },
    { name: 'start', type: 'bool', description: 'Start the pods after creating them', default: true },
  ],
  async run(ctx, flags, [file]) {
    const { kubeDown, kubePlay } = await import('../../kube/index.js');
    if (flags.bool('down')) return kubeDown(ctx, file!, { force: false });
    await kubePlay(ctx, file!, { start: flags.bool('start'), replace: flags.bool('replace'), configMaps: flags.list('configmap').flatMap((f) => f.split(',')), network: flags.string('network') || undefined, publish: parsePublish(flags.list('publish')).bindings });
  },
};

import { invalidArgument } from '../../errdefs/index.js';
import type { Command } from '../lib/command.js';

export const command: Command = {
  name: 'generate',
  usage: '[OPTIONS] CONTAINER|POD [CONTAINER|POD...]',
  description: 'Generate Kubernetes YAML from containers and pods',
  minArgs: 1,
  flags: [
    { name: 'filename', short: 'f', type: 'string', description: 'Write to a new file instead of standard output' },
    { name: 'replicas', short: 'r', type: 'int', description: 'Number of replicas of a Deployment (with --type deployment)', default: 1 },
    { name: 'service', short: 's', type: 'bool', description: 'Add a NodePort Service for the published ports' },
    { name: 'type', short: 't', type: 'string', description: 'Kind of workload: pod or deployment', default: 'pod' },
  ],
  async run(ctx, flags, refs) {
    const type = flags.string('type');
    if (type !== 'pod' && type !== 'deployment') throw invalidArgument(`invalid --type "${type}": must be pod or deployment`);
    const replicas = flags.int('replicas');
    if (replicas < 0) throw invalidArgument(`invalid --replicas ${replicas}: must not be negative`);
    const { kubeGenerate } = await import('../../kube/index.js');
    await kubeGenerate(ctx, refs, { type, replicas, service: flags.bool('service'), file: flags.string('filename') || undefined });
  },
};

import { invalidArgument } from '../../errdefs/index.js';
import type { Command } from '../lib/command.js';

const TYPES = ['pod', 'deployment', 'daemonset', 'job'] as const;
type GenType = (typeof TYPES)[number];
const isType = (t: string): t is GenType => (TYPES as readonly string[]).includes(t);

export const command: Command = {
  name: 'generate',
  usage: '[OPTIONS] CONTAINER|POD [CONTAINER|POD...] | --compose-project NAME',
  description: 'Generate Kubernetes YAML from containers, pods and compose projects',
  flags: [
    { name: 'compose-project', type: 'list', description: 'A project started by compose: a Deployment and a Service per service (repeatable)' },
    { name: 'filename', short: 'f', type: 'string', description: 'Write to a new file instead of standard output' },
    { name: 'replicas', short: 'r', type: 'int', description: 'Number of replicas of a Deployment, or completions of a Job', default: 1 },
    { name: 'service', short: 's', type: 'bool', description: 'Add a NodePort Service for the published ports' },
    { name: 'type', short: 't', type: 'string', description: 'Kind of workload: pod, deployment, daemonset or job', default: 'pod' },
  ],
  async run(ctx, flags, refs) {
    const type = flags.string('type');
    if (!isType(type)) throw invalidArgument(`invalid --type "${type}": must be pod, deployment, daemonset or job`);
    const replicas = flags.int('replicas');
    if (replicas < 0) throw invalidArgument(`invalid --replicas ${replicas}: must not be negative`);
    const composeProjects = flags.list('compose-project');
    if (refs.length === 0 && composeProjects.length === 0) throw invalidArgument("'kube generate' requires at least 1 argument or --compose-project");
    const { kubeGenerate } = await import('../../kube/index.js');
    await kubeGenerate(ctx, refs, { type, replicas, service: flags.bool('service'), composeProjects, file: flags.string('filename') || undefined });
  },
};

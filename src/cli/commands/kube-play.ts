import type { Command } from '../lib/command.js';

export const command: Command = {
  name: 'play',
  usage: '[OPTIONS] KUBEFILE|-',
  description: 'Create pods, containers and volumes from Kubernetes YAML',
  minArgs: 1,
  maxArgs: 1,
  flags: [{ name: 'start', type: 'bool', description: 'Start the pods after creating them', default: true }],
  async run(ctx, flags, [file]) {
    const { kubePlay } = await import('../../kube/index.js');
    await kubePlay(ctx, file!, { start: flags.bool('start') });
  },
};

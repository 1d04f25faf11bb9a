import type { Command } from '../lib/command.js';

export const command: Command = {
  name: 'play',
  usage: '[OPTIONS] KUBEFILE|-',
  description: 'Create pods, containers and volumes from Kubernetes YAML',
  minArgs: 1,
  maxArgs: 1,
  flags: [
    { name: 'replace', type: 'bool', description: 'Remove the pods an earlier play of the file created, then play it' },
    { name: 'start', type: 'bool', description: 'Start the pods after creating them', default: true },
  ],
  async run(ctx, flags, [file]) {
    const { kubePlay } = await import('../../kube/index.js');
    await kubePlay(ctx, file!, { start: flags.bool('start'), replace: flags.bool('replace') });
  },
};

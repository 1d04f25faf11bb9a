import type { Command } from '../lib/command.js';

export const command: Command = {
  name: 'down',
  usage: '[OPTIONS] KUBEFILE|-',
  description: 'Remove the pods a Kubernetes YAML file created with kube play',
  minArgs: 1,
  maxArgs: 1,
  flags: [{ name: 'force', type: 'bool', description: "Also remove the volumes of the file's PersistentVolumeClaims" }],
  async run(ctx, flags, [file]) {
    const { kubeDown } = await import('../../kube/index.js');
    await kubeDown(ctx, file!, { force: flags.bool('force') });
  },
};

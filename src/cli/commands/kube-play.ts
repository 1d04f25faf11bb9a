import type { Command } from '../lib/command.js';
import { parsePublish } from '../lib/ports.js';
import type { BuildMode, ImageBuilder } from '../../kube/index.js';

export const command: Command = {
  name: 'play',
  usage: '[OPTIONS] KUBEFILE|-',
  description: 'Create pods, containers and volumes from Kubernetes YAML',
  minArgs: 1,
  maxArgs: 1,
  flags: [
    { name: 'build', type: 'bool', description: 'Build images from directories named after them (with a Containerfile or Dockerfile), even if present; --build=false never builds (default: build missing ones)' },
    { name: 'configmap', type: 'list', description: 'Files of ConfigMaps the pods may use (repeatable or comma separated)' },
    { name: 'context-dir', type: 'string', description: 'Where --build looks for the images\' directories (default: the working directory)' },
    { name: 'down', type: 'bool', description: 'Remove what an earlier play of the file created (as kube down)' },
    { name: 'network', type: 'string', aliases: ['net'], description: 'Connect the pods to a network (default "bridge")' },
    { name: 'publish', type: 'list', description: 'Publish a container port the file declares on the host, overriding its hostPort ([ip:][hostPort:]containerPort[/protocol])' },
    { name: 'replace', type: 'bool', description: 'Remove the pods an earlier play of the file created, then play it' },
    { name: 'start', type: 'bool', description: 'Start the pods after creating them', default: true },
  ],
  async run(ctx, flags, [file]) {
    const { kubeDown, kubePlay } = await import('../../kube/index.js');
    if (flags.bool('down')) return kubeDown(ctx, file!, { force: false });
    const mode: BuildMode = !flags.changed('build') ? 'missing' : flags.bool('build') ? 'always' : 'never';
    // Built as `docker build DIR -t IMAGE` builds, progress on stderr: stdout is play's report.
    const builder: ImageBuilder = async (dir, dockerfile, tag) => {
      const [{ packDirectory }, { buildImage }, { displayJsonMessages }] = await Promise.all([import('../lib/build-context.js'), import('../../client/build.js'), import('../lib/progress.js')]);
      const packed = await packDirectory(dir, dockerfile, undefined);
      const res = await buildImage(ctx.client, packed.tar, { tags: [tag], dockerfile: packed.dockerfile, buildArgs: {}, labels: {}, noCache: false, quiet: false });
      await displayJsonMessages(res, ctx.stderr, {});
    };
    await kubePlay(ctx, file!, {
      start: flags.bool('start'),
      replace: flags.bool('replace'),
      configMaps: flags.list('configmap').flatMap((f) => f.split(',')),
      network: flags.string('network') || undefined,
      publish: parsePublish(flags.list('publish')).bindings,
      build: { mode, root: flags.string('context-dir') || process.cwd(), builder },
    });
  },
};

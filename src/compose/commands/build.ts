/** `compose build`: build the images of the services that have a build section. */
import type { ComposeCommand } from '../command.js';
import { buildServiceImage } from '../project/images.js';
import { selectServices } from '../project/io.js';
import { withIo } from '../project/session.js';

export const command: ComposeCommand = {
  name: 'build',
  usage: '[OPTIONS] [SERVICE...]',
  description: 'Build or rebuild services',
  flags: [
    { name: 'build-arg', type: 'list', description: 'Set build-time variables for services' },
    { name: 'no-cache', type: 'bool', description: 'Do not use cache when building the image' },
    { name: 'pull', type: 'bool', description: 'Always attempt to pull a newer version of the image' },
    { name: 'push', type: 'bool', description: 'Push service images' },
    { name: 'quiet', short: 'q', type: 'bool', description: "Don't print anything to STDOUT" },
    { name: 'with-dependencies', type: 'bool', description: 'Also build dependencies (transitively)' },
  ],
  async run(ctx) {
    const project = await ctx.project(ctx.args);
    const args = Object.fromEntries(ctx.flags.list('build-arg').map((a) => {
      const [k, ...v] = a.split('=');
      return [k!, v.length > 0 ? v.join('=') : (ctx.env[k!] ?? null)];
    }));
    const buildable = selectServices(project, ctx.args).filter((s) => s.build);
    const options = { noCache: ctx.flags.bool('no-cache'), quiet: ctx.flags.bool('quiet') };
    await withIo(ctx, project, (io) => Promise.all(buildable.map((s) => buildServiceImage(io, { ...s, build: { ...s.build!, args: { ...(s.build!.args ?? {}), ...args } } }, options))));
  },
};

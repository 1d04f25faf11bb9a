/** `compose watch`: `up` the services, then apply their develop.watch rules as files change, until Ctrl+C. */
import { ComposeError, type ComposeCommand, type ComposeContext } from '../command.js';
import { up } from '../project/convergence.js';
import type { ComposeIo } from '../project/io.js';
import { selectServices } from '../project/io.js';
import { withIo } from '../project/session.js';
import { watchedServices, watchServices } from '../project/watch.js';

/** Watches until the first Ctrl+C (or until `until` settles). */
export async function watchUntilInterrupted(ctx: ComposeContext, io: ComposeIo, names: readonly string[], until?: Promise<unknown>): Promise<void> {
  const services = watchedServices(selectServices(io.project, names));
  if (services.length === 0) throw new ComposeError('none of the selected services is configured for watch, consider setting a \'develop\' section');
  const stop = new AbortController();
  const onSigint = (): void => stop.abort();
  process.once('SIGINT', onSigint);
  void until?.finally(() => stop.abort());
  try {
    await watchServices(io, services, ctx.stdout, stop.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

export const command: ComposeCommand = {
  name: 'watch',
  usage: '[SERVICE...]',
  description: 'Watch build context for service and rebuild/refresh containers when files are updated',
  flags: [
    { name: 'no-up', type: 'bool', description: 'Do not build & start services before watching' },
    { name: 'prune', type: 'bool', description: 'Prune dangling images on rebuild', hidden: true },
    { name: 'quiet', type: 'bool', description: 'hide build output' },
  ],
  async run(ctx) {
    const project = await ctx.project(ctx.args);
    if (!ctx.flags.bool('no-up')) await withIo(ctx, project, (io) => up(io, { services: ctx.args }));
    await withIo(ctx, project, (io) => watchUntilInterrupted(ctx, io, ctx.args));
  },
};

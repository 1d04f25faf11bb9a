/** `compose up`: converge the project, then either return (-d, --wait) or follow its logs. */
import { ComposeError, type ComposeCommand, type ComposeContext } from '../command.js';
import { up, type RecreatePolicy } from '../project/convergence.js';
import type { BuildMode, PullMode } from '../project/images.js';
import type { ComposeIo } from '../project/io.js';
import { followProject } from '../project/attached.js';
import type { ObservedContainer } from '../project/observed.js';
import type { FlagDef } from '../../util/flags.js';
import { composeIo, logColours } from '../project/session.js';
import { waitUntilUp } from '../project/wait-up.js';
import { watchUntilInterrupted } from './watch.js';

export function scales(specs: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const spec of specs) {
    const [name, n] = spec.split('=');
    if (!name || n === undefined || !/^\d+$/.test(n)) throw new ComposeError(`invalid --scale value "${spec}": expected SERVICE=NUM`);
    out[name] = Number(n);
  }
  return out;
}

function incompatible(ctx: ComposeContext, a: string, b: string): void {
  if (ctx.flags.changed(a) && ctx.flags.changed(b) && ctx.flags.bool(a) && ctx.flags.bool(b)) throw new ComposeError(`--${a} and --${b} are incompatible options`);
}

export function recreatePolicy(ctx: ComposeContext): RecreatePolicy {
  incompatible(ctx, 'force-recreate', 'no-recreate');
  return ctx.flags.bool('force-recreate') ? 'force' : ctx.flags.bool('no-recreate') ? 'never' : 'diverged';
}

export function buildMode(ctx: ComposeContext): BuildMode {
  incompatible(ctx, 'build', 'no-build');
  return ctx.flags.bool('build') ? 'always' : ctx.flags.bool('no-build') ? 'never' : 'missing';
}

export function pullMode(value: string): PullMode {
  if (value === '' || value === 'policy') return 'policy';
  if (value === 'always' || value === 'missing' || value === 'never') return value;
  throw new ComposeError(`invalid --pull option "${value}"`);
}

export function timeoutFlag(ctx: ComposeContext): number | undefined {
  return ctx.flags.changed('timeout') ? ctx.flags.int('timeout') : undefined;
}

async function attached(ctx: ComposeContext, io: ComposeIo, containers: readonly ObservedContainer[], since: number): Promise<number> {
  const abort = ctx.flags.bool('abort-on-container-exit') || ctx.flags.bool('abort-on-container-failure') || ctx.flags.string('exit-code-from') !== '';
  // v2 follows the services named on the command line, their dependencies only when asked.
  const named = ctx.args.length > 0 && !ctx.flags.bool('attach-dependencies') ? ctx.args : [];
  const only = ctx.flags.list('attach').length > 0 ? ctx.flags.list('attach') : named;
  const skip = new Set(ctx.flags.list('no-attach'));
  const shown = containers.filter((c) => (only.length === 0 || only.includes(c.service)) && !skip.has(c.service) && io.project.services[c.service]?.attach !== false);
  return followProject(ctx, io, {
    containers: shown,
    since,
    abort: abort ? (ctx.flags.bool('abort-on-container-failure') ? 'failure' : 'exit') : undefined,
    exitCodeFrom: ctx.flags.string('exit-code-from') || undefined,
    timeout: timeoutFlag(ctx),
    colour: logColours(ctx),
    prefix: !ctx.flags.bool('no-log-prefix'),
    timestamps: ctx.flags.bool('timestamps'),
  });
}

/** The flags `create` shares with `up`: how containers are made, not how they run. */
export const CREATE_FLAGS: readonly FlagDef[] = [
  { name: 'build', type: 'bool', description: 'Build images before starting containers' },
  { name: 'force-recreate', type: 'bool', description: "Recreate containers even if their configuration and image haven't changed" },
  { name: 'no-build', type: 'bool', description: "Don't build an image, even if it's policy" },
  { name: 'no-recreate', type: 'bool', description: "If containers already exist, don't recreate them. Incompatible with --force-recreate." },
  { name: 'pull', type: 'string', description: 'Pull image before running ("always"|"missing"|"never")', default: 'policy' },
  { name: 'remove-orphans', type: 'bool', description: 'Remove containers for services not defined in the Compose file' },
  { name: 'scale', type: 'list', description: 'Scale SERVICE to NUM instances. Overrides the `scale` setting in the Compose file if present.' },
];

export const command: ComposeCommand = {
  name: 'up',
  usage: '[OPTIONS] [SERVICE...]',
  description: 'Create and start containers',
  flags: [
    ...CREATE_FLAGS,
    { name: 'abort-on-container-exit', type: 'bool', description: 'Stops all containers if any container was stopped. Incompatible with -d' },
    { name: 'abort-on-container-failure', type: 'bool', description: 'Stops all containers if any container exited with failure. Incompatible with -d' },
    { name: 'always-recreate-deps', type: 'bool', description: 'Recreate dependent containers. Incompatible with --no-recreate.' },
    { name: 'attach', type: 'list', description: 'Restrict attaching to the specified services. Incompatible with --attach-dependencies.' },
    { name: 'attach-dependencies', type: 'bool', description: 'Automatically attach to log output of dependent services' },
    { name: 'detach', short: 'd', type: 'bool', description: 'Detached mode: Run containers in the background' },
    { name: 'exit-code-from', type: 'string', description: 'Return the exit code of the selected service container. Implies --abort-on-container-exit' },
    { name: 'no-attach', type: 'list', description: "Do not attach (stream logs) to the specified services" },
    { name: 'no-color', type: 'bool', description: 'Produce monochrome output' },
    { name: 'no-deps', type: 'bool', description: "Don't start linked services" },
    { name: 'no-log-prefix', type: 'bool', description: "Don't print prefix in logs" },
    { name: 'no-start', type: 'bool', description: "Don't start the services after creating them" },
    { name: 'quiet-pull', type: 'bool', description: 'Pull without printing progress information' },
    { name: 'renew-anon-volumes', short: 'V', type: 'bool', description: 'Recreate anonymous volumes instead of retrieving data from the previous containers', hidden: true },
    { name: 'timeout', short: 't', type: 'int', description: 'Use this timeout in seconds for container shutdown when attached or when containers are already running' },
    { name: 'timestamps', type: 'bool', description: 'Show timestamps' },
    { name: 'wait', type: 'bool', description: 'Wait for services to be running|healthy. Implies detached mode.' },
    { name: 'wait-timeout', type: 'int', description: 'Maximum duration in seconds to wait for the project to be running|healthy' },
    { name: 'watch', short: 'w', type: 'bool', description: 'Watch source code and rebuild/refresh containers when files are updated.' },
  ],
  async run(ctx) {
    const { flags } = ctx;
    const wait = flags.bool('wait');
    const detach = flags.bool('detach') || wait;
    if (detach && (flags.bool('abort-on-container-exit') || flags.bool('abort-on-container-failure'))) throw new ComposeError('--abort-on-container-exit and --detach are incompatible options');
    if (flags.bool('no-start') && wait) throw new ComposeError('--no-start and --wait are incompatible options');
    const recreate = recreatePolicy(ctx);
    const build = buildMode(ctx);
    const pull = pullMode(flags.string('pull'));
    const scale = scales(flags.list('scale'));
    const project = await ctx.project(ctx.args);
    const exitFrom = flags.string('exit-code-from');
    if (exitFrom !== '' && !project.services[exitFrom]) throw new ComposeError(`no such service: ${exitFrom}`);
    const io = composeIo(ctx, project);
    const since = Date.now();
    let result;
    try {
      result = await up(io, {
        services: ctx.args,
        noDeps: flags.bool('no-deps'),
        recreate,
        recreateDeps: flags.bool('always-recreate-deps') ? 'force' : recreate === 'never' ? 'never' : 'diverged',
        scale,
        noStart: flags.bool('no-start'),
        removeOrphans: flags.bool('remove-orphans') || ctx.env.COMPOSE_REMOVE_ORPHANS === 'true',
        timeout: timeoutFlag(ctx),
        build,
        pull,
      });
      if (wait) await waitUntilUp(io, result.containers, flags.changed('wait-timeout') ? flags.int('wait-timeout') * 1000 : undefined);
    } finally {
      io.progress.done();
    }
    if (flags.bool('watch')) {
      if (detach) {
        await watchUntilInterrupted(ctx, io, ctx.args);
        return 0;
      }
      const following = attached(ctx, io, result.containers, since);
      await watchUntilInterrupted(ctx, io, ctx.args, following);
      return following;
    }
    if (detach || flags.bool('no-start')) return 0;
    return attached(ctx, io, result.containers, since);
  },
};

/** From a command's context to what the actions work with. */
import type { ComposeContext } from '../command.js';
import type { Project } from '../types.js';
import type { ComposeIo } from './io.js';
import { makeProgress, type ProgressMode } from './progress.js';

const MODES: readonly string[] = ['auto', 'tty', 'plain', 'quiet', 'json'];

export function progressMode(ctx: ComposeContext): ProgressMode {
  const mode = ctx.global.progress || ctx.env.COMPOSE_PROGRESS || 'auto';
  return (MODES.includes(mode) ? mode : 'auto') as ProgressMode;
}

export function composeIo(ctx: ComposeContext, project: Project, title?: string): ComposeIo {
  return {
    client: ctx.client,
    project,
    progress: makeProgress(progressMode(ctx), ctx.stderr, title),
    env: ctx.env,
    log: ctx.stderr,
    warn: (text) => ctx.stderr.write(`WARN[0000] ${text}\n`),
  };
}

/**
 * The project, or when no file can be read but `-p` names it, an empty one of
 * that name: v2's `down -p x`, `ps -p x`, `logs -p x` find everything by label.
 */
export async function projectOrName(ctx: ComposeContext, services: readonly string[] = []): Promise<Project> {
  try {
    return await ctx.project(services);
  } catch (err) {
    const name = ctx.loadOptions.projectName ?? ctx.env.COMPOSE_PROJECT_NAME;
    if (!name || services.length > 0) throw err;
    return {
      name: await ctx.projectName(),
      workingDir: ctx.loadOptions.cwd,
      configFiles: [],
      services: {},
      networks: {},
      volumes: {},
      secrets: {},
      configs: {},
      disabledServices: {},
      profiles: [],
      environment: {},
    };
  }
}

/** Runs an action with its progress block, closed (the terminal's last redraw) however it ends. */
export async function withIo<T>(ctx: ComposeContext, project: Project, action: (io: ComposeIo) => Promise<T>, title?: string): Promise<T> {
  const io = composeIo(ctx, project, title);
  try {
    return await action(io);
  } finally {
    io.progress.done();
  }
}

/** Coloured log prefixes: not with --no-color or --ansi never; on a terminal, or always with --ansi always. */
export function logColours(ctx: ComposeContext): boolean {
  return !ctx.flags.bool('no-color') && ctx.global.ansi !== 'never' && (ctx.global.ansi === 'always' || ctx.stdout.isTTY === true);
}

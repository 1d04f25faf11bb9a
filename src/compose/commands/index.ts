/**
 * The `compose` commands, loaded on demand (a `compose ps` loads only `ps`).
 * One line per command; help lists them in this order (alphabetical, as v2).
 */
import type { ComposeCommandModule } from '../command.js';

export interface ComposeEntry {
  name: string;
  aliases?: readonly string[];
  load: () => Promise<ComposeCommandModule>;
}

export const COMMANDS: readonly ComposeEntry[] = [
  { name: 'build', load: () => import('./build.js') },
  { name: 'config', aliases: ['convert'], load: () => import('./config.js') },
  { name: 'cp', load: () => import('./cp.js') },
  { name: 'create', load: () => import('./create.js') },
  { name: 'down', load: () => import('./down.js') },
  { name: 'events', load: () => import('./events.js') },
  { name: 'exec', load: () => import('./exec.js') },
  { name: 'images', load: () => import('./images.js') },
  { name: 'kill', load: () => import('./kill.js') },
  { name: 'logs', load: () => import('./logs.js') },
  { name: 'ls', load: () => import('./ls.js') },
  { name: 'pause', load: () => import('./pause.js') },
  { name: 'port', load: () => import('./port.js') },
  { name: 'ps', load: () => import('./ps.js') },
  { name: 'pull', load: () => import('./pull.js') },
  { name: 'push', load: () => import('./push.js') },
  { name: 'restart', load: () => import('./restart.js') },
  { name: 'rm', load: () => import('./rm.js') },
  { name: 'run', load: () => import('./run.js') },
  { name: 'scale', load: () => import('./scale.js') },
  { name: 'start', load: () => import('./start.js') },
  { name: 'stop', load: () => import('./stop.js') },
  { name: 'top', load: () => import('./top.js') },
  { name: 'unpause', load: () => import('./unpause.js') },
  { name: 'up', load: () => import('./up.js') },
  { name: 'version', load: () => import('./version.js') },
  { name: 'wait', load: () => import('./wait.js') },
  { name: 'watch', load: () => import('./watch.js') },
];

export function findCommand(name: string): ComposeEntry | undefined {
  return COMMANDS.find((c) => c.name === name || c.aliases?.includes(name));
}

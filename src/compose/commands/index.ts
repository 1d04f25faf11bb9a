/**
 * The `compose` commands, loaded on demand (a `compose ps` loads only `ps`).
 * One line per command; help lists them in this order (alphabetical, as v2).
 */
import type { ComposeCommandModule } from '../command.js';

export interface ComposeEntry {
  name: string;
  load: () => Promise<ComposeCommandModule>;
}

export const COMMANDS: readonly ComposeEntry[] = [
  { name: 'version', load: () => import('./version.js') },
];

export function findCommand(name: string): ComposeEntry | undefined {
  return COMMANDS.find((c) => c.name === name);
}

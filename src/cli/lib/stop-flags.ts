/** The flags stop and restart share, and the query they become. */
import type { FlagDef, Flags } from '../../util/flags.js';

export const STOP_FLAGS: readonly FlagDef[] = [
  { name: 'signal', short: 's', type: 'string', description: 'Signal to send to the container' },
  { name: 'timeout', short: 't', type: 'int', aliases: ['time'], description: 'Seconds to wait before killing the container' },
];

/** Only a given --timeout is sent: otherwise the container's own StopTimeout applies. */
export function stopOptions(flags: Flags): { signal?: string; timeout?: number } {
  return { signal: flags.string('signal') || undefined, timeout: flags.changed('timeout') ? flags.int('timeout') : undefined };
}

/** The stop timeout flag of `pod stop` and `pod restart`, and the query value it becomes. */
import type { FlagDef, Flags } from '../../util/flags.js';

export const POD_STOP_FLAGS: readonly FlagDef[] = [
  { name: 'time', short: 't', type: 'int', aliases: ['timeout'], description: 'Seconds to wait for each container to stop before killing it' },
];

/** Only a given --time is sent: otherwise each container's own StopTimeout applies. */
export function podStopTimeout(flags: Flags): number | undefined {
  return flags.changed('time') ? flags.int('time') : undefined;
}

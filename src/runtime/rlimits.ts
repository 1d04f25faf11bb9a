/**
 * --ulimit → OCI rlimits. Only what the user asked for is set, and never above
 * the daemon's own hard limit: the VM may lack CAP_SYS_RESOURCE, so runc
 * could not raise it and the container would fail to start with a vaguer error.
 */
import { invalidArgument } from '../errdefs/index.js';
import type { POSIXRlimit } from '../oci/runtime-spec.js';

const NAMES = ['as', 'core', 'cpu', 'data', 'fsize', 'locks', 'memlock', 'msgqueue', 'nice', 'nofile', 'nproc', 'rss', 'rtprio', 'rttime', 'sigpending', 'stack'];

export function ulimitsToRlimits(ulimits: ReadonlyArray<{ name: string; soft: number; hard: number }>, hostHard: Record<string, number>): POSIXRlimit[] {
  const byType = new Map<string, POSIXRlimit>();
  for (const u of ulimits) {
    const name = u.name.toLowerCase();
    if (!NAMES.includes(name)) throw invalidArgument(`invalid ulimit type: ${u.name}`);
    if (u.soft > u.hard) throw invalidArgument(`ulimit soft limit must be less than or equal to hard limit: ${u.soft} > ${u.hard}`);
    const type = 'RLIMIT_' + name.toUpperCase();
    // -1 is Docker's "unlimited"; anything above the host's ceiling cannot be granted.
    const hard = u.hard < 0 ? Infinity : u.hard;
    const ceiling = hostHard[type] ?? Infinity;
    if (hard > ceiling) {
      throw invalidArgument(`ulimit ${name}: hard limit ${u.hard < 0 ? 'unlimited' : u.hard} exceeds the daemon's hard limit ${ceiling}`);
    }
    const soft = u.soft < 0 ? hard : u.soft;
    byType.set(type, { type, hard: toWire(hard), soft: toWire(soft) });
  }
  return [...byType.values()];
}

/** RLIM_INFINITY as runc reads it (uint64 max does not fit a JS number exactly, but JSON 18446744073709551615 parses to it). */
function toWire(n: number): number {
  return n === Infinity ? 18446744073709551615 : n;
}

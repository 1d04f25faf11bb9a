/**
 * Linux capabilities as Docker grants them: a fixed default set, tweaked by
 * --cap-add/--cap-drop (with `ALL`), and for --privileged every capability
 * the daemon itself holds. Never more than the daemon's bounding set: asking
 * runc for a capability we lack makes the container fail to start.
 */
import { invalidArgument } from '../errdefs/index.js';
import type { LinuxCapabilities } from '../oci/runtime-spec.js';

/** Indexed by capability number (linux/capability.h). */
export const KNOWN_CAPABILITIES = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_DAC_READ_SEARCH',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_KILL',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETPCAP',
  'CAP_LINUX_IMMUTABLE',
  'CAP_NET_BIND_SERVICE',
  'CAP_NET_BROADCAST',
  'CAP_NET_ADMIN',
  'CAP_NET_RAW',
  'CAP_IPC_LOCK',
  'CAP_IPC_OWNER',
  'CAP_SYS_MODULE',
  'CAP_SYS_RAWIO',
  'CAP_SYS_CHROOT',
  'CAP_SYS_PTRACE',
  'CAP_SYS_PACCT',
  'CAP_SYS_ADMIN',
  'CAP_SYS_BOOT',
  'CAP_SYS_NICE',
  'CAP_SYS_RESOURCE',
  'CAP_SYS_TIME',
  'CAP_SYS_TTY_CONFIG',
  'CAP_MKNOD',
  'CAP_LEASE',
  'CAP_AUDIT_WRITE',
  'CAP_AUDIT_CONTROL',
  'CAP_SETFCAP',
  'CAP_MAC_OVERRIDE',
  'CAP_MAC_ADMIN',
  'CAP_SYSLOG',
  'CAP_WAKE_ALARM',
  'CAP_BLOCK_SUSPEND',
  'CAP_AUDIT_READ',
  'CAP_PERFMON',
  'CAP_BPF',
  'CAP_CHECKPOINT_RESTORE',
] as const;

/** moby's caps.DefaultCapabilities(). */
export const DEFAULT_CAPABILITIES: readonly string[] = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_FSETID',
  'CAP_FOWNER',
  'CAP_MKNOD',
  'CAP_NET_RAW',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETFCAP',
  'CAP_SETPCAP',
  'CAP_NET_BIND_SERVICE',
  'CAP_SYS_CHROOT',
  'CAP_KILL',
  'CAP_AUDIT_WRITE',
];

const KNOWN = new Set<string>(KNOWN_CAPABILITIES);

/** Names from a capability bit mask such as /proc/self/status CapBnd (hex). */
export function capabilitiesFromMask(hexMask: string): string[] {
  const mask = BigInt('0x' + hexMask.trim());
  return KNOWN_CAPABILITIES.filter((_, bit) => (mask >> BigInt(bit)) & 1n);
}

/** `net_admin`, `NET_ADMIN`, `CAP_NET_ADMIN` → `CAP_NET_ADMIN`; `all` → `ALL`. Throws on unknown names with Docker's message. */
export function normalizeCapabilities(names: readonly string[]): string[] {
  return names.map((raw) => {
    const upper = raw.trim().toUpperCase();
    if (upper === 'ALL') return 'ALL';
    const name = upper.startsWith('CAP_') ? upper : 'CAP_' + upper;
    if (!KNOWN.has(name)) throw invalidArgument(`unknown capability: "${name}"`);
    return name;
  });
}

/**
 * moby's caps.TweakCapabilities, with "all capabilities" meaning the daemon's
 * bounding set. Explicit additions the host cannot grant are dropped.
 */
export function effectiveCapabilityList(opts: {
  capAdd?: readonly string[];
  capDrop?: readonly string[];
  privileged?: boolean;
  hostCaps: readonly string[];
}): string[] {
  const host = new Set(opts.hostCaps);
  if (opts.privileged) return [...opts.hostCaps];
  const add = normalizeCapabilities(opts.capAdd ?? []);
  const drop = normalizeCapabilities(opts.capDrop ?? []);
  let caps: string[];
  if (add.includes('ALL')) caps = opts.hostCaps.filter((c) => !drop.includes(c));
  else if (drop.includes('ALL')) caps = add;
  else caps = [...DEFAULT_CAPABILITIES.filter((c) => !drop.includes(c)), ...add];
  return [...new Set(caps)].filter((c) => host.has(c));
}

/**
 * moby's oci.SetCapabilities: root gets the list as bounding, effective and
 * permitted; other users only as bounding, matching what execve would give.
 */
export function capabilitySets(caps: string[], uid: number): LinuxCapabilities {
  if (uid === 0) return { bounding: [...caps], effective: [...caps], permitted: [...caps] };
  return { bounding: [...caps] };
}

/**
 * System containers: whether a container runs systemd as PID 1 (Wharf's
 * `--systemd=true|false|always`, podman's switch), and what the engine
 * provides for it besides the spec (runtime/systemd-spec.ts): the stop
 * signal systemd halts on, a machine id of its own, a console.
 *
 * The mode comes from HostConfig.Systemd (Wharf's API extension) or, for
 * clients that cannot send it (the docker CLI), the `io.wharf.systemd` label.
 */
import { writeFile } from 'node:fs/promises';
import type { ContainerConfig, HostConfig } from '../../apitypes/containers.js';
import { invalidArgument } from '../../errdefs/index.js';
import { resolveInRoot, type SystemdInput } from '../../runtime/index.js';

export const SYSTEMD_LABEL = 'io.wharf.systemd';
/** systemd halts on SIGRTMIN+3 (SIGTERM only re-executes it). */
export const SYSTEMD_STOP_SIGNAL = 'SIGRTMIN+3';

const MODES = ['true', 'false', 'always'] as const;
type SystemdMode = (typeof MODES)[number];
const INIT_PATHS = new Set(['/sbin/init', '/usr/sbin/init', '/usr/local/sbin/init']);

function parseMode(raw: string, where: string): SystemdMode {
  const mode = MODES.find((m) => m === raw);
  if (!mode) throw invalidArgument(`invalid ${where} "${raw}": must be true, false or always`);
  return mode;
}

/** The mode a create asks for (400 on anything else); the HostConfig field wins over the label. */
export function systemdMode(hc: HostConfig, config: ContainerConfig): SystemdMode {
  if (hc.Systemd) return parseMode(hc.Systemd, 'systemd mode');
  const label = config.Labels?.[SYSTEMD_LABEL];
  return label ? parseMode(label, `${SYSTEMD_LABEL} label`) : 'true';
}

/** `true` switches on for an init (/sbin/init and the like, or any command named …systemd); `path` is the final argv[0]. */
export function isSystemContainer(hc: HostConfig, config: ContainerConfig, path: string): boolean {
  const mode = systemdMode(hc, config);
  return mode === 'always' || (mode === 'true' && (INIT_PATHS.has(path) || path.endsWith('systemd')));
}

/**
 * The machine id is the container id's first 128 bits (as podman's), written
 * into the container's own /etc at every start: each container is a machine
 * of its own, even from an image that carries an id, and keeps it across
 * restarts. Written rather than bind-mounted: systemd-machine-id-commit fails
 * on a machine id that is a mount point not on tmpfs, and needs
 * CAP_SYS_ADMIN to unmount one that is. A user's mount there wins.
 */
export async function systemdInput(rootfs: string, id: string, userMounted: boolean): Promise<SystemdInput> {
  const uuid = id.slice(0, 32);
  if (!userMounted) await writeFile(await resolveInRoot(rootfs, '/etc/machine-id'), `${uuid}\n`);
  return { uuid };
}

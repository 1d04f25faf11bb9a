/**
 * HostConfig.NetworkMode (and the pid/ipc/uts modes): what the user may ask
 * for, and the namespaces it means. Without a network service (engine tests)
 * `default`/`bridge` containers get a private namespace with loopback only.
 */
import { conflict, invalidArgument, notFound } from '../../errdefs/index.js';
import type { NetworkService } from '../../network/index.js';
import type { NamespaceMode } from '../../runtime/index.js';
import type { Container } from './container.js';
import type { ContainerStore } from './store.js';

export const CONTAINER_PREFIX = 'container:';

const NAMESPACE_WORD = { net: 'network', pid: 'PID', ipc: 'IPC', uts: 'UTS' } as const;

/** `container:<ref>` → `container:<id>` (Docker stores the id so renames do not break sharing); unknown networks are 404. */
export function normalizeNetworkMode(mode: string | undefined, store: ContainerStore, network?: NetworkService): string {
  const m = mode || 'default';
  if (m === 'default' || m === 'bridge' || m === 'host' || m === 'none') return m;
  if (m.startsWith(CONTAINER_PREFIX)) return CONTAINER_PREFIX + store.get(m.slice(CONTAINER_PREFIX.length)).id;
  if (network) {
    network.get(m); // not-found for an unknown network
    return m;
  }
  throw notFound(`network ${m} not found`);
}

/** `container:<ref>` for pid/ipc/uts modes: resolve the ref to an id, leave other modes alone. */
export function normalizeSharedMode(mode: string | undefined, store: ContainerStore): string | undefined {
  if (!mode?.startsWith(CONTAINER_PREFIX)) return mode;
  return CONTAINER_PREFIX + store.get(mode.slice(CONTAINER_PREFIX.length)).id;
}

/**
 * The container whose network `c` is on: the one its `container:<id>` mode joins (a pod's
 * infra), else `c` itself; undefined when the joined one is gone.
 */
export function networkOwner(store: ContainerStore, c: Container): Container | undefined {
  const mode = c.record.HostConfig.NetworkMode ?? '';
  return mode.startsWith(CONTAINER_PREFIX) ? store.find(mode.slice(CONTAINER_PREFIX.length)) : c;
}

/** The namespace a mode stands for at start time: another container's must be running. */
export function namespaceFor(mode: string | undefined, kind: 'net' | 'pid' | 'ipc' | 'uts', store: ContainerStore): NamespaceMode {
  if (mode === 'host') return { type: 'host' };
  if (mode?.startsWith(CONTAINER_PREFIX)) {
    const other = store.get(mode.slice(CONTAINER_PREFIX.length));
    if (!other.running) throw conflict(`cannot join ${NAMESPACE_WORD[kind]} of a non running container: ${other.id}`);
    const donorIpc = other.record.HostConfig.IpcMode;
    if (kind === 'ipc' && donorIpc !== 'shareable' && donorIpc !== 'host') {
      throw invalidArgument(`container ${other.id}: non-shareable IPC (hint: use IpcMode:shareable for the donor container)`);
    }
    return { type: 'path', path: `/proc/${other.record.State.Pid}/ns/${kind}` };
  }
  return { type: 'private' };
}

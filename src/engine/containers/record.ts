/**
 * What the engine keeps about a container, persisted as
 * `<dataRoot>/containers/<id>/config.json` on every change. Field names
 * follow Docker's inspect output so the record maps onto it directly.
 */
import type { ContainerConfig, ContainerState, ContainerStatus, EndpointSettings, HostConfig } from '../../apitypes/containers.js';
import type { Digest } from '../../util/digest.js';
import type { StoredMount } from './mounts.js';

/** Go's zero time, which Docker prints for "never". */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

/** The state a record keeps: inspect's without Status, which is derived (statusOf). */
export type PersistedState = Omit<ContainerState, 'Status'>;

export interface ContainerRecord {
  ID: string;
  /** RFC 3339 with sub-second precision. */
  Created: string;
  Path: string;
  Args: string[];
  /** Merged with the image's config. */
  Config: ContainerConfig;
  HostConfig: HostConfig;
  State: PersistedState;
  /** Image id the container was created from. */
  Image: Digest;
  /** With Docker's leading '/'. */
  Name: string;
  RestartCount: number;
  /** Set by stop/kill so restart policies (and daemon restarts) leave the container down. */
  HasBeenManuallyStopped: boolean;
  HasBeenStartedBefore: boolean;
  /** The snapshot holding the container's writable layer. */
  SnapshotKey: string;
  /** Parent snapshot (the image's top layer), for changes against it. */
  SnapshotParent?: string;
  LogPath: string;
  HostnamePath: string;
  HostsPath: string;
  ResolvConfPath: string;
  /** Binds, volumes and tmpfs mounts as resolved at create. */
  MountPoints?: StoredMount[];
  /** The networks the container joins and what was asked of each, by network name (engine/networks). */
  Networks?: Record<string, EndpointSettings>;
}

export function initialState(): PersistedState {
  return {
    Running: false,
    Paused: false,
    Restarting: false,
    OOMKilled: false,
    Dead: false,
    Pid: 0,
    ExitCode: 0,
    Error: '',
    StartedAt: ZERO_TIME,
    FinishedAt: ZERO_TIME,
  };
}

/** Docker's precedence: running (paused, restarting) → removing → dead → created → exited. */
export function statusOf(state: PersistedState, removing: boolean): ContainerStatus {
  if (state.Running) {
    if (state.Paused) return 'paused';
    if (state.Restarting) return 'restarting';
    return 'running';
  }
  if (removing) return 'removing';
  if (state.Dead) return 'dead';
  if (state.StartedAt === ZERO_TIME) return 'created';
  return 'exited';
}

export function wireState(state: PersistedState, removing: boolean): ContainerState {
  const out: ContainerState = {
    Status: statusOf(state, removing),
    Running: state.Running,
    Paused: state.Paused,
    Restarting: state.Restarting,
    OOMKilled: state.OOMKilled,
    Dead: state.Dead,
    Pid: state.Pid,
    ExitCode: state.ExitCode,
    Error: state.Error,
    StartedAt: state.StartedAt,
    FinishedAt: state.FinishedAt,
  };
  if (state.Health) out.Health = state.Health;
  if (state.Readiness) out.Readiness = state.Readiness;
  return out;
}

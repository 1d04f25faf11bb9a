/**
 * One container in memory: its persisted record plus what only lives while
 * the daemon runs (lifecycle lock, waiters, attached clients, the current
 * run, the rootfs lease, restart-policy state).
 */
import type { ContainerWaitResponse } from '../../apitypes/containers.js';
import type { WaitCondition } from '../types.js';
import { Mutex } from '../../util/lock.js';
import { statusOf, type ContainerRecord } from './record.js';
import { RootfsLease } from './rootfs-lease.js';
import type { ContainerRun, StdioListener } from './run.js';

interface Waiter {
  condition: WaitCondition;
  resolve(r: ContainerWaitResponse): void;
}

export class Container {
  /** Serialises lifecycle transitions (start, exit handling, pause, removal). Never held while waiting for a process. */
  readonly lock = new Mutex();
  /** Set and cleared through state.ts only. */
  removing = false;
  /** The run started (or re-adopted) and not yet ended; a late event of an earlier run finds another one here. */
  run?: ContainerRun;
  /** Users of the mounted rootfs: the run, and archive operations whether or not it runs. */
  readonly rootfs = new RootfsLease();
  /** Clients attached while no run was going (`docker run` attaches before start): the next run takes them. */
  readonly waitingListeners = new Set<StdioListener>();
  /** The user stopped or killed it: the next exit must not trigger the restart policy. */
  exitOnNext = false;
  restartBackoffMs = 0;
  restartTimer?: NodeJS.Timeout;
  private waiters: Waiter[] = [];

  constructor(public record: ContainerRecord) {}

  get id(): string {
    return this.record.ID;
  }

  get name(): string {
    return this.record.Name;
  }

  get status(): ReturnType<typeof statusOf> {
    return statusOf(this.record.State, this.removing);
  }

  get running(): boolean {
    return this.record.State.Running;
  }

  /** Waits for the condition; resolves at once when it already holds. */
  wait(condition: WaitCondition): Promise<ContainerWaitResponse> {
    if (condition === 'not-running' && !this.running) return Promise.resolve(this.waitResult());
    return new Promise((resolve) => this.waiters.push({ condition, resolve }));
  }

  waitResult(): ContainerWaitResponse {
    const error = this.record.State.Error;
    return { StatusCode: this.record.State.ExitCode, Error: error ? { Message: error } : null };
  }

  /** The process stopped (or is about to be restarted): wake not-running and next-exit waiters. */
  notifyStopped(): void {
    const result = this.waitResult();
    this.waiters = this.waiters.filter((w) => {
      if (w.condition === 'removed') return true;
      w.resolve(result);
      return false;
    });
  }

  /** The container is gone: wake everyone. A successful removal clears the error, as Docker's SetRemovalError(nil) does. */
  notifyRemoved(): void {
    const result = { StatusCode: this.record.State.ExitCode, Error: null };
    for (const w of this.waiters) w.resolve(result);
    this.waiters = [];
    for (const l of this.waitingListeners) l.finish();
    this.waitingListeners.clear();
  }

  /** Attach a stdio client: to the current run while the process runs, else for the next run. */
  addListener(l: StdioListener): void {
    (this.running && this.run ? this.run.listeners : this.waitingListeners).add(l);
  }

  removeListener(l: StdioListener): void {
    this.waitingListeners.delete(l);
    this.run?.listeners.delete(l);
  }

  cancelRestart(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
  }
}

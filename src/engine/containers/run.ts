/**
 * One run of a container: everything a start acquires (or a daemon restart
 * re-adopts) until the process is gone — the exit watch, the attached stdio
 * clients, the runc container, the rootfs lease, the volumes mounted for it,
 * the network sandbox, the health monitor, the bundle's spec — and the one
 * path that releases it all.
 *
 * The run is its own generation: an exit, probe or restart that belongs to
 * a run that is no longer the container's current one is ignored.
 *
 * Each step that acquires something registers how to release it (`hold`),
 * so this file needs nothing from the engine and the container can point at
 * its run without an import cycle.
 */
import { logger } from '../../util/logger.js';

const log = logger('engine');

/**
 * What a run holds, in release order: the runc container and the rootfs
 * mount go together (both are slow and independent), then volumes (they may
 * be mounted below the rootfs), then the network, then the bundle's spec
 * (its absence tells a restarted daemon that the run was cleaned up).
 */
export type RunHold = 'runtime' | 'rootfs' | 'volumes' | 'network' | 'bundle' | 'logs';
// The log keeper stops once conmon (gone with the runtime's delete) can cut no more.
const RELEASE_STAGES: RunHold[][] = [['runtime', 'rootfs'], ['volumes'], ['network'], ['bundle', 'logs']];

/**
 * Why the run ends. At an `exit` the network teardown runs in the
 * background (waiters and `--rm` need not pay for it); after a `failed`
 * start it is awaited, so the error returns with nothing left behind.
 */
export type RunEnd = 'exit' | 'failed';

type Release = (end: RunEnd) => Promise<void>;

/** A client of the process's stdio (attach.ts): connected by start between runtime create and start. */
export interface StdioListener {
  connect(): Promise<void>;
  /** Resolves once the connected session's output has drained. */
  readonly drained: Promise<void>;
  /** The run ended without this listener getting output (start failed, container removed). */
  finish(): void;
}

/** A health or readiness monitor of the run (health.ts). */
export interface RunMonitor {
  stop(): void;
}

export class ContainerRun {
  /** Aborted when the run ends, or when the daemon stops watching (shutdown). */
  readonly exitWatch = new AbortController();
  /** The netns the run's process joins, when the run has a sandbox of its own. */
  netnsPath?: string;
  /** Volume names mounted for this run, so its end unmounts exactly those. */
  readonly volumes = new Set<string>();
  health?: RunMonitor;
  readiness?: RunMonitor;
  /** A failing health check asked for a restart (HealthOnFailure `restart`): the exit restarts the container whatever its policy. */
  restartOnExit = false;
  /** Clients attached to this run's stdio; those that attached before the start join at its start. */
  readonly listeners = new Set<StdioListener>();
  private readonly holds = new Map<RunHold, Release>();
  private disposed?: Promise<void>;

  constructor(readonly containerId: string) {}

  /** Register what releases `what`; a second registration of the same hold is ignored (it is held once). */
  hold(what: RunHold, release: Release): void {
    if (!this.holds.has(what)) this.holds.set(what, release);
  }

  /** End every stdio client's stream (their output has drained, or never came). */
  finishListeners(): void {
    for (const l of this.listeners) l.finish();
    this.listeners.clear();
  }

  /**
   * Release everything, once (later calls share the first): stop the health
   * monitor and the exit watch, end the stdio clients, then each stage's holds. A release that fails
   * is logged and the rest still run: a half-released run is worse than a
   * leftover the next start or removal cleans.
   */
  dispose(end: RunEnd): Promise<void> {
    this.disposed ??= this.release(end);
    return this.disposed;
  }

  private async release(end: RunEnd): Promise<void> {
    this.health?.stop();
    this.readiness?.stop();
    this.exitWatch.abort();
    this.finishListeners();
    for (const stage of RELEASE_STAGES) {
      await Promise.all(
        stage.map(async (what) => {
          const release = this.holds.get(what);
          if (!release) return;
          this.holds.delete(what);
          await release(end).catch((err: unknown) => log.warn(`releasing the run's ${what} failed`, { id: this.containerId, error: String(err) }));
        }),
      );
    }
  }
}

/** Whatever has a current run: the container (container.ts imports this file, so it is named by shape). */
export interface RunOwner {
  run?: ContainerRun;
}

/** End the owner's current run, if any: it is no longer current (late events of it are ignored), then it is released. */
export async function endRun(owner: RunOwner, end: RunEnd): Promise<void> {
  const run = owner.run;
  if (!run) return;
  owner.run = undefined;
  await run.dispose(end);
}

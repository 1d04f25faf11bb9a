/**
 * Who uses a container's mounted rootfs: its run, and `docker cp`/export on a
 * stopped or running container. Counted, so the last user unmounts and a
 * copy during a run never unmounts under it; serialised, so a mount and an
 * unmount never race.
 */
import { Mutex } from '../../util/lock.js';

export class RootfsLease {
  private users = 0;
  private readonly lock = new Mutex();

  /** Count one user, mounting first when there was none. */
  acquire(mount: () => Promise<void>): Promise<void> {
    return this.lock.run(async () => {
      if (this.users === 0) await mount();
      this.users++;
    });
  }

  /** Drop one user, unmounting when it was the last. */
  release(unmount: () => Promise<void>): Promise<void> {
    return this.lock.run(async () => {
      if (this.users === 0) return;
      if (this.users === 1) await unmount();
      this.users--;
    });
  }

  /** Removal: unmount whatever users remain. */
  releaseAll(unmount: () => Promise<void>): Promise<void> {
    return this.lock.run(async () => {
      await unmount();
      this.users = 0;
    });
  }

  /** A run re-adopted after a daemon restart finds the rootfs mounted already: it is that run's. */
  adopt(): void {
    this.users = 1;
  }
}

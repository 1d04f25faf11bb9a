/**
 * Promise-chain locks: tasks on one key run one at a time, in call order; other
 * keys do not wait. A task's failure is its caller's, never the next task's.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const run = (): Promise<T> => task();
    const next = prev.then(run, run);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    // An idle key is forgotten, so a lock per container or upload does not grow without bound.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}

/** A FIFO async mutex: the one-key case of KeyedLock. */
export class Mutex {
  private readonly lock = new KeyedLock();

  run<T>(task: () => Promise<T>): Promise<T> {
    return this.lock.run('', task);
  }
}

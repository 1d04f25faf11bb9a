/** A push queue for the fake services, read as an async iterable; `returned` tells whether a consumer called return(). */
export class Queue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private ended = false;
  private wake: (() => void) | undefined;
  returned = false;

  push(item: T): void {
    if (this.ended) return;
    this.items.push(item);
    this.wake?.();
  }

  end(): void {
    this.ended = true;
    this.wake?.();
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: async (): Promise<IteratorResult<T>> => {
        for (;;) {
          const item = this.items.shift();
          if (item !== undefined) return { value: item, done: false };
          if (this.ended) return { value: undefined, done: true };
          await new Promise<void>((resolve) => (this.wake = resolve));
          this.wake = undefined;
        }
      },
      return: async (): Promise<IteratorResult<T>> => {
        this.returned = true;
        this.end();
        return { value: undefined, done: true };
      },
    };
  }
}

/**
 * Blob transfers run a few at a time, as Docker's transfer managers do (3
 * downloads, 5 uploads). After a failure nothing new starts, but transfers in
 * flight finish: a finished layer is in the store and a retried pull skips it.
 */

/**
 * Run `work` over `items` with at most `limit` at once. `onWaiting` is told of each
 * item that cannot start straight away (Docker's "Waiting"). Rejects with the first failure.
 */
export async function runLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>, onWaiting?: (item: T) => void): Promise<void> {
  for (const item of items.slice(limit)) onWaiting?.(item);
  let next = 0;
  let failure: { err: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (err) {
        failure ??= { err };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.err;
}

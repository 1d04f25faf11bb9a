import { isNotFound } from '../errdefs/index.js';

/** The value, or undefined where the daemon answers 404. */
export async function orUndefined<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

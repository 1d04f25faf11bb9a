/** A scratch directory for one test, removed afterwards, pass or fail. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';

export async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(tmpdir() + '/wharf-test-');
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * A worker thread of the bcrypt pool (bcrypt-pool.ts): bcryptjs is pure
 * JavaScript, so a compare here costs this thread, never the server's event loop.
 */
import { parentPort } from 'node:worker_threads';
import bcrypt from 'bcryptjs';

export interface CompareJob {
  password: string;
  hash: string;
}

parentPort?.on('message', (job: CompareJob) => {
  let ok = false;
  try {
    ok = bcrypt.compareSync(job.password, job.hash);
  } catch {
    // A malformed hash matches nothing; htpasswd.ts only lets well-formed ones through anyway.
  }
  parentPort?.postMessage(ok);
});

/** Reading a named file of a received context, which is untrusted: it may be a symlink, a fifo or a device. */
import { openRegularFile, secureJoin } from '../../archive/index.js';
import { errnoCode } from '../../errdefs/index.js';

/** A regular file of the context, or undefined when there is none of that name. */
export async function readContextFile(dir: string, name: string): Promise<string | undefined> {
  let fh;
  try {
    fh = await openRegularFile(await secureJoin(dir, name));
  } catch (err) {
    if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ENOTDIR') return undefined;
    throw err;
  }
  if (!fh) return undefined;
  try {
    return await fh.readFile('utf8');
  } finally {
    await fh.close();
  }
}

/**
 * Files in a bundle directory that runc and conmon read. config.json and
 * process.json are rewritten on every start and read once right away, so they
 * need atomic replacement (no torn read) but not durability: no fsync on the
 * hot path. conmon's ctl fifo carries terminal resizes.
 */
import { open, rename, rm, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { errnoCode, unavailable } from '../errdefs/index.js';

export async function replaceFile(path: string, data: string): Promise<void> {
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(tmp, data, { mode: 0o600 });
  try {
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/**
 * One line to conmon's control fifo (`<bundle>/ctl`): `1 <rows> <cols>` resizes
 * the terminal. Opened non-blocking so a dead conmon (no reader) fails fast
 * with ENXIO instead of hanging.
 */
export async function resizeViaCtl(ctlPath: string, size: { height: number; width: number }): Promise<void> {
  let fh;
  try {
    fh = await open(ctlPath, constants.O_WRONLY | constants.O_NONBLOCK);
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'ENXIO' || code === 'ENOENT') throw unavailable('cannot resize: the process is not running', err);
    throw err;
  }
  try {
    await fh.write(`1 ${Math.trunc(size.height)} ${Math.trunc(size.width)}\n`);
  } finally {
    await fh.close();
  }
}

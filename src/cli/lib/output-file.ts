/** Where save/export write a tar: the -o file (written whole, then renamed in), else stdout if it is not a terminal. */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { CommandContext } from './command.js';
import { StatusError } from './errors.js';

/** open() is only called once the destination is known to be usable. */
export async function writeArchive(ctx: CommandContext, open: () => Promise<NodeJS.ReadableStream>, output: string): Promise<void> {
  if (output === '') {
    if (ctx.stdout.isTTY) throw new StatusError(1, 'cowardly refusing to save to a terminal. Use the -o flag or redirect');
    await pipeline(await open(), ctx.stdout, { end: false });
    return;
  }
  const source = await open();
  // A partial file must never be mistaken for a finished archive.
  const tmp = join(dirname(output), `.${basename(output)}.${process.pid}.tmp`);
  try {
    await pipeline(source, createWriteStream(tmp));
    await rename(tmp, output);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

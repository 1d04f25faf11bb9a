/**
 * The client's terminal for interactive containers: raw mode on stdin (always
 * restored, even on a crash), its size, and following its size into the
 * container's TTY (initially and on every SIGWINCH).
 */
import type { CommandContext } from './command.js';
import { StatusError } from './errors.js';

/** docker refuses `-it` when stdin is not a terminal. */
export function checkTty(ctx: CommandContext, attachStdin: boolean, tty: boolean): void {
  if (attachStdin && tty && !ctx.stdin.isTTY) throw new StatusError(1, 'the input device is not a TTY');
}

/** Puts stdin in raw mode when it is a terminal; the returned function restores it (idempotent). */
export function makeRaw(stdin: NodeJS.ReadStream): () => void {
  if (!stdin.isTTY) return () => undefined;
  stdin.setRawMode(true);
  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    stdin.setRawMode(false);
    process.off('exit', restore);
  };
  process.on('exit', restore);
  return restore;
}

/** `[height, width]` of stdout when it is a terminal. */
export function consoleSize(stdout: NodeJS.WriteStream): [number, number] | undefined {
  return stdout.isTTY && stdout.rows > 0 ? [stdout.rows, stdout.columns] : undefined;
}

type Resize = (height: number, width: number) => Promise<void>;

/**
 * Sends the terminal size now and on every resize; returns the stop function.
 * The first resize is retried a few times: an exec's process may not exist yet.
 */
export function monitorTtySize(stdout: NodeJS.WriteStream, resize: Resize): () => void {
  if (!stdout.isTTY) return () => undefined;
  const send = (): Promise<void> => resize(stdout.rows, stdout.columns);
  void (async () => {
    for (let attempt = 1; attempt <= 10; attempt++) {
      try {
        await send();
        return;
      } catch {
        await new Promise((r) => setTimeout(r, attempt * 10));
      }
    }
  })();
  const onResize = (): void => {
    send().catch(() => undefined);
  };
  stdout.on('resize', onResize);
  return () => stdout.off('resize', onResize);
}

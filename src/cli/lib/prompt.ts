/** Answers typed at the terminal: docker's y/N confirmation and login's username and password prompts. */
import type { CommandContext } from './command.js';

/**
 * One line of stdin (a closed stdin ends it). With `hidden` on a terminal the
 * typing is not echoed, as docker's password prompt does.
 */
export function readLine(ctx: CommandContext, opts: { hidden?: boolean } = {}): Promise<string> {
  const raw = opts.hidden === true && ctx.stdin.isTTY === true;
  if (raw) ctx.stdin.setRawMode(true);
  return new Promise((resolve) => {
    let line = '';
    const onData = (chunk: Buffer): void => {
      line += chunk.toString('utf8');
      // In raw mode Enter arrives as \r and Ctrl-C as \x03 (no signal is raised).
      if (raw && line.includes('\x03')) process.kill(process.pid, 'SIGINT');
      if (/[\r\n]/.test(line)) done();
    };
    const done = (): void => {
      ctx.stdin.off('data', onData);
      ctx.stdin.off('end', done);
      ctx.stdin.pause();
      if (raw) {
        ctx.stdin.setRawMode(false);
        ctx.stdout.write('\n');
      }
      resolve(line.split(/\r?\n|\r/)[0] ?? '');
    };
    ctx.stdin.on('data', onData);
    ctx.stdin.on('end', done);
  });
}

/** True only for `y`/`Y` (an empty or closed stdin is "no"). */
export async function confirm(ctx: CommandContext, message: string): Promise<boolean> {
  ctx.stdout.write(`${message}\nAre you sure you want to continue? [y/N] `);
  return (await readLine(ctx)).trim().toLowerCase() === 'y';
}

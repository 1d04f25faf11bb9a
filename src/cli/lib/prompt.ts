/** docker's y/N confirmation for destructive commands (`prune` without --force). */
import type { CommandContext } from './command.js';

/** Reads one line from stdin; true only for `y`/`Y` (an empty or closed stdin is "no"). */
export async function confirm(ctx: CommandContext, message: string): Promise<boolean> {
  ctx.stdout.write(`${message}\nAre you sure you want to continue? [y/N] `);
  const answer = await new Promise<string>((resolve) => {
    let line = '';
    const onData = (chunk: Buffer): void => {
      line += chunk.toString('utf8');
      if (line.includes('\n')) done();
    };
    const done = (): void => {
      ctx.stdin.off('data', onData);
      ctx.stdin.off('end', done);
      ctx.stdin.pause();
      resolve(line.split('\n')[0]!.trim());
    };
    ctx.stdin.on('data', onData);
    ctx.stdin.on('end', done);
  });
  return answer.toLowerCase() === 'y';
}

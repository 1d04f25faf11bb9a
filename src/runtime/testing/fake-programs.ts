/**
 * What a process of the fake runtime does, read from its argv. The fake runs
 * nothing, so it understands only a few busybox commands, the ones the runtime
 * contract scenarios run on both runtimes; anything else is "not found", as
 * runc says of an executable missing from the image.
 */

/** The init Docker mounts for `--init` (tini): it forwards signals to the command. */
const INIT_PREFIX = ['/sbin/docker-init', '--'];

/** Signals whose default action ends a process (the rest are ignored or stop it). */
const TERMINATING = new Set([1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 29, 30, 31]);

export interface FakeProgram {
  /** Ends by itself this long after start; undefined = runs until a signal ends it. */
  exitAfterMs?: number;
  /** Its exit code when it ends by itself. */
  exitCode: number;
  /**
   * Whether default signal actions apply. The kernel gives a container's pid 1
   * no default actions, so `sleep` as pid 1 ignores SIGTERM (only SIGKILL ends
   * it); under `--init` the command is not pid 1 and tini forwards the signal.
   */
  defaultSignals: boolean;
  /** runc cannot start it: the executable is missing. */
  notFound?: string;
}

function parseCommand(args: string[]): Omit<FakeProgram, 'defaultSignals'> {
  const [cmd, ...rest] = args;
  switch (cmd) {
    case 'true':
      return { exitAfterMs: 0, exitCode: 0 };
    case 'false':
      return { exitAfterMs: 0, exitCode: 1 };
    case 'sleep': {
      const s = Number(rest[0]);
      if (rest.length === 1 && Number.isFinite(s) && s >= 0) return { exitAfterMs: s * 1000, exitCode: 0 };
      break;
    }
    case 'sh': {
      // `sh -c 'exit N'`: the one script the scenarios need.
      const m = rest[0] === '-c' && rest.length === 2 ? /^exit (\d+)$/.exec(rest[1] ?? '') : null;
      if (m) return { exitAfterMs: 0, exitCode: Number(m[1]) & 0xff };
      break;
    }
  }
  return { exitCode: 127, notFound: cmd ?? '' };
}

/** The behaviour of `args` (the OCI spec's process.args). */
export function programOf(args: string[]): FakeProgram {
  const init = INIT_PREFIX.every((a, i) => args[i] === a);
  return { ...parseCommand(init ? args.slice(INIT_PREFIX.length) : args), defaultSignals: init };
}

/** Does `signal` end the program? SIGKILL always does. */
export function endsProgram(p: FakeProgram, signal: number): boolean {
  return signal === 9 || (p.defaultSignals && TERMINATING.has(signal));
}

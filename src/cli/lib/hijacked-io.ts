/**
 * Moves a hijacked attach/exec connection's bytes: output to stdout (raw for a
 * TTY, demultiplexed to stdout/stderr otherwise); stdin to the daemon, with
 * the write side half-closed when stdin ends while output keeps flowing; on a
 * TTY the detach keys end the session instead of reaching the container.
 */
import type { Socket } from 'node:net';
import { Writable } from 'node:stream';
import { demuxStream } from '../../client/stdcopy.js';
import { errnoCode } from '../../errdefs/index.js';
import { EscapeDetector, parseDetachKeys, DEFAULT_DETACH_KEYS } from './detach-keys.js';
import { makeRaw } from './tty.js';

export interface HijackedStreams {
  tty: boolean;
  /** Absent when stdin is not attached. */
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  /** Detach keys as given by the user; the default when empty. */
  detachKeys?: string;
}

export type StreamEnd = 'ended' | 'detached';

/** How long a detach waits for typed input to leave before dropping the connection. */
const FLUSH_TIMEOUT_MS = 1000;

const discard = (): Writable => new Writable({ write: (_chunk, _enc, cb) => cb() });

async function copyOutput(socket: Socket, s: HijackedStreams): Promise<StreamEnd> {
  try {
    if (s.tty) {
      const out = s.stdout ?? discard();
      for await (const chunk of socket) {
        if (!out.write(chunk as Buffer)) await new Promise<void>((resolve) => out.once('drain', resolve));
      }
    } else {
      await demuxStream(socket, { stdout: s.stdout ?? discard(), stderr: s.stderr ?? discard() });
    }
  } catch (err) {
    // The daemon dropping the connection once the process is gone is an end;
    // a stream error reported by the daemon is not.
    if (errnoCode(err) === undefined) throw err;
  }
  return 'ended';
}

interface Input {
  ended: Promise<StreamEnd>;
  stop(): void;
}

function pumpStdin(socket: Socket, stdin: NodeJS.ReadStream, detector: EscapeDetector | undefined, onDetach: () => void): Input {
  let ended: (end: StreamEnd) => void = () => undefined;
  const done = new Promise<StreamEnd>((resolve) => (ended = resolve));
  const onData = (chunk: Buffer): void => {
    const { forward, detached } = detector ? detector.push(chunk) : { forward: chunk, detached: false };
    if (forward.length > 0 && socket.writable && !socket.write(forward)) {
      stdin.pause();
      socket.once('drain', () => stdin.resume());
    }
    if (detached) onDetach();
  };
  const onEnd = (): void => {
    if (socket.writable) socket.end();
    ended('ended');
  };
  stdin.on('data', onData);
  stdin.once('end', onEnd);
  stdin.resume();
  return {
    ended: done,
    stop: () => {
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      stdin.pause();
    },
  };
}

/**
 * Detaching closes the connection, but what was typed before the keys still
 * goes out first. (With a TTY the daemon keeps the container's stdin open when
 * an attach client goes away, as docker's does.)
 */
async function closeAfterFlush(socket: Socket): Promise<void> {
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, FLUSH_TIMEOUT_MS);
    socket.end(() => {
      clearTimeout(timer);
      resolve();
    });
  });
  socket.destroy();
}

/** Runs the session until the output ends (or, with no output, the input) or the user detaches. */
export async function streamHijacked(socket: Socket, s: HijackedStreams): Promise<StreamEnd> {
  socket.on('error', () => undefined);
  const interactive = s.stdin !== undefined && s.tty;
  const restore = interactive ? makeRaw(s.stdin!) : () => undefined;
  const detector = interactive ? new EscapeDetector(parseDetachKeys(s.detachKeys || DEFAULT_DETACH_KEYS)) : undefined;
  let detach: () => void = () => undefined;
  const detached = new Promise<StreamEnd>((resolve) => (detach = () => resolve('detached')));
  const output = s.stdout || s.stderr ? copyOutput(socket, s) : undefined;
  let input: Input | undefined;
  if (s.stdin) input = pumpStdin(socket, s.stdin, detector, detach);
  else socket.end();
  try {
    const end = await Promise.race([output ?? input?.ended ?? Promise.resolve<StreamEnd>('ended'), detached]);
    if (end === 'detached') await closeAfterFlush(socket);
    return end;
  } finally {
    input?.stop();
    restore();
  }
}

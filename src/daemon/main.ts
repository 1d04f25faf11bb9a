/**
 * wharfd's entry point: parse flags, then hand over to the composition root.
 * Exit codes: 0 after a clean shutdown, 1 when start-up fails, 125 on bad flags.
 */
import { isInvalidArgument } from '../errdefs/index.js';
import { logger, setLogLevel } from '../util/logger.js';
import { parseDaemonArgs, USAGE } from './flags.js';
import { startDaemon } from './daemon.js';
import { VERSION } from '../util/version.js';

const log = logger('daemon');

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseDaemonArgs(process.argv.slice(2));
  } catch (err) {
    if (!isInvalidArgument(err)) throw err;
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(125);
  }
  if (parsed.kind === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  if (parsed.kind === 'version') {
    process.stdout.write(`Wharf version ${VERSION}\n`);
    return;
  }
  setLogLevel(parsed.config.logLevel);
  const daemon = await startDaemon(parsed.config);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal} received: shutting down; containers keep running under conmon`);
    daemon.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error('shutdown failed', { error: String(err) });
        process.exit(1);
      },
    );
  };
  void daemon.resetDone.then(() => stop('reset'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  log.error(`failed to start daemon: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});

/**
 * `bin/docker-compose`, the docker CLI's compose plugin. The CLI runs it as
 * `docker-compose docker-cli-plugin-metadata` to learn what it is, and as
 * `docker-compose [DOCKER GLOBAL FLAGS] compose …` to run it: the CLI passes
 * its own argv on, global flags (`-H`, `--context`, …) included.
 */
import { VERSION } from '../util/version.js';
import { FlagError, parseFlags, type FlagDef } from '../util/flags.js';
import { composeMain } from './main.js';

const METADATA = { SchemaVersion: '0.1.0', Vendor: 'Wharf', Version: VERSION, ShortDescription: 'Docker Compose' };

/** The docker CLI's global flags that may precede the plugin's name. */
const DOCKER_GLOBAL_FLAGS: readonly FlagDef[] = [
  { name: 'host', short: 'H', type: 'list', description: 'Daemon socket to connect to' },
  { name: 'context', short: 'c', type: 'string', description: 'Name of the context to use' },
  { name: 'config', type: 'string', description: 'Location of client config files' },
  { name: 'debug', short: 'D', type: 'bool', description: 'Enable debug mode' },
  { name: 'log-level', short: 'l', type: 'string', description: 'Set the logging level' },
  { name: 'tls', type: 'bool', description: 'Use TLS' },
  { name: 'tlsverify', type: 'bool', description: 'Use TLS and verify the remote' },
  { name: 'tlscacert', type: 'string', description: 'Trust certs signed only by this CA' },
  { name: 'tlscert', type: 'string', description: 'Path to TLS certificate file' },
  { name: 'tlskey', type: 'string', description: 'Path to TLS key file' },
];

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'docker-cli-plugin-metadata') {
    process.stdout.write(`${JSON.stringify(METADATA, null, 2)}\n`);
    return 0;
  }
  let parsed;
  try {
    parsed = parseFlags(argv, DOCKER_GLOBAL_FLAGS, { interspersed: false });
  } catch (err) {
    if (err instanceof FlagError) {
      process.stderr.write(`${err.message}\n`);
      return 125;
    }
    throw err;
  }
  const [name, ...rest] = parsed.args;
  // Run directly (not by the CLI), the program is compose itself.
  const args = name === 'compose' ? rest : parsed.args;
  const hosts = parsed.flags.list('host');
  return composeMain(args, { bin: 'docker compose', host: hosts[hosts.length - 1] });
}

main(process.argv.slice(2)).then(
  (code) => process.stdout.write('', () => process.exit(code)),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);

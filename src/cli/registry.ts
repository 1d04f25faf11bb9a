/**
 * `wharf registry serve|gc`: the registry server runs in this process, on its
 * own, with no daemon; its flags are the server's own (see distribution/server/cli.ts).
 */
const HELP = `Usage:  wharf registry COMMAND

Run an OCI distribution registry (no daemon needed)

Commands:
  serve       Serve a registry from a storage directory
  gc          Remove blobs no manifest references

Run 'wharf registry COMMAND --help' for more information on a command.
`;

export async function registryMain(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  // Loaded only here, so other commands do not pay for the server's code.
  const server = await import('../distribution/server/index.js');
  if (sub === 'serve') return server.serveRegistry(rest);
  if (sub === 'gc') return server.gcRegistry(rest);
  if (sub === undefined || sub === '--help' || sub === '-h') {
    process.stdout.write(HELP);
    return 0;
  }
  process.stderr.write(`wharf: unknown command: wharf registry ${sub}\n\n${HELP}`);
  return 1;
}

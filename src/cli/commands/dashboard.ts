import { readFile } from 'node:fs/promises';
import type { Command } from '../lib/command.js';

/** Resolves at the first SIGINT or SIGTERM. */
function interrupted(): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}

export const command: Command = {
  name: 'dashboard',
  usage: '[OPTIONS]',
  description: 'Serve a live web dashboard for the daemon',
  maxArgs: 0,
  flags: [
    { name: 'addr', type: 'string', description: 'Address to serve on (loopback unless TLS is given)', default: '127.0.0.1:0' },
    { name: 'tlscert', type: 'string', description: 'Path to a PEM certificate: serve HTTPS' },
    { name: 'tlskey', type: 'string', description: 'Path to the PEM key of --tlscert' },
  ],
  async run(ctx, flags) {
    const certPath = flags.string('tlscert');
    const keyPath = flags.string('tlskey');
    if ((certPath === '') !== (keyPath === '')) throw new Error('--tlscert and --tlskey go together');
    const tls = certPath === '' ? undefined : { cert: await readFile(certPath), key: await readFile(keyPath) };
    // Loaded only here: no other command pays for the server.
    const { startDashboard } = await import('../../dashboard/server/index.js');
    const dashboard = await startDashboard({ client: ctx.client, addr: flags.string('addr'), tls });
    ctx.stdout.write(`${dashboard.url}\n`);
    await interrupted();
    await dashboard.close();
    return 0;
  },
};

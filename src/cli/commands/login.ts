import { buffer } from 'node:stream/consumers';
import { join } from 'node:path';
import type { AuthConfig } from '../../apitypes/registry.js';
import { login } from '../../client/distribution.js';
import { DOCKER_HUB_AUTH_KEY, domainOfServerAddress, storeDockerCredentials } from '../../distribution/client/cli-entry.js';
import { invalidArgument } from '../../errdefs/index.js';
import type { Command, CommandContext } from '../lib/command.js';
import { readLine } from '../lib/prompt.js';
import { authForDomain, configDir } from '../lib/registry-auth.js';

async function prompt(ctx: CommandContext, label: string, opts: { hidden?: boolean } = {}): Promise<string> {
  ctx.stdout.write(label);
  return readLine(ctx, opts);
}

export const command: Command = {
  name: 'login',
  usage: '[OPTIONS] [SERVER]',
  description: 'Log in to a registry.\nIf no server is specified, the default is defined by the daemon.',
  minArgs: 0,
  maxArgs: 1,
  flags: [
    { name: 'password', short: 'p', type: 'string', description: 'Password' },
    { name: 'password-stdin', type: 'bool', description: 'Take the password from stdin' },
    { name: 'username', short: 'u', type: 'string', description: 'Username' },
  ],
  async run(ctx, flags, [server = '']) {
    let username = flags.string('username').trim();
    let password = flags.string('password');
    const fromStdin = flags.bool('password-stdin');
    if (password !== '') {
      ctx.stderr.write('WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n');
      if (fromStdin) throw invalidArgument('--password and --password-stdin are mutually exclusive');
    }
    if (fromStdin) {
      if (username === '') throw invalidArgument('Must provide --username with --password-stdin');
      password = (await buffer(ctx.stdin)).toString('utf8').replace(/\r?\n$/, '');
    }
    const domain = domainOfServerAddress(server);
    const serveraddress = server === '' ? DOCKER_HUB_AUTH_KEY : server;
    let auth: AuthConfig;
    const stored = username === '' && password === '' ? await authForDomain(ctx.env, domain) : undefined;
    if (stored) {
      ctx.stdout.write('Authenticating with existing credentials...\n');
      auth = { ...stored, serveraddress };
    } else {
      if (username === '') username = (await prompt(ctx, 'Username: ')).trim();
      if (username === '') throw invalidArgument('Error: Non-null Username Required');
      if (password === '') password = await prompt(ctx, 'Password: ', { hidden: true });
      if (password === '') throw invalidArgument('Error: Password Required');
      auth = { username, password, serveraddress };
    }
    const res = await login(ctx.client, auth);
    const dir = configDir(ctx.env);
    const token = res.IdentityToken || undefined;
    await storeDockerCredentials(serveraddress, { username: auth.username, password: token ? undefined : auth.password, identityToken: token }, dir);
    if (!token) ctx.stderr.write(`WARNING! Your password will be stored unencrypted in ${join(dir, 'config.json')}.\n\n`);
    ctx.stdout.write('Login Succeeded\n');
  },
};

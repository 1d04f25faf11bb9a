import { arch, platform } from 'node:os';
import type { VersionResponse } from '../../apitypes/system.js';
import { MAX_API_VERSION } from '../../client/client.js';
import { systemVersion } from '../../client/system.js';
import { renderOne } from '../format/formatter.js';
import type { Command } from '../lib/command.js';
import { errorText, StatusError } from '../lib/errors.js';
import { INSPECT_FORMAT_FLAG } from '../lib/inspect.js';
import { reportTemplate } from '../lib/report-format.js';
import { clientVersion } from '../lib/version.js';

const goArch = (): string => ({ x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386' })[arch() as string] ?? arch();

interface ClientVersion {
  Platform: { Name: string };
  Version: string;
  ApiVersion: string;
  DefaultAPIVersion: string;
  NodeVersion: string;
  /** What runs the CLI: `Bun 1.4.5` or `Node.js v20.…`. */
  Runtime: string;
  Os: string;
  Arch: string;
  Context: string;
}

/** docker lines values up at column 20 whatever the indent. */
const line = (indent: string, key: string, value: string | number | boolean | undefined): string => `${`${indent}${key}:`.padEnd(20)}${value ?? ''}\n`;

function clientText(c: ClientVersion): string {
  return (
    'Client:\n' +
    line(' ', 'Version', c.Version) +
    line(' ', 'API version', c.ApiVersion) +
    line(' ', 'Runtime', c.Runtime) +
    line(' ', 'OS/Arch', `${c.Os}/${c.Arch}`) +
    line(' ', 'Context', c.Context)
  );
}

function serverText(s: VersionResponse): string {
  let out = `\nServer:${s.Platform?.Name ? ` ${s.Platform.Name}` : ''}\n`;
  const components = s.Components?.length ? s.Components : [{ Name: 'Engine', Version: s.Version, Details: {} as Record<string, string> }];
  for (const comp of components) {
    out += ` ${comp.Name}:\n`;
    if (comp.Name === 'Engine') {
      out += line('  ', 'Version', s.Version);
      out += line('  ', 'API version', `${s.ApiVersion} (minimum version ${s.MinAPIVersion})`);
      out += line('  ', 'Git commit', s.GitCommit);
      out += line('  ', 'Built', s.BuildTime);
      out += line('  ', 'OS/Arch', `${s.Os}/${s.Arch}`);
      out += line('  ', 'Kernel version', s.KernelVersion);
      continue;
    }
    out += line('  ', 'Version', comp.Version);
    for (const [k, v] of Object.entries(comp.Details ?? {})) out += line('  ', k, v);
  }
  return out;
}

export const command: Command = {
  name: 'version',
  usage: '[OPTIONS]',
  description: 'Show the Wharf version information',
  maxArgs: 0,
  flags: [INSPECT_FORMAT_FLAG],
  async run(ctx, flags) {
    const tmpl = reportTemplate(flags);
    let server: VersionResponse | undefined;
    let failure: unknown;
    let apiVersion = MAX_API_VERSION;
    try {
      apiVersion = await ctx.client.apiVersion();
      server = await systemVersion(ctx.client);
    } catch (err) {
      failure = err;
    }
    const client: ClientVersion = {
      Platform: { Name: 'Wharf' },
      Version: clientVersion(),
      ApiVersion: apiVersion,
      DefaultAPIVersion: MAX_API_VERSION,
      NodeVersion: process.version,
      // Under Bun, process.version is the Node version Bun is compatible with, not what runs.
      Runtime: process.versions.bun ? `Bun ${process.versions.bun}` : `Node.js ${process.version}`,
      Os: platform(),
      Arch: goArch(),
      Context: 'default',
    };
    if (tmpl) ctx.stdout.write(renderOne(tmpl, { Client: client, Server: server ?? null }));
    else ctx.stdout.write(clientText(client) + (server ? serverText(server) : ''));
    if (failure) throw new StatusError(1, errorText(failure));
  },
};

/**
 * Command-line entry points, for `wharf registry serve` and `wharf registry gc`
 * (or any other launcher): parse flags, run, return an exit code.
 */
import { readFile } from 'node:fs/promises';
import { isWharfError } from '../../errdefs/index.js';
import { DEFAULT_FAILURES_PER_MINUTE, DEFAULT_TOKEN_SERVICE, type RegistryAuthOptions } from './auth/setup.js';
import { createRegistryServer, type RegistryServerOptions } from './server.js';
import { gc } from './storage/gc.js';

export const SERVE_USAGE = `Usage:  wharf registry serve --root DIR [OPTIONS]

Run an OCI distribution registry

Options:
      --addr string           Address to listen on (default "127.0.0.1:5000")
      --root string           Directory holding the registry's storage (required)
      --htpasswd string       htpasswd file (bcrypt entries): require HTTP basic auth
      --access string         JSON access config: which user may pull/push/delete where
      --auth-failure-limit int  Failed logins per client address and user in a minute
                              before 429 (default ${DEFAULT_FAILURES_PER_MINUTE}; 4x that across users); 0: no limit
      --token-realm string    Use bearer tokens; "self" serves them at /token on this server
      --token-service string  Service name tokens are issued for (default "${DEFAULT_TOKEN_SERVICE}")
      --token-secret-file string  File holding the HMAC key for tokens (default: random per run)
      --token-ttl int         Token lifetime in seconds (default 300)
      --tls-cert string       PEM certificate: serve HTTPS
      --tls-key string        PEM private key for --tls-cert
      --read-only             Refuse pushes and deletes
      --rate-limit int        Requests per second per client (burst twice that); 0: unlimited
  -h, --help                  Print usage
`;

export const GC_USAGE = `Usage:  wharf registry gc --root DIR [OPTIONS]

Remove blobs no manifest references

Options:
      --root string           Directory holding the registry's storage (required)
      --dry-run               Only report what would be removed
      --grace-period int      Keep blobs written in the last N seconds (default 3600)
  -h, --help                  Print usage
`;

class UsageError extends Error {}

type Flags = Map<string, string | true>;

function parseFlags(argv: string[], valued: string[], booleans: string[]): Flags | 'help' {
  const flags: Flags = new Map();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '-h' || arg === '--help') return 'help';
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (booleans.includes(name)) {
      flags.set(name, true);
    } else if (valued.includes(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`flag needs an argument: ${name}`);
      flags.set(name, value);
    } else {
      throw new UsageError(`unknown flag: ${arg}`);
    }
  }
  return flags;
}

function str(flags: Flags, name: string): string | undefined {
  const v = flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

function int(flags: Flags, name: string, fallback: number): number {
  const v = str(flags, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`invalid value ${JSON.stringify(v)} for ${name}: expected a non-negative integer`);
  return n;
}

async function serveOptions(flags: Flags): Promise<RegistryServerOptions> {
  const root = str(flags, '--root');
  if (!root) throw new UsageError('--root is required');
  const htpasswd = str(flags, '--htpasswd');
  const realm = str(flags, '--token-realm');
  if (realm !== undefined && !htpasswd) throw new UsageError('--token-realm needs --htpasswd to check credentials');
  const [cert, key] = [str(flags, '--tls-cert'), str(flags, '--tls-key')];
  if ((cert === undefined) !== (key === undefined)) throw new UsageError('--tls-cert and --tls-key go together');
  let auth: RegistryAuthOptions | undefined;
  if (htpasswd) {
    const secretFile = str(flags, '--token-secret-file');
    auth = {
      htpasswd,
      access: str(flags, '--access'),
      failuresPerMinute: int(flags, '--auth-failure-limit', DEFAULT_FAILURES_PER_MINUTE),
      token: realm === undefined ? undefined : {
        realm,
        service: str(flags, '--token-service'),
        secret: secretFile ? await readFile(secretFile) : undefined,
        ttlSeconds: int(flags, '--token-ttl', 300),
      },
    };
  }
  const rate = int(flags, '--rate-limit', 0);
  return {
    root,
    addr: str(flags, '--addr') ?? '127.0.0.1:5000',
    auth,
    tls: cert && key ? { cert: await readFile(cert), key: await readFile(key) } : undefined,
    readOnly: flags.get('--read-only') === true,
    rateLimit: rate > 0 ? { requestsPerSecond: rate, burst: rate * 2 } : undefined,
  };
}

async function run(usage: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n\n${usage}`);
      return 125;
    }
    process.stderr.write(`${isWharfError(err) || err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

/** `wharf registry serve …`: serves until SIGINT or SIGTERM, then returns 0. */
export function serveRegistry(argv: string[]): Promise<number> {
  return run(SERVE_USAGE, async () => {
    const flags = parseFlags(argv, ['--addr', '--root', '--htpasswd', '--access', '--auth-failure-limit', '--token-realm', '--token-service', '--token-secret-file', '--token-ttl', '--tls-cert', '--tls-key', '--rate-limit'], ['--read-only']);
    if (flags === 'help') {
      process.stdout.write(SERVE_USAGE);
      return 0;
    }
    const server = await createRegistryServer(await serveOptions(flags));
    process.stdout.write(`registry listening on ${server.url}\n`);
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await server.close();
    return 0;
  });
}

/** `wharf registry gc …`: prints what was (or would be) removed. */
export function gcRegistry(argv: string[]): Promise<number> {
  return run(GC_USAGE, async () => {
    const flags = parseFlags(argv, ['--root', '--grace-period'], ['--dry-run']);
    if (flags === 'help') {
      process.stdout.write(GC_USAGE);
      return 0;
    }
    const root = str(flags, '--root');
    if (!root) throw new UsageError('--root is required');
    const report = await gc(root, { dryRun: flags.get('--dry-run') === true, gracePeriodMs: int(flags, '--grace-period', 3600) * 1000 });
    const verb = report.dryRun ? 'would remove' : 'removed';
    for (const d of report.deleted) process.stdout.write(`${verb} blob ${d}\n`);
    for (const u of report.uploadsRemoved) process.stdout.write(`${verb} upload ${u}\n`);
    process.stdout.write(`${report.marked} blobs in use, ${report.deleted.length} blobs (${report.freedBytes} bytes) ${verb}\n`);
    return 0;
  });
}

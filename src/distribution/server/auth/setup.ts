/** Turning the server's auth options into an authorizer (and, for bearer auth, the token issuer behind /token). */
import { randomBytes } from 'node:crypto';
import { AccessPolicy, type AccessConfig } from './access.js';
import { BasicAuthorizer, openAuthorizer, TokenAuthorizer, type Authorizer } from './authorizer.js';
import { BcryptPool } from './bcrypt-pool.js';
import { Htpasswd } from './htpasswd.js';
import { PasswordChecker } from './password-check.js';
import { TokenIssuer } from './token-issuer.js';

export interface TokenAuthOptions {
  /** The realm clients are sent to for tokens: a URL, or 'self' for this server's own /token. */
  realm: string;
  service?: string;
  /** HMAC key; random when absent, so tokens do not outlive the process. */
  secret?: Buffer;
  issuer?: string;
  ttlSeconds?: number;
}

export interface RegistryAuthOptions {
  /** An htpasswd file's path, or one already loaded. */
  htpasswd: string | Htpasswd;
  /** Who may do what (see access.ts); a path to a JSON file, a config, or a policy. */
  access?: string | AccessConfig | AccessPolicy;
  /** Realm of the Basic challenge. */
  realm?: string;
  /** Present: bearer tokens (Docker's token protocol). Absent: HTTP basic on every request. */
  token?: TokenAuthOptions;
  /** Failed logins per client address and user in a minute before 429 (default 5); 0: no limit. See failure-limit.ts. */
  failuresPerMinute?: number;
}

export const DEFAULT_TOKEN_SERVICE = 'wharf-registry';
export const DEFAULT_FAILURES_PER_MINUTE = 5;

export interface AuthSetup {
  authorizer: Authorizer;
  tokens?: TokenIssuer;
  /** Stops the password-checking workers. */
  close(): Promise<void>;
}

async function policyOf(access: RegistryAuthOptions['access']): Promise<AccessPolicy> {
  if (access instanceof AccessPolicy) return access;
  if (typeof access === 'string') return AccessPolicy.load(access);
  return new AccessPolicy(access);
}

export async function setupAuth(opts: RegistryAuthOptions | undefined): Promise<AuthSetup> {
  if (!opts) return { authorizer: openAuthorizer, close: async () => {} };
  const htpasswd = typeof opts.htpasswd === 'string' ? await Htpasswd.load(opts.htpasswd) : opts.htpasswd;
  const policy = await policyOf(opts.access);
  const failures = opts.failuresPerMinute ?? DEFAULT_FAILURES_PER_MINUTE;
  const pool = new BcryptPool();
  pool.warm();
  const passwords = new PasswordChecker(htpasswd, pool, failures > 0 ? { failures, windowMs: 60_000 } : undefined);
  const close = (): Promise<void> => passwords.close();
  if (!opts.token) return { authorizer: new BasicAuthorizer(passwords, policy, opts.realm ?? 'Wharf Registry'), close };
  const service = opts.token.service ?? DEFAULT_TOKEN_SERVICE;
  const tokens = new TokenIssuer(
    { service, secret: opts.token.secret ?? randomBytes(32), issuer: opts.token.issuer ?? service, ttlSeconds: opts.token.ttlSeconds ?? 300 },
    passwords,
    policy,
  );
  return { authorizer: new TokenAuthorizer(tokens, opts.token.realm), tokens, close };
}

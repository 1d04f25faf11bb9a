/**
 * Credentials in Docker's own shapes: the `X-Registry-Auth` header the CLI sends
 * the daemon (base64url JSON AuthConfig), and the `auths` map of the CLI's
 * `config.json` (in `$DOCKER_CONFIG`, else `~/.docker`), whose Docker Hub key is
 * `https://index.docker.io/v1/`. Credential helpers (`credsStore`) are not run.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { errnoCode, invalidArgument } from '../../errdefs/index.js';
import { DEFAULT_DOMAIN } from '../../oci/reference.js';
import { writeFileAtomic } from '../../util/atomic.js';
import { DOCKER_HUB_AUTH_KEY, domainOfServerAddress } from './endpoint.js';
import type { AuthConfig, Credentials, CredentialsFn } from './types.js';

const AUTH_FIELDS = ['username', 'password', 'auth', 'email', 'serveraddress', 'identitytoken', 'registrytoken'] as const;

/** The AuthConfig in an `X-Registry-Auth` header; undefined when absent. */
export function decodeRegistryAuth(header: string | undefined): AuthConfig | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  let parsed: unknown;
  try {
    // Node's base64 decoder takes both the URL-safe alphabet the CLI uses and the standard one.
    parsed = JSON.parse(Buffer.from(header.trim(), 'base64').toString('utf8'));
  } catch (err) {
    throw invalidArgument('invalid X-Registry-Auth header: not base64-encoded JSON', err);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalidArgument('invalid X-Registry-Auth header: not a JSON object');
  return pickAuthFields(parsed as Record<string, unknown>);
}

function pickAuthFields(v: Record<string, unknown>): AuthConfig {
  const out: AuthConfig = {};
  for (const f of AUTH_FIELDS) {
    // Docker's Go structs take the fields case-insensitively.
    const value = v[f] ?? Object.entries(v).find(([k]) => k.toLowerCase() === f)?.[1];
    if (typeof value === 'string' && value !== '') out[f] = value;
  }
  return out;
}

/** What an AuthConfig identifies with; undefined when it carries nothing. */
export function credentialsOf(auth: AuthConfig | undefined): Credentials | undefined {
  if (!auth) return undefined;
  let { username, password } = auth;
  if (username === undefined && auth.auth) {
    const decoded = Buffer.from(auth.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon === -1) throw invalidArgument('invalid auth configuration: auth is not base64(username:password)');
    username = decoded.slice(0, colon);
    password = decoded.slice(colon + 1);
  }
  const out: Credentials = {};
  if (username) out.username = username;
  if (password) out.password = password;
  if (auth.identitytoken) out.identityToken = auth.identitytoken;
  if (auth.registrytoken) out.registryToken = auth.registrytoken;
  return Object.keys(out).length ? out : undefined;
}

/** The same credentials for whatever registry the operation talks to (a request's X-Registry-Auth). */
export function fixedCredentials(auth: AuthConfig | undefined): CredentialsFn {
  const creds = credentialsOf(auth);
  return () => creds;
}

export function dockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker');
}

interface ConfigFile {
  auths?: Record<string, AuthConfig>;
  [other: string]: unknown;
}

async function readConfig(path: string): Promise<ConfigFile> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return {};
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    throw invalidArgument(`${path}: not a Docker config file`, err);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalidArgument(`${path}: not a Docker config file`);
  return parsed as ConfigFile;
}

/** The `auths` key Docker uses for a registry domain. */
export function configKey(domain: string): string {
  return domain === DEFAULT_DOMAIN ? DOCKER_HUB_AUTH_KEY : domain;
}

/** Credentials from `config.json`, read at each call so a login takes effect at once. */
export function dockerConfigCredentials(dir: string = dockerConfigDir()): CredentialsFn {
  return async (domain) => {
    const auths = (await readConfig(join(dir, 'config.json'))).auths ?? {};
    const exact = auths[configKey(domain)];
    if (exact) return credentialsOf(pickAuthFields(exact as Record<string, unknown>));
    // Older files key by URL (`http://localhost:5000/v1/`): match on the host, as Docker does.
    const entry = Object.entries(auths).find(([k]) => domainOfServerAddress(k) === domain)?.[1];
    return entry ? credentialsOf(pickAuthFields(entry as Record<string, unknown>)) : undefined;
  };
}

/** Record a login in `config.json` (mode 0600), keeping every other setting. */
export async function storeDockerCredentials(server: string, creds: Credentials, dir: string = dockerConfigDir()): Promise<void> {
  const path = join(dir, 'config.json');
  const config = await readConfig(path);
  const entry: AuthConfig = { auth: Buffer.from(`${creds.username ?? ''}:${creds.identityToken ? '' : creds.password ?? ''}`).toString('base64') };
  if (creds.identityToken) entry.identitytoken = creds.identityToken;
  config.auths = { ...config.auths, [configKey(domainOfServerAddress(server))]: entry };
  await writeFileAtomic(path, JSON.stringify(config, null, '\t') + '\n', 0o600);
}

/** `docker logout`: forget a registry's credentials. Returns whether there were any. */
export async function eraseDockerCredentials(server: string, dir: string = dockerConfigDir()): Promise<boolean> {
  const path = join(dir, 'config.json');
  const config = await readConfig(path);
  const domain = domainOfServerAddress(server);
  const keys = Object.keys(config.auths ?? {}).filter((k) => domainOfServerAddress(k) === domain);
  if (keys.length === 0) return false;
  for (const k of keys) delete config.auths?.[k];
  await writeFileAtomic(path, JSON.stringify(config, null, '\t') + '\n', 0o600);
  return true;
}

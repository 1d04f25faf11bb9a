/**
 * The credentials `wharf` sends the daemon for a registry: what `docker login`
 * (or `wharf login`) stored in config.json for the reference's registry, as Docker's
 * CLI sends them in X-Registry-Auth.
 */
import type { AuthConfig } from '../../apitypes/registry.js';
import { configKey, dockerConfigCredentials, dockerConfigDir } from '../../distribution/client/cli-entry.js';

/** The config.json directory of this invocation: $DOCKER_CONFIG, else ~/.docker. */
export function configDir(env: Readonly<Record<string, string | undefined>>): string {
  return dockerConfigDir(env as NodeJS.ProcessEnv);
}

/** The stored credentials for a registry domain (`docker.io`, `localhost:5000`), in AuthConfig form. */
export async function authForDomain(env: Readonly<Record<string, string | undefined>>, domain: string): Promise<AuthConfig | undefined> {
  const creds = await dockerConfigCredentials(configDir(env))(domain);
  if (!creds) return undefined;
  const auth: AuthConfig = { serveraddress: configKey(domain) };
  if (creds.username) auth.username = creds.username;
  if (creds.password) auth.password = creds.password;
  if (creds.identityToken) auth.identitytoken = creds.identityToken;
  return auth;
}

/** Registry client: pull, push, login and distribution inspect against OCI / Docker v2 registries. */
export { DistributionClient } from './client.js';
export { decodeRegistryAuth, credentialsOf, fixedCredentials, dockerConfigDir, dockerConfigCredentials, storeDockerCredentials, eraseDockerCredentials } from './auth-config.js';
export { toJsonMessage, progressBar, type JsonMessage } from './progress.js';
export { parsePlatform, formatPlatform } from './platform.js';
export { RemoteError, isRemoteError } from './remote-error.js';
export { DOCKER_HUB_AUTH_KEY, domainOfServerAddress } from './endpoint.js';
export type * from './types.js';

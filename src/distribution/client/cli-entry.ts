/**
 * The CLI's entry into the registry client: docker's config.json credentials, registry
 * host naming and search terms, as `wharf login`/`logout`/`search`/`pull` apply them
 * client-side. Apart from index.ts so the CLI never loads the client itself.
 */
export { configKey, dockerConfigCredentials, dockerConfigDir, eraseDockerCredentials, storeDockerCredentials } from './auth-config.js';
export { DOCKER_HUB_AUTH_KEY, domainOfServerAddress } from './endpoint.js';
export { splitSearchTerm } from './search.js';

/** An OCI distribution registry, run as its own process (see README.md). */
export { createRegistryServer, parseAddr, type RegistryServer, type RegistryServerOptions } from './server.js';
export { serveRegistry, gcRegistry, SERVE_USAGE, GC_USAGE } from './cli.js';
export { gc, type GcOptions, type GcReport } from './storage/gc.js';
export type { RegistryAuthOptions, TokenAuthOptions } from './auth/setup.js';
export type { AccessConfig } from './auth/access.js';
export type { RateLimitOptions } from './rate-limit.js';
export { RegistryError, type RegistryErrorCode } from './errors.js';

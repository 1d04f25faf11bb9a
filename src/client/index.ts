/**
 * The Docker Engine API client `wharf` (and anything else in Wharf that wants
 * to be a client of a daemon) uses. One API, no side door.
 */
export { ApiClient, MAX_API_VERSION, encodeQuery, readAll, type Query, type RequestOptions, type PingResult } from './client.js';
export { ApiError, isApiError, kindForStatus } from './errors.js';
export { DEFAULT_HOST, parseHost, resolveHost, type Endpoint } from './host.js';
export { Demuxer, StreamType, demuxStream, encodeFrame, type Frame } from './stdcopy.js';
export { jsonLines } from './json-stream.js';
export { encodeFilters } from './filters.js';
export * from './containers.js';
export * from './exec.js';
export * from './images.js';
export * from './distribution.js';
export * from './system.js';
export * from './networks.js';

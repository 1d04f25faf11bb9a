/** The HTTP API's entry for the composition root: one server over the engine's services. */
export { createApiServer, type ApiServer, type ApiServerOptions } from './server.js';

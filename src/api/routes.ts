/** Every Engine API route Wharf serves, in matching order. */
import { archiveRoutes } from './containers-archive.js';
import { buildRoutes } from './build.js';
import { containerStreamRoutes } from './containers-stream.js';
import { containerRoutes } from './containers.js';
import { execRoutes } from './exec.js';
import { imageRoutes } from './images.js';
import type { Route } from './router.js';
import { systemRoutes } from './system.js';

export const apiRoutes: Route[] = [...systemRoutes, ...containerRoutes, ...containerStreamRoutes, ...archiveRoutes, ...execRoutes, ...imageRoutes, ...buildRoutes];

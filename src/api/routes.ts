/** Every Engine API route Wharf serves, in matching order. */
import { archiveRoutes } from './containers-archive.js';
import { buildRoutes } from './build.js';
import { containerStreamRoutes } from './containers-stream.js';
import { containerRoutes } from './containers.js';
import { distributionRoutes } from './distribution.js';
import { execRoutes } from './exec.js';
import { imageRoutes } from './images.js';
import { networkRoutes } from './networks.js';
import { podRoutes } from './pods.js';
import type { Route } from './router.js';
import { swarmRoutes } from './swarm.js';
import { systemRoutes } from './system.js';
import { volumeRoutes } from './volumes.js';

export const apiRoutes: Route[] = [...systemRoutes, ...containerRoutes, ...containerStreamRoutes, ...archiveRoutes, ...execRoutes, ...distributionRoutes, ...imageRoutes, ...volumeRoutes, ...networkRoutes, ...podRoutes, ...buildRoutes, ...swarmRoutes];

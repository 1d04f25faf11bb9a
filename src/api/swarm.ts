/**
 * Swarm endpoints answered as dockerd answers them on a node that is not in a
 * swarm: 503 (unavailable). Clients (compose, testcontainers, the CLI's own
 * cleanup) treat that as "no swarm here" and go on; a 404 reads as a broken
 * daemon. Wharf reaches beyond one host through Kubernetes, so it never joins one.
 */
import { unavailable } from '../errdefs/index.js';
import type { Handler } from './exchange.js';
import { type Route, route } from './router.js';

// moby daemon/cluster: the errNoManager text for a node with no swarm at all.
const NOT_MANAGER = 'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.';
// moby daemon/cluster errNoSwarm, what `swarm leave` says outside a swarm.
const NOT_PART = 'This node is not part of a swarm';
const NO_SWARM_MODE = 'Wharf does not run Swarm: it reaches beyond one host through Kubernetes, not Swarm';

const refuse =
  (message: string): Handler =>
  async () => {
    throw unavailable(message);
  };

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'];

/** Every method on `path`, and on everything below it. */
function everyMethod(path: string, handler: Handler): Route[] {
  return METHODS.flatMap((m) => [route(m, path, handler), route(m, `${path}/{rest}`, handler)]);
}

const joinOrInit = refuse(NO_SWARM_MODE);

export const swarmRoutes: Route[] = [
  route('POST', '/swarm/init', joinOrInit),
  route('POST', '/swarm/join', joinOrInit),
  route('POST', '/swarm/leave', refuse(NOT_PART)),
  ...['/swarm', '/nodes', '/services', '/tasks', '/secrets', '/configs'].flatMap((p) => everyMethod(p, refuse(NOT_MANAGER))),
];

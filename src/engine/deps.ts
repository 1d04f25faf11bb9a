/**
 * What the engine needs from the rest of the daemon. The composition root
 * (src/daemon) builds these and chooses every path; the engine never reads
 * flags or picks locations of its own.
 */
import type { ImageStore } from '../images/index.js';
import type { NetworkService } from '../network/index.js';
import type { HostFacts, Runtime } from '../runtime/index.js';
import type { Snapshotter } from '../snapshots/index.js';
import type { VolumeStore } from '../volumes/index.js';
import type { EventBus } from './events/bus.js';
import type { BuildService } from './types.js';

export interface EngineDeps {
  /** Container records live in `<dataRoot>/containers/<id>/`. */
  dataRoot: string;
  /** Bundles and mounted root filesystems live in `<execRoot>/bundles/<id>/`. */
  execRoot: string;
  runtime: Runtime;
  images: ImageStore;
  snapshots: Snapshotter;
  hostFacts: HostFacts;
  /** Named and anonymous volumes; without it, creating a container that needs one fails. */
  volumes?: VolumeStore;
  /** Shared with the images module so its events reach the same subscribers; one is made when absent. */
  events?: EventBus;
  /** Static tini for `--init` (mounted at /sbin/docker-init). */
  initPath?: string;
  /** Static catatonit, the PID 1 of pods' infra image (made from it on first use). */
  infraBinary?: string;
  /** cgroupfs parent of every container (default the runtime's). */
  cgroupParent?: string;
  /** Host files the container's /etc files start from (tests point these elsewhere). */
  hostResolvConf?: string;
  hostHosts?: string;
  /** Bridge networking; without it every container but `host` ones gets a netns with loopback only. */
  network?: NetworkService;
  /** Daemon-wide `--dns`: containers' nameservers when they name none. */
  dns?: string[];
  /** The builder, for the build cache rows of `system df`. */
  buildCache?: Pick<BuildService, 'usage'>;
  /** What `info` reports. */
  daemonName?: string;
}

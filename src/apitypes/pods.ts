/**
 * Wharf's own pod endpoints (`/wharf/pods/…`): a pod is a group of containers
 * sharing the network, IPC and UTS namespaces (PID on request) of an infra
 * container. Field names follow podman's libpod API where one exists.
 */
import type { PortBinding } from './containers.js';

/** Labels the engine puts on every container of a pod; `io.wharf.pod.name` on a create request joins that pod. */
export const POD_NAME_LABEL = 'io.wharf.pod.name';
export const POD_ID_LABEL = 'io.wharf.pod.id';
/** On the infra container only. */
export const POD_INFRA_LABEL = 'io.wharf.pod.infra';

/** Namespaces a pod's containers can share; net, ipc and uts are the default. */
export type PodNamespace = 'net' | 'ipc' | 'uts' | 'pid';

/** `POST /wharf/pods/create` */
export interface PodCreateRequest {
  Name?: string;
  Labels?: Record<string, string>;
  /** Default: the pod's name. */
  Hostname?: string;
  /** The infra container's network mode: `bridge` (default), a network name, `host` or `none`. */
  Network?: string;
  /** More names the pod answers to on its user network (besides its own), as a container's network aliases. */
  Aliases?: string[];
  /** Docker's `PortBindings`, published on the infra container. */
  PortBindings?: Record<string, PortBinding[] | null>;
  /** Default `['net', 'ipc', 'uts']`; `net` is always shared. */
  Share?: PodNamespace[];
  ExtraHosts?: string[];
  Dns?: string[];
}

export interface PodCreateResponse {
  Id: string;
}

/** Derived from the containers' states, as podman does. */
export type PodStatus = 'Created' | 'Running' | 'Degraded' | 'Paused' | 'Exited';

export interface PodContainer {
  Id: string;
  Name: string;
  /** Docker's State.Status of the container. */
  State: string;
}

/** `GET /wharf/pods/json` */
export interface PodSummary {
  Id: string;
  Name: string;
  Created: string;
  Status: PodStatus;
  Labels: Record<string, string>;
  InfraId: string;
  Networks: string[];
  Containers: PodContainer[];
}

/** `GET /wharf/pods/{name}/json` */
export interface PodInspect {
  Id: string;
  Name: string;
  Created: string;
  State: PodStatus;
  Hostname: string;
  Labels: Record<string, string>;
  InfraContainerId: string;
  SharedNamespaces: PodNamespace[];
  NumContainers: number;
  Containers: PodContainer[];
  InfraConfig: {
    Network: string;
    PortBindings: Record<string, PortBinding[] | null>;
    ExtraHosts: string[];
    Dns: string[];
  };
}

/** `POST /wharf/pods/{name}/start|stop|…` and `DELETE`: the containers acted on. */
export interface PodActionResponse {
  Id: string;
  Containers: string[];
}

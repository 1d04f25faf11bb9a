export { BridgeNetworks } from './service.js';
export { endpointSettings } from './sandboxes.js';
export { portRequests, portsMap } from './ports.js';
export { linkHostLine, linkHostLines, parseLink, type LinkTarget } from './hosts.js';
export type {
  AttachOptions,
  EndpointRecord,
  IpamConfig,
  NetworkContainer,
  NetworkCreateRequest,
  NetworkCreateResponse,
  NetworkPruneResponse,
  NetworkRecord,
  NetworkResource,
  NetworkService,
  NetworkServiceOptions,
  PortMapping,
  PortRequest,
  SandboxRecord,
} from './types.js';

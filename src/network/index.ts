export { BridgeNetworks } from './service.js';
export { endpointSettings } from './sandboxes.js';
export { portRequests, portsMap } from './ports.js';
export { tryParseCidr } from './ipv4.js';
export { checkRequestedIp6 } from './pool6.js';
export { linkHostLine, parseLink, type LinkTarget } from './hosts.js';
export type {
  AttachOptions,
  EndpointRecord,
  NetworkRecord,
  NetworkService,
  NetworkServiceOptions,
  PortMapping,
  PortRequest,
  SandboxRecord,
} from './types.js';

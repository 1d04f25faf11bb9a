/** A network record and its endpoints as Docker's NetworkResource. */
import type { NetworkResource } from '../apitypes/networks.js';
import type { EndpointRecord, NetworkRecord } from './types.js';

const DRIVER_LABEL: Record<NetworkRecord['driver'], string> = { bridge: 'bridge', host: 'host', null: 'null' };

export function toResource(net: NetworkRecord, endpoints: readonly EndpointRecord[]): NetworkResource {
  const b = net.bridge;
  const containers: NetworkResource['Containers'] = {};
  for (const e of endpoints) {
    containers[e.containerId] = {
      Name: e.containerName,
      EndpointID: e.endpointId,
      MacAddress: e.mac,
      IPv4Address: `${e.ip}/${e.prefixLen}`,
      IPv6Address: '',
    };
  }
  return {
    Name: net.name,
    Id: net.id,
    Created: net.created,
    Scope: 'local',
    Driver: DRIVER_LABEL[net.driver],
    EnableIPv6: false,
    IPAM: {
      Driver: 'default',
      Options: net.ipamOptions,
      Config: b ? [{ Subnet: b.subnet, Gateway: b.gateway, ...(b.ipRange ? { IPRange: b.ipRange } : {}) }] : [],
    },
    Internal: net.internal,
    Attachable: net.attachable,
    Ingress: false,
    ConfigFrom: { Network: '' },
    ConfigOnly: false,
    Containers: containers,
    Options: { ...net.options },
    Labels: { ...net.labels },
  };
}

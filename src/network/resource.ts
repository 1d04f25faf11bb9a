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
      IPv6Address: e.ip6 ? `${e.ip6}/${e.prefixLen6}` : '',
    };
  }
  return {
    Name: net.name,
    Id: net.id,
    Created: net.created,
    Scope: 'local',
    Driver: DRIVER_LABEL[net.driver],
    EnableIPv6: Boolean(b?.ipv6),
    IPAM: {
      Driver: 'default',
      Options: net.ipamOptions,
      Config: b
        ? [
            { Subnet: b.subnet, Gateway: b.gateway, ...(b.ipRange ? { IPRange: b.ipRange } : {}) },
            ...(b.ipv6 ? [{ Subnet: b.ipv6.subnet, Gateway: b.ipv6.gateway, ...(b.ipv6.ipRange ? { IPRange: b.ipv6.ipRange } : {}) }] : []),
          ]
        : [],
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

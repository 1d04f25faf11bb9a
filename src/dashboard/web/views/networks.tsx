/** Networks: driver, subnets and gateways, attached containers with their addresses. */
import { networks, useCollection } from '../store.js';
import { Page } from '../ui.js';

export function NetworksView() {
  const { items } = useCollection(networks);
  return (
    <Page title="Networks">
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Driver</th>
              <th>Subnets</th>
              <th>Containers</th>
            </tr>
          </thead>
          <tbody>
            {items.map((n) => (
              <tr key={n.Id} data-network={n.Name}>
                <td data-label="Name">
                  {n.Name}
                  {n.Internal && <span class="muted"> (internal)</span>}
                </td>
                <td data-label="Driver">{n.Driver}</td>
                <td data-label="Subnets">
                  {(n.IPAM?.Config ?? []).map((c) => (
                    <div>
                      {c.Subnet}
                      {c.Gateway && <span class="muted"> via {c.Gateway}</span>}
                    </div>
                  ))}
                </td>
                <td data-label="Containers" class="wrap">
                  {Object.entries(n.Containers ?? {}).map(([id, c]) => (
                    <div>
                      <a href={`#/containers/${id}/logs`}>{c.Name}</a> <span class="muted">{c.IPv4Address}</span>
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Page>
  );
}

/** Volumes: who uses each, its size from `system df`, remove and prune. */
import { act, del, post } from '../api.js';
import { containerName, size } from '../format.js';
import { containers, diskUsage, useCollection, volumes } from '../store.js';
import { confirmAction, Page } from '../ui.js';

export function VolumesView() {
  const { items } = useCollection(volumes);
  const { items: cs } = useCollection(containers);
  const { items: df } = useCollection(diskUsage);
  const usedBy = new Map<string, string[]>();
  for (const c of cs) for (const m of c.Mounts ?? []) if (m.Type === 'volume' && m.Name) usedBy.set(m.Name, [...(usedBy.get(m.Name) ?? []), containerName(c.Names)]);
  const sizes = new Map((df[0]?.Volumes ?? []).map((v) => [v.Name, v.UsageData?.Size]));
  const prune = async (): Promise<void> => {
    if (!(await confirmAction('Remove every volume no container uses? Their data is lost.', 'Prune'))) return;
    await act('prune volumes', () => post(`/api/volumes/prune?filters=${encodeURIComponent(JSON.stringify({ all: ['true'] }))}`));
  };
  return (
    <Page
      title="Volumes"
      actions={
        <button type="button" class="danger" onClick={prune}>
          Prune unused
        </button>
      }
    >
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Driver</th>
              <th>Size</th>
              <th>In use by</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {items.map((v) => {
              const users = usedBy.get(v.Name) ?? [];
              const remove = async (): Promise<void> => {
                if (await confirmAction(`Remove volume ${v.Name}? Its data is lost.`, 'Remove')) await act(`remove ${v.Name}`, () => del(`/api/volumes/${encodeURIComponent(v.Name)}`));
              };
              return (
                <tr key={v.Name} data-volume={v.Name}>
                  <td data-label="Name" class="wrap">
                    {v.Name}
                  </td>
                  <td data-label="Driver">{v.Driver}</td>
                  <td data-label="Size" class="num">
                    {size(sizes.get(v.Name))}
                  </td>
                  <td data-label="In use by" class="wrap">
                    {users.length ? users.join(', ') : <span class="muted">nothing</span>}
                  </td>
                  <td data-label="Actions">
                    <button type="button" class="danger" onClick={remove}>
                      Remove
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Page>
  );
}

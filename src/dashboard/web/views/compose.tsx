/** Compose projects, from their containers' labels: services and states; up, down, restart by the dashboard server. */
import { useState } from 'preact/hooks';
import { act, post } from '../api.js';
import { containerName } from '../format.js';
import { containers, useCollection } from '../store.js';
import type { ContainerSummary } from '../types.js';
import { confirmAction, Page } from '../ui.js';
import { PROJECT_LABEL } from './containers.js';

const SERVICE_LABEL = 'com.docker.compose.service';

export function ComposeView() {
  const { items } = useCollection(containers);
  const projects = new Map<string, ContainerSummary[]>();
  for (const c of items) {
    const p = c.Labels?.[PROJECT_LABEL];
    if (p) projects.set(p, [...(projects.get(p) ?? []), c]);
  }
  const names = [...projects.keys()].sort();
  return (
    <Page title="Compose projects">
      {!names.length && <p>No compose projects: containers started by `wharf compose up` or `docker compose up` show here.</p>}
      {names.map((p) => (
        <Project key={p} name={p} members={projects.get(p)!} />
      ))}
    </Page>
  );
}

function Project({ name, members }: { name: string; members: ContainerSummary[] }) {
  const [busy, setBusy] = useState<string | undefined>();
  const run = (action: string) => async (): Promise<void> => {
    setBusy(action);
    await act(`compose ${action} ${name}`, () => post(`/compose/${encodeURIComponent(name)}/${action}`));
    setBusy(undefined);
  };
  const down = async (): Promise<void> => {
    if (await confirmAction(`Take ${name} down? Its containers and networks are removed.`, 'Down')) await run('down')();
  };
  const running = members.filter((c) => c.State === 'running').length;
  return (
    <article class="project" data-project={name}>
      <header class="view-head">
        <h2>
          {name} <span class="muted">{running}/{members.length} running</span>
        </h2>
        <div class="row">
          {busy && (
            <span class="muted" role="status">
              compose {busy}…
            </span>
          )}
          <button type="button" disabled={!!busy} onClick={run('up')}>
            Up
          </button>
          <button type="button" disabled={!!busy} onClick={run('restart')}>
            Restart
          </button>
          <button type="button" class="danger" disabled={!!busy} onClick={down}>
            Down
          </button>
        </div>
      </header>
      <table>
        <thead>
          <tr>
            <th>Service</th>
            <th>Container</th>
            <th>State</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {members
            .slice()
            .sort((a, b) => (a.Labels?.[SERVICE_LABEL] ?? '').localeCompare(b.Labels?.[SERVICE_LABEL] ?? ''))
            .map((c) => (
              <tr key={c.Id}>
                <td data-label="Service">{c.Labels?.[SERVICE_LABEL]}</td>
                <td data-label="Container">
                  <a href={`#/containers/${c.Id}/logs`}>{containerName(c.Names)}</a>
                </td>
                <td data-label="State">
                  <span class={`state ${c.State}`}>{c.State}</span>
                </td>
                <td data-label="Status">{c.Status}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </article>
  );
}

/** Containers: one table, filtered and sorted, compose projects and pods grouped under their name. */
import { useMemo, useState } from 'preact/hooks';
import { ago, containerName, mib } from '../format.js';
import { latest, useStats } from '../stats.js';
import { containers, useCollection } from '../store.js';
import type { ContainerSummary } from '../types.js';
import { compare, Page, SortHeader, type Sort } from '../ui.js';
import { ContainerActions } from './container-actions.js';

export const PROJECT_LABEL = 'com.docker.compose.project';
export const POD_LABEL = 'io.wharf.pod.name';

/** "healthy", "unhealthy" or "starting" from the status line, as `docker ps` shows it. */
export function health(c: ContainerSummary): string | undefined {
  return /\((healthy|unhealthy|health: starting)\)/.exec(c.Status)?.[1]?.replace('health: ', '');
}

function groupOf(c: ContainerSummary): string {
  const l = c.Labels ?? {};
  if (l[PROJECT_LABEL]) return `compose: ${l[PROJECT_LABEL]}`;
  if (l[POD_LABEL]) return `pod: ${l[POD_LABEL]}`;
  return '';
}

const sortValue: Record<string, (c: ContainerSummary) => string | number> = {
  name: (c) => containerName(c.Names),
  image: (c) => c.Image,
  state: (c) => c.State,
  cpu: (c) => latest.get(c.Id)?.cpu ?? -1,
  mem: (c) => latest.get(c.Id)?.mem ?? -1,
  created: (c) => c.Created,
};

export function ContainersView() {
  const { items, loaded } = useCollection(containers);
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<Sort>({ key: 'created', desc: true });
  const groups = useMemo(() => {
    const q = query.trim().toLowerCase();
    const shown = q ? items.filter((c) => [containerName(c.Names), c.Image, c.State, c.Status, groupOf(c)].some((s) => s.toLowerCase().includes(q))) : items;
    const key = sortValue[sort.key] ?? sortValue['created']!;
    const sorted = shown.slice().sort((a, b) => compare(key(a), key(b)) * (sort.desc ? -1 : 1));
    const byGroup = new Map<string, ContainerSummary[]>();
    for (const c of sorted) {
      const g = groupOf(c);
      byGroup.set(g, [...(byGroup.get(g) ?? []), c]);
    }
    // Ungrouped containers first, then each project or pod by name.
    return [...byGroup.entries()].sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b)));
  }, [items, query, sort]);
  const total = groups.reduce((n, [, cs]) => n + cs.length, 0);
  return (
    <Page title="Containers">
      <div class="toolbar">
        <label>
          Filter <input type="search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} placeholder="name, image, state…" />
        </label>
        <span class="muted" aria-live="polite">
          {loaded ? `${total} of ${items.length} containers` : 'loading…'}
        </span>
      </div>
      <div class="table-wrap">
        <table class="containers">
          <thead>
            <tr>
              <SortHeader label="Name" k="name" sort={sort} setSort={setSort} />
              <SortHeader label="Image" k="image" sort={sort} setSort={setSort} />
              <SortHeader label="State" k="state" sort={sort} setSort={setSort} />
              <th>Ports</th>
              <SortHeader label="CPU %" k="cpu" sort={sort} setSort={setSort} />
              <SortHeader label="Memory" k="mem" sort={sort} setSort={setSort} />
              <SortHeader label="Created" k="created" sort={sort} setSort={setSort} />
              <th>Actions</th>
            </tr>
          </thead>
          {groups.map(([g, cs]) => (
            <tbody key={g || '-'}>
              {g && (
                <tr class="group">
                  <th colSpan={8} scope="rowgroup">
                    {g} <span class="muted">({cs.length})</span>
                  </th>
                </tr>
              )}
              {cs.map((c) => (
                <Row key={c.Id} c={c} />
              ))}
            </tbody>
          ))}
        </table>
      </div>
    </Page>
  );
}

function Row({ c }: { c: ContainerSummary }) {
  const name = containerName(c.Names);
  const s = useStats(c.Id, c.State === 'running');
  const h = health(c);
  return (
    <tr data-id={c.Id} data-name={name}>
      <td data-label="Name">
        <a href={`#/containers/${c.Id}/logs`}>{name}</a>
      </td>
      <td data-label="Image" class="wrap">
        {c.Image}
      </td>
      <td data-label="State">
        <span class={`state ${c.State}`}>{c.State}</span>
        {h && <span class={`health ${h}`}> {h}</span>}
      </td>
      <td data-label="Ports">
        <Ports c={c} />
      </td>
      <td data-label="CPU %" class="num">
        {s ? s.cpu.toFixed(1) : '—'}
      </td>
      <td data-label="Memory" class="num">
        {s ? mib(s.mem) : '—'}
      </td>
      <td data-label="Created">{ago(c.Created)}</td>
      <td data-label="Actions">
        <ContainerActions id={c.Id} name={name} state={c.State} />
      </td>
    </tr>
  );
}

function Ports({ c }: { c: ContainerSummary }) {
  const seen = new Set<string>();
  return (
    <>
      {c.Ports.map((p) => {
        const text = p.PublicPort ? `${p.PublicPort}→${p.PrivatePort}/${p.Type}` : `${p.PrivatePort}/${p.Type}`;
        if (seen.has(text)) return null; // IPv4 and IPv6 bindings of one port
        seen.add(text);
        return p.PublicPort && p.Type === 'tcp' ? (
          <a class="port" href={`http://${location.hostname}:${p.PublicPort}/`} target="_blank" rel="noopener noreferrer">
            {text}
          </a>
        ) : (
          <span class="port">{text}</span>
        );
      })}
    </>
  );
}

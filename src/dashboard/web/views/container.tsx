/** One container: its inspect kept live by its events, and a tab per aspect. */
import { useEffect, useState } from 'preact/hooks';
import { getJSON } from '../api.js';
import { subscribe } from '../events.js';
import { Json, lazy, Page, Tabs } from '../ui.js';
import { ContainerActions } from './container-actions.js';
import { Logs } from './logs.js';

const Charts = lazy(() => import('./charts.js').then((m) => m.Charts));
const Terminal = lazy(() => import('./terminal.js').then((m) => m.Terminal));

export interface Inspect {
  Id: string;
  Name: string;
  State: { Status: string; Running: boolean; StartedAt: string; Health?: { Status: string } };
  Config: { Tty: boolean; Env: string[] | null; Image: string };
  Mounts: Array<{ Type: string; Name?: string; Source: string; Destination: string; RW: boolean }>;
}

const TABS: Array<[string, string]> = [
  ['logs', 'Logs'],
  ['stats', 'Stats'],
  ['top', 'Processes'],
  ['diff', 'Changes'],
  ['inspect', 'Inspect'],
  ['env', 'Env'],
  ['mounts', 'Mounts'],
  ['terminal', 'Terminal'],
];

export function ContainerView({ id, tab }: { id: string; tab: string }) {
  const [c, setC] = useState<Inspect | undefined>();
  const [gone, setGone] = useState<string | undefined>();
  useEffect(() => {
    setC(undefined);
    setGone(undefined);
    const load = (): void => void getJSON<Inspect>(`/api/containers/${id}/json`).then(setC, (err: Error) => setGone(err.message));
    load();
    return subscribe((e) => {
      if (e.Type !== 'container' || !(e.Actor.ID === id || id.length < 64 && e.Actor.ID.startsWith(id))) return;
      if (e.Action === 'destroy') setGone('the container was removed');
      else if (!e.Action.startsWith('exec_')) load();
    });
  }, [id]);
  if (gone) return <Page title="Container">{gone}. <a href="#/containers">Back to containers</a></Page>;
  if (!c) return <Page title="Container">loading…</Page>;
  const name = c.Name.replace(/^\//, '');
  const running = c.State.Running;
  return (
    <Page
      title={
        <>
          <a href="#/containers">Containers</a> / {name} <span class={`state ${c.State.Status}`}>{c.State.Status}</span>
        </>
      }
      actions={<ContainerActions id={c.Id} name={name} state={c.State.Status} onRemoved={() => (location.hash = '#/containers')} />}
    >
      <Tabs base={`#/containers/${id}`} tabs={TABS} current={tab} />
      <div class="tab-body">
        {/* A (re)start ends the followed stream: a new one follows the new run. */}
        {tab === 'logs' && <Logs key={c.State.StartedAt} id={c.Id} name={name} tty={c.Config.Tty} />}
        {tab === 'stats' && (running ? <Charts id={c.Id} /> : <p>Not running: no stats.</p>)}
        {tab === 'top' && (running ? <Top id={c.Id} /> : <p>Not running: no processes.</p>)}
        {tab === 'diff' && <Diff id={c.Id} />}
        {tab === 'inspect' && <Json value={c} />}
        {tab === 'env' && <Env env={c.Config.Env ?? []} />}
        {tab === 'mounts' && <Mounts mounts={c.Mounts} />}
        {tab === 'terminal' && (running ? <Terminal id={c.Id} /> : <p>Start the container to open a terminal in it.</p>)}
      </div>
    </Page>
  );
}

function useLoad<T>(path: string): { value?: T; error?: string; reload: () => void } {
  const [state, setState] = useState<{ value?: T; error?: string }>({});
  const [n, setN] = useState(0);
  useEffect(() => {
    void getJSON<T>(path).then(
      (value) => setState({ value }),
      (err: Error) => setState({ error: err.message }),
    );
  }, [path, n]);
  return { ...state, reload: () => setN((x) => x + 1) };
}

function Top({ id }: { id: string }) {
  const { value, error, reload } = useLoad<{ Titles: string[]; Processes: string[][] }>(`/api/containers/${id}/top`);
  if (error) return <p class="error">{error}</p>;
  if (!value) return <p>loading…</p>;
  return (
    <>
      <button type="button" onClick={reload}>
        Refresh
      </button>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              {value.Titles.map((t) => (
                <th>{t}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {value.Processes.map((p) => (
              <tr>
                {p.map((v, i) => (
                  <td data-label={value.Titles[i]} class="wrap">
                    {v}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

const KIND = ['changed', 'added', 'deleted'];

function Diff({ id }: { id: string }) {
  const { value, error, reload } = useLoad<Array<{ Path: string; Kind: number }> | null>(`/api/containers/${id}/changes`);
  if (error) return <p class="error">{error}</p>;
  if (value === undefined) return <p>loading…</p>;
  return (
    <>
      <button type="button" onClick={reload}>
        Refresh
      </button>
      {!value?.length ? (
        <p>No changes to the image's files.</p>
      ) : (
        <ul class="diff">
          {value.map((d) => (
            <li class={KIND[d.Kind]}>
              <span class="kind">{'CAD'[d.Kind]}</span> {d.Path}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function Env({ env }: { env: string[] }) {
  if (!env.length) return <p>No environment variables.</p>;
  return (
    <table>
      <tbody>
        {env.map((e) => {
          const at = e.indexOf('=');
          return (
            <tr>
              <th scope="row">{at < 0 ? e : e.slice(0, at)}</th>
              <td class="wrap">{at < 0 ? '' : e.slice(at + 1)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Mounts({ mounts }: { mounts: Inspect['Mounts'] }) {
  if (!mounts.length) return <p>No mounts.</p>;
  return (
    <table>
      <thead>
        <tr>
          <th>Type</th>
          <th>Source</th>
          <th>Destination</th>
          <th>Mode</th>
        </tr>
      </thead>
      <tbody>
        {mounts.map((m) => (
          <tr>
            <td>{m.Type}</td>
            <td class="wrap">{m.Name ?? m.Source}</td>
            <td class="wrap">{m.Destination}</td>
            <td>{m.RW ? 'rw' : 'ro'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

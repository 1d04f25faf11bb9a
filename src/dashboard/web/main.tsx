/** The dashboard page: a navigation bar and the view the address's fragment names (docs/dashboard.md, "The page"). */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import '@xterm/xterm/css/xterm.css';
import 'uplot/dist/uPlot.min.css';
import './style.css';
import { sessionKey } from './session-key.js';
import { onConnection, type Connection } from './events.js';
import { wireEvents } from './store.js';
import { ConfirmHost, Notices } from './ui.js';
import { ContainersView } from './views/containers.js';
import { ContainerView } from './views/container.js';
import { ImagesView } from './views/images.js';
import { VolumesView } from './views/volumes.js';
import { NetworksView } from './views/networks.js';
import { ComposeView } from './views/compose.js';
import { SystemView } from './views/system.js';

const NAV: Array<[string, string]> = [
  ['containers', 'Containers'],
  ['images', 'Images'],
  ['volumes', 'Volumes'],
  ['networks', 'Networks'],
  ['compose', 'Compose'],
  ['system', 'System'],
];

function useHash(): string[] {
  const parse = (): string[] => location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [parts, setParts] = useState(parse);
  useEffect(() => {
    const on = (): void => setParts(parse());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return parts;
}

function View({ parts }: { parts: string[] }) {
  const [top, id, tab] = parts;
  switch (top) {
    case 'images':
      return <ImagesView />;
    case 'volumes':
      return <VolumesView />;
    case 'networks':
      return <NetworksView />;
    case 'compose':
      return <ComposeView />;
    case 'system':
      return <SystemView />;
    default:
      return id ? <ContainerView id={id} tab={tab ?? 'logs'} /> : <ContainersView />;
  }
}

function Live() {
  const [c, setC] = useState<Connection>('connecting');
  useEffect(() => onConnection(setC), []);
  return (
    <span class={`live ${c}`} role="status" title={c === 'offline' ? 'reconnecting to the events stream' : 'the events stream'}>
      {c}
    </span>
  );
}

function App() {
  const parts = useHash();
  const top = parts[0] ?? 'containers';
  useEffect(() => {
    document.title = `Wharf · ${NAV.find(([k]) => k === top)?.[1] ?? 'Containers'}`;
  }, [top]);
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Wharf</span>
        <nav aria-label="Views">
          {NAV.map(([k, label]) => (
            <a href={`#/${k}`} aria-current={top === k ? 'page' : undefined}>
              {label}
            </a>
          ))}
        </nav>
        <Live />
      </header>
      <Notices />
      <main id="main" tabIndex={-1}>
        <View parts={parts} />
      </main>
      <ConfirmHost />
    </>
  );
}

wireEvents();
function NoKey() {
  return (
    <main class="nokey">
      <h1>Wharf</h1>
      <p>This tab holds no session key. Run <code>wharf dashboard</code> and open the URL it prints.</p>
    </main>
  );
}

render(sessionKey ? <App /> : <NoKey />, document.getElementById('app')!);

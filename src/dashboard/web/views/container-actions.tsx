/** The buttons that change a container's state; the row updates from the event that follows, not from here. */
import { act, del, post } from '../api.js';
import { confirmAction } from '../ui.js';

export function ContainerActions(p: { id: string; name: string; state: string; onRemoved?: () => void }) {
  const running = p.state === 'running';
  const paused = p.state === 'paused';
  const call = (what: string, path: string) => () => act(`${what} ${p.name}`, () => post(`/api/containers/${p.id}/${path}`));
  const kill = async (): Promise<void> => {
    if (await confirmAction(`Kill ${p.name}? Its processes get SIGKILL and lose unsaved work.`, 'Kill')) await call('kill', 'kill')();
  };
  const remove = async (): Promise<void> => {
    const msg = running || paused ? `Remove ${p.name}? It is ${p.state}: it will be killed, and its files are lost.` : `Remove ${p.name}? Its files are lost.`;
    if (!(await confirmAction(msg, 'Remove'))) return;
    if (await act(`remove ${p.name}`, () => del(`/api/containers/${p.id}?force=1`))) p.onRemoved?.();
  };
  return (
    <div class="actions" role="group" aria-label={`Actions for ${p.name}`}>
      {!running && !paused && (
        <button type="button" onClick={call('start', 'start')}>
          Start
        </button>
      )}
      {(running || paused) && (
        <button type="button" onClick={call('stop', 'stop')}>
          Stop
        </button>
      )}
      <button type="button" onClick={call('restart', 'restart')}>
        Restart
      </button>
      {running && (
        <button type="button" onClick={call('pause', 'pause')}>
          Pause
        </button>
      )}
      {paused && (
        <button type="button" onClick={call('unpause', 'unpause')}>
          Unpause
        </button>
      )}
      {(running || paused) && (
        <button type="button" onClick={kill}>
          Kill
        </button>
      )}
      <button type="button" class="danger" onClick={remove}>
        Remove
      </button>
    </div>
  );
}

/** Small pieces every view uses: the confirmation dialog, sortable headers, tabs, the notice line. */
import { h, type ComponentChildren, type FunctionComponent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { notify, onNotice } from './api.js';

interface Ask {
  message: string;
  action: string;
  resolve: (ok: boolean) => void;
}
let showAsk: ((a: Ask) => void) | undefined;

/** Ask before an action that loses data; resolves true when the user confirms. */
export function confirmAction(message: string, action: string): Promise<boolean> {
  return new Promise((resolve) => (showAsk ? showAsk({ message, action, resolve }) : resolve(window.confirm(message))));
}

/** The one modal `<dialog>`: focus lands on Cancel, Escape cancels. */
export function ConfirmHost() {
  const [ask, setAsk] = useState<Ask | undefined>();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    showAsk = setAsk;
    return () => (showAsk = undefined);
  }, []);
  useEffect(() => {
    if (ask && ref.current && !ref.current.open) ref.current.showModal();
  }, [ask]);
  const close = (ok: boolean): void => {
    ref.current?.close();
    ask?.resolve(ok);
    setAsk(undefined);
  };
  return (
    <dialog ref={ref} class="confirm" onCancel={() => close(false)} aria-labelledby="confirm-text">
      <p id="confirm-text">{ask?.message}</p>
      <div class="row">
        <button type="button" autofocus onClick={() => close(false)}>
          Cancel
        </button>
        <button type="button" class="danger" onClick={() => close(true)}>
          {ask?.action ?? 'OK'}
        </button>
      </div>
    </dialog>
  );
}

export function Notices() {
  const [msg, setMsg] = useState<string | undefined>();
  useEffect(() => onNotice(setMsg), []);
  if (!msg) return null;
  return (
    <div class="notice" role="alert">
      <span>{msg}</span>
      <button type="button" aria-label="Dismiss" onClick={() => setMsg(undefined)}>
        ×
      </button>
    </div>
  );
}

export interface Sort {
  key: string;
  desc: boolean;
}

/** A column header that sorts: a real button, with aria-sort on the cell. */
export function SortHeader(p: { label: string; k: string; sort: Sort; setSort: (s: Sort) => void }) {
  const on = p.sort.key === p.k;
  return (
    <th aria-sort={on ? (p.sort.desc ? 'descending' : 'ascending') : 'none'}>
      <button type="button" class="th" onClick={() => p.setSort({ key: p.k, desc: on ? !p.sort.desc : false })}>
        {p.label}
        {on ? (p.sort.desc ? ' ▾' : ' ▴') : ''}
      </button>
    </th>
  );
}

export function compare(a: string | number, b: string | number): number {
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
}

export function Tabs(p: { base: string; tabs: Array<[string, string]>; current: string }) {
  return (
    <nav class="tabs" aria-label="Sections">
      {p.tabs.map(([k, label]) => (
        <a href={`${p.base}/${k}`} aria-current={p.current === k ? 'page' : undefined}>
          {label}
        </a>
      ))}
    </nav>
  );
}

export function Page(p: { title: ComponentChildren; actions?: ComponentChildren; children: ComponentChildren }) {
  return (
    <section class="view">
      <header class="view-head">
        <h1>{p.title}</h1>
        {p.actions && <div class="row">{p.actions}</div>}
      </header>
      {p.children}
    </section>
  );
}

/** Readable JSON: indented, in a scrollable block. */
export function Json(p: { value: unknown }) {
  return <pre class="json">{JSON.stringify(p.value, null, 2)}</pre>;
}

/**
 * A component whose code loads when it first renders: the terminal (xterm.js) and
 * the charts (uPlot) are most of the bundle, and the containers view needs neither.
 */
export function lazy<P extends object>(load: () => Promise<FunctionComponent<P>>): FunctionComponent<P> {
  let loaded: FunctionComponent<P> | undefined;
  return (props: P) => {
    const [C, setC] = useState<FunctionComponent<P> | undefined>(() => loaded);
    useEffect(() => {
      if (!C) void load().then((c) => setC(() => (loaded = c)), (err: Error) => notify(`loading failed: ${err.message}`));
    }, []);
    return C ? h(C, props) : <p>loading…</p>;
  };
}

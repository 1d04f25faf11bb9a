/** Images: tags, size, use; history; pull with progress; tag, remove, prune. */
import { useEffect, useState } from 'preact/hooks';
import { act, del, getJSON, post, readJSONStream, request } from '../api.js';
import { ago, shortId, size } from '../format.js';
import { containers, images, useCollection } from '../store.js';
import type { ImageSummary } from '../types.js';
import { compare, confirmAction, Page, SortHeader, type Sort } from '../ui.js';

export function ImagesView() {
  const { items } = useCollection(images);
  const { items: cs } = useCollection(containers);
  const [sort, setSort] = useState<Sort>({ key: 'created', desc: true });
  const [open, setOpen] = useState<string | undefined>();
  const users = new Map<string, number>();
  for (const c of cs) users.set(c.ImageID, (users.get(c.ImageID) ?? 0) + 1);
  const key: Record<string, (i: ImageSummary) => string | number> = {
    tag: (i) => i.RepoTags?.[0] ?? '',
    size: (i) => i.Size,
    created: (i) => i.Created,
    used: (i) => users.get(i.Id) ?? 0,
  };
  const sorted = items.slice().sort((a, b) => compare(key[sort.key]!(a), key[sort.key]!(b)) * (sort.desc ? -1 : 1));
  const prune = async (): Promise<void> => {
    if (!(await confirmAction('Remove every image no container uses?', 'Prune'))) return;
    await act('prune images', () => post(`/api/images/prune?filters=${encodeURIComponent(JSON.stringify({ dangling: ['false'] }))}`));
  };
  return (
    <Page
      title="Images"
      actions={
        <button type="button" class="danger" onClick={prune}>
          Prune unused
        </button>
      }
    >
      <Pull />
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <SortHeader label="Tags" k="tag" sort={sort} setSort={setSort} />
              <th>ID</th>
              <SortHeader label="Size" k="size" sort={sort} setSort={setSort} />
              <SortHeader label="In use" k="used" sort={sort} setSort={setSort} />
              <SortHeader label="Created" k="created" sort={sort} setSort={setSort} />
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((i) => (
              <ImageRow key={i.Id} i={i} used={users.get(i.Id) ?? 0} open={open === i.Id} toggle={() => setOpen(open === i.Id ? undefined : i.Id)} />
            ))}
          </tbody>
        </table>
      </div>
    </Page>
  );
}

function ImageRow(p: { i: ImageSummary; used: number; open: boolean; toggle: () => void }) {
  const { i } = p;
  const tags = i.RepoTags?.filter((t) => t !== '<none>:<none>') ?? [];
  const label = tags[0] ?? shortId(i.Id);
  const tag = async (): Promise<void> => {
    const target = window.prompt(`New tag for ${label} (repository:tag)`);
    if (!target) return;
    const m = /^(.+?)(?::([^:/]+))?$/.exec(target.trim());
    if (!m) return;
    await act(`tag ${label}`, () => post(`/api/images/${i.Id}/tag?repo=${encodeURIComponent(m[1]!)}&tag=${encodeURIComponent(m[2] ?? 'latest')}`));
  };
  const remove = async (): Promise<void> => {
    if (!(await confirmAction(`Remove ${label}${tags.length > 1 ? ` and its ${tags.length - 1} other tags` : ''}?`, 'Remove'))) return;
    await act(`remove ${label}`, () => del(`/api/images/${i.Id}?force=${tags.length > 1 ? 1 : 0}`));
  };
  return (
    <>
      <tr data-image={label}>
        <td data-label="Tags" class="wrap">
          {tags.length ? tags.map((t) => <div>{t}</div>) : <span class="muted">&lt;none&gt;</span>}
        </td>
        <td data-label="ID">
          <code>{shortId(i.Id)}</code>
        </td>
        <td data-label="Size" class="num">
          {size(i.Size)}
        </td>
        <td data-label="In use">{p.used ? `${p.used} container${p.used > 1 ? 's' : ''}` : 'no'}</td>
        <td data-label="Created">{ago(i.Created)}</td>
        <td data-label="Actions">
          <div class="actions">
            <button type="button" aria-expanded={p.open} onClick={p.toggle}>
              Layers
            </button>
            <button type="button" onClick={tag}>
              Tag
            </button>
            <button type="button" class="danger" onClick={remove}>
              Remove
            </button>
          </div>
        </td>
      </tr>
      {p.open && (
        <tr class="detail">
          <td colSpan={6}>
            <History id={i.Id} />
          </td>
        </tr>
      )}
    </>
  );
}

interface HistoryEntry {
  Id: string;
  Created: number;
  CreatedBy: string;
  Size: number;
  Comment: string;
}

function History({ id }: { id: string }) {
  const [h, setH] = useState<HistoryEntry[] | string | undefined>();
  useEffect(() => void getJSON<HistoryEntry[]>(`/api/images/${id}/history`).then(setH, (e: Error) => setH(e.message)), [id]);
  if (h === undefined) return <p>loading…</p>;
  if (typeof h === 'string') return <p class="error">{h}</p>;
  return (
    <table class="history">
      <thead>
        <tr>
          <th>Created by</th>
          <th>Size</th>
          <th>Created</th>
        </tr>
      </thead>
      <tbody>
        {h.map((e) => (
          <tr>
            <td class="wrap">
              <code>{e.CreatedBy}</code>
            </td>
            <td class="num">{size(e.Size)}</td>
            <td>{ago(e.Created)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface PullMessage {
  id?: string;
  status?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message: string };
}

/** `POST /images/create`: the progress bar sums the layers' bytes as `docker pull` shows them per layer. */
function Pull() {
  const [ref, setRef] = useState('');
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ current: number; total: number; status: string; error?: string } | undefined>();
  const pull = async (e: Event): Promise<void> => {
    e.preventDefault();
    const r = ref.trim();
    if (!r || busy) return;
    const m = /^(.+?)(?::([^:/@]+))?(@.+)?$/.exec(r)!;
    const q = new URLSearchParams({ fromImage: m[1]! + (m[3] ?? ''), ...(m[3] ? {} : { tag: m[2] ?? 'latest' }) });
    setBusy(true);
    const layers = new Map<string, { current: number; total: number }>();
    let status = 'pulling…';
    let error: string | undefined;
    const show = (): void => {
      let current = 0;
      let total = 0;
      for (const l of layers.values()) {
        current += l.current;
        total += l.total;
      }
      setProgress({ current, total, status, error });
    };
    show();
    try {
      const res = await request('POST', `/api/images/create?${q}`);
      await readJSONStream<PullMessage>(res, (msg) => {
        if (msg.error) error = msg.errorDetail?.message ?? msg.error;
        if (msg.id && msg.progressDetail?.total) layers.set(msg.id, { current: msg.progressDetail.current ?? 0, total: msg.progressDetail.total });
        if (msg.id && /^(Download complete|Pull complete|Already exists)$/.test(msg.status ?? '')) {
          const l = layers.get(msg.id);
          if (l) l.current = l.total;
        }
        if (msg.status && !msg.id) status = msg.status;
        show();
      });
    } catch (err) {
      error = (err as Error).message;
    }
    if (!error) for (const l of layers.values()) l.current = l.total;
    show();
    setBusy(false);
  };
  const pct = progress && progress.total ? Math.round((progress.current / progress.total) * 100) : undefined;
  return (
    <form class="pull toolbar" onSubmit={pull}>
      <label>
        Pull image <input name="ref" value={ref} onInput={(e) => setRef(e.currentTarget.value)} placeholder="busybox:latest" required />
      </label>
      <button type="submit" disabled={busy}>
        Pull
      </button>
      {progress && (
        <div class="pull-progress" aria-live="polite">
          <progress max={100} value={progress.error ? 0 : (pct ?? (busy ? undefined : 100))} aria-label="Pull progress" />
          <span class={progress.error ? 'error' : 'muted'} data-pull-status>
            {progress.error ?? `${progress.status}${pct !== undefined ? ` (${pct} %, ${size(progress.current)} of ${size(progress.total)})` : ''}`}
          </span>
        </div>
      )}
    </form>
  );
}

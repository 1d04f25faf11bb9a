/**
 * Progress as Docker reports it: events shaped like moby's JSON messages, the
 * rendered bar old clients read from `progress`, and byte counters throttled so a
 * fast download does not flood the stream (moby updates at most every 100 ms).
 */
import { humanSize } from '../../util/units.js';
import type { ProgressEvent, ProgressSink } from './types.js';

/** moby's jsonmessage.JSONMessage, as the API writes it. */
export interface JsonMessage {
  status?: string;
  id?: string;
  progress?: string;
  progressDetail?: { current?: number; total?: number };
  aux?: Record<string, unknown>;
}

const UPDATE_EVERY_MS = 100;
const BAR_WIDTH = 50;

/** The `[====>     ]  1.2MB/3.4MB` moby renders for a client that cannot. */
export function progressBar(current: number, total: number | undefined): string {
  if (current <= 0 && !total) return '';
  if (!total || total <= 0) return humanSize(current).padStart(8);
  const filled = Math.min(BAR_WIDTH, Math.floor(Math.floor((current / total) * 100) / 2));
  const bar = `[${'='.repeat(filled)}>${' '.repeat(BAR_WIDTH - filled)}] `;
  const numbers = current > total ? humanSize(current).padStart(8) : `${humanSize(current).padStart(8)}/${humanSize(total)}`;
  return bar + numbers;
}

export function toJsonMessage(e: ProgressEvent): JsonMessage {
  const m: JsonMessage = {};
  if (e.status !== undefined) m.status = e.status;
  if (e.progressDetail !== undefined) {
    m.progressDetail = e.progressDetail;
    const bar = progressBar(e.progressDetail.current ?? 0, e.progressDetail.total);
    if (bar) m.progress = bar;
  }
  if (e.id !== undefined) m.id = e.id;
  if (e.aux !== undefined) m.aux = e.aux;
  return m;
}

/** Emits Docker's messages for one operation; a no-op sink when nobody listens. */
export class Progress {
  constructor(private readonly sink: ProgressSink = () => undefined) {}

  /** A whole-operation line (`Digest: …`), or one for an id without progress detail (`latest: Pulling from …`). */
  message(status: string, id?: string): void {
    this.sink(id === undefined ? { status } : { status, id });
  }

  /** A per-blob state change (`Pulling fs layer`, `Pushed`). */
  update(id: string, status: string): void {
    this.sink({ status, progressDetail: {}, id });
  }

  aux(aux: Record<string, unknown>): void {
    this.sink({ progressDetail: {}, aux });
  }

  /** A byte counter for `id` under `status` (`Downloading`, `Pushing`): call it with the running total. */
  counter(id: string, status: string, total: number): (current: number) => void {
    let last = 0;
    return (current) => {
      const now = Date.now();
      if (current < total && now - last < UPDATE_EVERY_MS) return;
      last = now;
      this.sink({ status, progressDetail: { current, total }, id });
    };
  }
}

/**
 * The daemon's event log: a ring of the most recent events for `since`
 * replay, and live subscribers. Subscribing takes the replay snapshot and
 * registers the live listener in one synchronous step, so no event can fall
 * between them.
 */
import type { EventMessage } from '../../apitypes/system.js';
import { AsyncQueue } from '../../util/async-queue.js';
import type { EventsOptions } from '../types.js';
import { eventFilter, type EventPredicate } from './filter.js';

export type EventType = EventMessage['Type'];

export interface EventActor {
  ID: string;
  Attributes: Record<string, string>;
}

interface Subscriber {
  accept: EventPredicate;
  push(ev: EventMessage): void;
}

export class EventBus {
  private readonly ring: EventMessage[] = [];
  private readonly subscribers = new Set<Subscriber>();
  private lastNano = 0;

  constructor(private readonly capacity = 1024) {}

  publish(type: EventType, action: string, actor: EventActor): EventMessage {
    // Nanosecond clock from the millisecond one, kept strictly increasing so replay order is total.
    const nano = Math.max(Date.now() * 1e6, this.lastNano + 1000);
    this.lastNano = nano;
    const ev: EventMessage = {
      Type: type,
      Action: action,
      Actor: { ID: actor.ID, Attributes: { ...actor.Attributes } },
      scope: 'local',
      time: Math.floor(nano / 1e9),
      timeNano: nano,
    };
    // Deprecated fields older clients still read.
    if (type === 'container' || type === 'image') {
      ev.status = action;
      ev.id = actor.ID;
      if (type === 'container' && actor.Attributes['image'] !== undefined) ev.from = actor.Attributes['image'];
    }
    this.ring.push(ev);
    if (this.ring.length > this.capacity) this.ring.shift();
    for (const sub of this.subscribers) if (sub.accept(ev)) sub.push(ev);
    return ev;
  }

  /**
   * Replays stored events from `since` (when given), then follows live events
   * until `until`, the abort signal, or the consumer stops iterating.
   * Throws synchronously on invalid filters.
   */
  subscribe(opts: EventsOptions = {}): AsyncIterable<EventMessage> {
    const accept = eventFilter(opts.filters);
    const sinceNano = opts.since !== undefined ? opts.since * 1e9 : undefined;
    const untilNano = opts.until !== undefined ? opts.until * 1e9 : undefined;
    const queue = new AsyncQueue<EventMessage>();
    if (sinceNano !== undefined || untilNano !== undefined) {
      for (const ev of this.ring) if (ev.timeNano >= (sinceNano ?? 0) && (untilNano === undefined || ev.timeNano <= untilNano) && accept(ev)) queue.push(ev);
    }
    const sub: Subscriber = { accept, push: (ev) => queue.push(ev) };
    let timer: NodeJS.Timeout | undefined;
    // Also runs when the consumer never iterates (aborted before the first read), so nothing leaks.
    const end = (): void => {
      queue.end();
      this.subscribers.delete(sub);
      if (timer) clearTimeout(timer);
      opts.signal?.removeEventListener('abort', end);
    };
    if (untilNano !== undefined && untilNano <= Date.now() * 1e6) queue.end();
    else {
      this.subscribers.add(sub);
      if (untilNano !== undefined) timer = setTimeout(end, untilNano / 1e6 - Date.now());
      if (opts.signal?.aborted) end();
      else opts.signal?.addEventListener('abort', end, { once: true });
    }
    queue.onClose = end;
    return queue;
  }
}

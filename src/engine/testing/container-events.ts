/** Container events as a test sees them: recorded from the engine's bus, then read per container. */
import type { EventMessage } from '../../apitypes/system.js';
import type { Engine } from '../index.js';

export function recordEvents(engine: Engine): { events: EventMessage[]; stop(): void } {
  const abort = new AbortController();
  const events: EventMessage[] = [];
  void (async () => {
    for await (const ev of engine.system.events({ signal: abort.signal, filters: { type: ['container'] } })) events.push(ev);
  })();
  return { events, stop: () => abort.abort() };
}

/** The actions of one container's events, in order. */
export const actions = (events: EventMessage[], id: string): string[] => events.filter((e) => e.Actor.ID === id).map((e) => e.Action);

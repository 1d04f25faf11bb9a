/** SystemService: version, info, events and disk usage. */
import type { EventMessage, InfoResponse, VersionResponse } from '../../apitypes/system.js';
import type { EngineContext } from '../context.js';
import type { EventsOptions, SystemService } from '../types.js';
import { diskUsage } from './df.js';
import { engineId, systemInfo } from './info.js';
import { versionInfo } from './version.js';

export class SystemServiceImpl implements SystemService {
  private id = '';

  constructor(private readonly ctx: EngineContext) {}

  /** Read (or create) the persistent engine id that info reports. */
  async init(): Promise<void> {
    this.id = await engineId(this.ctx.deps.dataRoot);
  }

  version(): VersionResponse {
    return versionInfo();
  }

  info(): Promise<InfoResponse> {
    return systemInfo(this.ctx, this.id);
  }

  events(opts: EventsOptions): AsyncIterable<EventMessage> {
    return this.ctx.events.subscribe(opts);
  }

  df(): Promise<Record<string, unknown>> {
    return diskUsage(this.ctx);
  }
}

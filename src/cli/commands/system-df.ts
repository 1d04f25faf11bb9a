import { diskUsage } from '../../client/system.js';
import { renderRows } from '../format/formatter.js';
import { TemplateStruct } from '../format/value.js';
import type { Command } from '../lib/command.js';
import { FORMAT_FLAG, listFormat } from '../lib/list-format.js';
import { humanSize } from '../../util/units.js';
import { verboseDiskUsage } from '../lib/df-verbose.js';

const DF_TABLE_FORMAT = 'table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}';
const DF_HEADERS = { Type: 'TYPE', TotalCount: 'TOTAL', Active: 'ACTIVE', Size: 'SIZE', Reclaimable: 'RECLAIMABLE' };

/** One row of `system df`: reclaimable shows its share of the total when the total is not zero. */
class UsageRow extends TemplateStruct {
  readonly goType = '*formatter.diskUsageContext';
  protected readonly jsonFields = ['Active', 'Reclaimable', 'Size', 'TotalCount', 'Type'];
  constructor(
    private readonly type: string,
    private readonly total: number,
    private readonly active: number,
    private readonly size: number,
    private readonly reclaimable: number,
  ) {
    super();
  }
  Type(): string {
    return this.type;
  }
  TotalCount(): string {
    return String(this.total);
  }
  Active(): string {
    return String(this.active);
  }
  Size(): string {
    return humanSize(this.size);
  }
  Reclaimable(): string {
    const r = humanSize(this.reclaimable);
    return this.size > 0 ? `${r} (${Math.trunc((this.reclaimable * 100) / this.size)}%)` : r;
  }
}

export const command: Command = {
  name: 'df',
  usage: '[OPTIONS]',
  description: 'Show Wharf disk usage',
  maxArgs: 0,
  flags: [FORMAT_FLAG, { name: 'verbose', short: 'v', type: 'bool', description: 'Show detailed information on space usage' }],
  async run(ctx, flags) {
    const du = await diskUsage(ctx.client);
    if (flags.bool('verbose') && flags.string('format') === '') return void ctx.stdout.write(verboseDiskUsage(du));
    const images = du.Images ?? [];
    const layers = du.LayersSize ?? 0;
    const inUse = images.filter((i) => i.Containers > 0);
    const usedByContainers = inUse.reduce((sum, i) => sum + (i.SharedSize === -1 ? 0 : i.Size - i.SharedSize), 0);
    const containers = du.Containers ?? [];
    const isActive = (s: string): boolean => s === 'running' || s === 'paused' || s === 'restarting';
    const containerSize = containers.reduce((sum, c) => sum + (c.SizeRw ?? 0), 0);
    const idleSize = containers.filter((c) => !isActive(c.State)).reduce((sum, c) => sum + (c.SizeRw ?? 0), 0);
    const volumes = du.Volumes ?? [];
    const volumeSize = volumes.reduce((sum, v) => sum + Math.max(0, v.UsageData?.Size ?? 0), 0);
    const unusedVolumes = volumes.filter((v) => (v.UsageData?.RefCount ?? 0) === 0).reduce((sum, v) => sum + Math.max(0, v.UsageData?.Size ?? 0), 0);
    const cache = du.BuildCache ?? [];
    const cacheSize = cache.reduce((sum, b) => sum + b.Size, 0);
    const rows = [
      new UsageRow('Images', images.length, inUse.length, layers, layers - usedByContainers),
      new UsageRow('Containers', containers.length, containers.filter((c) => isActive(c.State)).length, containerSize, idleSize),
      new UsageRow('Local Volumes', volumes.length, volumes.filter((v) => (v.UsageData?.RefCount ?? 0) > 0).length, volumeSize, unusedVolumes),
      new UsageRow('Build Cache', cache.length, cache.filter((b) => b.InUse).length, cacheSize, cache.filter((b) => !b.InUse && !b.Shared).reduce((s, b) => s + b.Size, 0)),
    ];
    ctx.stdout.write(renderRows(listFormat(flags.string('format'), { quiet: false, table: DF_TABLE_FORMAT }), rows, DF_HEADERS));
  },
};

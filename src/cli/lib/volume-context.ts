/** `volume ls` rows as templates see them: docker's volumeContext. */
import type { Volume } from '../../apitypes/volumes.js';
import { TemplateStruct } from '../format/value.js';
import { sortedLabels } from './text.js';
import { humanSize } from '../../util/units.js';

export const VOLUME_TABLE_FORMAT = 'table {{.Driver}}\t{{.Name}}';
export const VOLUME_QUIET_FORMAT = '{{.Name}}';

export const VOLUME_HEADERS: Readonly<Record<string, string>> = {
  Name: 'VOLUME NAME',
  Driver: 'DRIVER',
  Scope: 'SCOPE',
  Mountpoint: 'MOUNTPOINT',
  Labels: 'LABELS',
  Links: 'LINKS',
  Size: 'SIZE',
};

export class VolumeContext extends TemplateStruct {
  readonly goType = '*formatter.volumeContext';
  protected readonly jsonFields = ['Driver', 'Labels', 'Links', 'Mountpoint', 'Name', 'Scope', 'Size'];

  constructor(private readonly v: Volume) {
    super();
  }

  Name(): string {
    return this.v.Name;
  }
  Driver(): string {
    return this.v.Driver;
  }
  Scope(): string {
    return this.v.Scope;
  }
  Mountpoint(): string {
    return this.v.Mountpoint;
  }
  Labels(): string {
    return sortedLabels(this.v.Labels);
  }
  Label(name: string): string {
    return this.v.Labels?.[name] ?? '';
  }
  Links(): string {
    const n = this.v.UsageData?.RefCount ?? -1;
    return n < 0 ? 'N/A' : String(n);
  }
  Size(): string {
    const n = this.v.UsageData?.Size ?? -1;
    return n < 0 ? 'N/A' : humanSize(n);
  }
}

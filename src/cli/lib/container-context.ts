/**
 * A `ps` row as templates see it: docker's ContainerContext, with the same
 * fields, column names, truncation and JSON form.
 */
import type { ContainerSummary } from '../../apitypes/containers.js';
import { familiarString, parseNormalizedNamed } from '../../oci/reference.js';
import { shortId } from '../../util/ids.js';
import { TemplateStruct } from '../format/value.js';
import { ellipsis, sortedLabels } from './text.js';
import { displayablePorts } from './port-display.js';
import { goTimeString } from './timefmt.js';
import { humanSize, timeAgo } from '../../util/units.js';

export const CONTAINER_TABLE_FORMAT = 'table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}';

export const CONTAINER_HEADERS: Readonly<Record<string, string>> = {
  ID: 'CONTAINER ID',
  Names: 'NAMES',
  Image: 'IMAGE',
  Command: 'COMMAND',
  CreatedAt: 'CREATED AT',
  RunningFor: 'CREATED',
  Ports: 'PORTS',
  State: 'STATE',
  Status: 'STATUS',
  Size: 'SIZE',
  Labels: 'LABELS',
  Mounts: 'MOUNTS',
  LocalVolumes: 'LOCAL VOLUMES',
  Networks: 'NETWORKS',
};

/** A summary with nothing in it: what docker runs a --format over to check it before listing. */
export const EMPTY_SUMMARY: ContainerSummary = {
  Id: '',
  Names: [],
  Image: '',
  ImageID: '',
  Command: '',
  Created: 0,
  Ports: [],
  Labels: {},
  State: 'created',
  Status: '',
  HostConfig: { NetworkMode: '' },
  NetworkSettings: { Networks: {} },
  Mounts: [],
};

export class ContainerContext extends TemplateStruct {
  readonly goType = '*formatter.ContainerContext';
  protected readonly jsonFields = ['Command', 'CreatedAt', 'ID', 'Image', 'Labels', 'LocalVolumes', 'Mounts', 'Names', 'Networks', 'Platform', 'Ports', 'RunningFor', 'Size', 'State', 'Status'];

  constructor(
    private readonly c: ContainerSummary,
    private readonly trunc: boolean,
  ) {
    super();
  }

  ID(): string {
    return this.trunc ? shortId(this.c.Id) : this.c.Id;
  }

  Names(): string {
    const names = (this.c.Names ?? []).map((n) => n.replace(/^\//, ''));
    // Truncated: the first name that is not a legacy link (`other/alias`).
    if (this.trunc) return names.find((n) => !n.includes('/')) ?? '';
    return names.join(',');
  }

  Image(): string {
    const image = this.c.Image;
    if (!image) return '<no image>';
    if (!this.trunc) return image;
    if (this.c.ImageID && shortId(this.c.ImageID) === shortId(image)) return shortId(image);
    try {
      const ref = parseNormalizedNamed(image);
      return familiarString({ domain: ref.domain, path: ref.path, tag: ref.tag });
    } catch {
      return image;
    }
  }

  Command(): string {
    const command = this.trunc ? ellipsis(this.c.Command ?? '', 20) : (this.c.Command ?? '');
    return JSON.stringify(command);
  }

  CreatedAt(): string {
    return goTimeString(new Date(this.c.Created * 1000));
  }

  RunningFor(): string {
    return timeAgo(this.c.Created);
  }

  /** The image's platform when the daemon reports it (API 1.48+); Wharf's API does not, so none. */
  Platform(): null {
    return null;
  }

  Ports(): string {
    return displayablePorts(this.c.Ports ?? []);
  }

  State(): string {
    return this.c.State;
  }

  Status(): string {
    return this.c.Status;
  }

  Size(): string {
    const rw = humanSize(this.c.SizeRw ?? 0, 3);
    const rootfs = this.c.SizeRootFs ?? 0;
    return rootfs > 0 ? `${rw} (virtual ${humanSize(rootfs, 3)})` : rw;
  }

  Labels(): string {
    return sortedLabels(this.c.Labels);
  }

  Label(name: string): string {
    return this.c.Labels?.[name] ?? '';
  }

  Mounts(): string {
    return (this.c.Mounts ?? []).map((m) => (this.trunc ? ellipsis(m.Name || m.Source, 15) : m.Name || m.Source)).join(',');
  }

  LocalVolumes(): string {
    return String((this.c.Mounts ?? []).filter((m) => m.Driver === 'local').length);
  }

  Networks(): string {
    return Object.keys(this.c.NetworkSettings?.Networks ?? {}).join(',');
  }
}

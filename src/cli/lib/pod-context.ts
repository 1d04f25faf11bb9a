/** `pod ps` rows as templates see them, with podman's column names. */
import type { PodSummary } from '../../apitypes/pods.js';
import { shortId } from '../../util/ids.js';
import { timeAgo } from '../../util/units.js';
import { TemplateStruct } from '../format/value.js';
import { sortedLabels } from './text.js';
import { goTimeString } from './timefmt.js';

export const POD_TABLE_FORMAT = 'table {{.ID}}\t{{.Name}}\t{{.Status}}\t{{.Created}}\t{{.InfraID}}\t{{.NumberOfContainers}}';

export const POD_HEADERS: Readonly<Record<string, string>> = {
  ID: 'POD ID',
  Name: 'NAME',
  Status: 'STATUS',
  Created: 'CREATED',
  CreatedAt: 'CREATED AT',
  InfraID: 'INFRA ID',
  NumberOfContainers: '# OF CONTAINERS',
  Labels: 'LABELS',
  Networks: 'NETWORKS',
  ContainerNames: 'NAMES',
};

export class PodContext extends TemplateStruct {
  readonly goType = '*pods.podContext';
  protected readonly jsonFields = ['ContainerNames', 'Created', 'CreatedAt', 'ID', 'InfraID', 'Labels', 'Name', 'Networks', 'NumberOfContainers', 'Status'];

  constructor(
    private readonly p: PodSummary,
    private readonly trunc: boolean,
  ) {
    super();
  }

  ID(): string {
    return this.trunc ? shortId(this.p.Id) : this.p.Id;
  }
  Name(): string {
    return this.p.Name;
  }
  Status(): string {
    return this.p.Status;
  }
  Created(): string {
    return timeAgo(Date.parse(this.p.Created) / 1000);
  }
  CreatedAt(): string {
    return goTimeString(new Date(this.p.Created));
  }
  InfraID(): string {
    return this.trunc ? shortId(this.p.InfraId) : this.p.InfraId;
  }
  NumberOfContainers(): number {
    return this.p.Containers.length;
  }
  ContainerNames(): string {
    return this.p.Containers.map((c) => c.Name).join(',');
  }
  Labels(): string {
    return sortedLabels(this.p.Labels);
  }
  Label(name: string): string {
    return this.p.Labels[name] ?? '';
  }
  Networks(): string {
    return this.p.Networks.join(',');
  }
}

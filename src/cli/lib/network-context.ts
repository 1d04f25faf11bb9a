/** `network ls` rows as templates see them: docker's networkContext. */
import type { NetworkResource } from '../../apitypes/networks.js';
import { shortId } from '../../util/ids.js';
import { TemplateStruct } from '../format/value.js';
import { goTimeString } from './timefmt.js';

export const NETWORK_TABLE_FORMAT = 'table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}';

export const NETWORK_HEADERS: Readonly<Record<string, string>> = {
  ID: 'NETWORK ID',
  Name: 'NAME',
  Driver: 'DRIVER',
  Scope: 'SCOPE',
  IPv6: 'IPV6',
  Internal: 'INTERNAL',
  Labels: 'LABELS',
  CreatedAt: 'CREATED AT',
};

export class NetworkContext extends TemplateStruct {
  readonly goType = '*formatter.networkContext';
  protected readonly jsonFields = ['CreatedAt', 'Driver', 'ID', 'IPv6', 'Internal', 'Labels', 'Name', 'Scope'];

  constructor(
    private readonly n: NetworkResource,
    private readonly trunc: boolean,
  ) {
    super();
  }

  ID(): string {
    return this.trunc ? shortId(this.n.Id) : this.n.Id;
  }
  Name(): string {
    return this.n.Name;
  }
  Driver(): string {
    return this.n.Driver;
  }
  Scope(): string {
    return this.n.Scope;
  }
  IPv6(): string {
    return String(this.n.EnableIPv6);
  }
  Internal(): string {
    return String(this.n.Internal);
  }
  Labels(): string {
    return Object.entries(this.n.Labels ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
  }
  CreatedAt(): string {
    return goTimeString(new Date(this.n.Created));
  }
}

/** A `compose ps` row: docker's container row plus Compose v2's fields (Name, Service, Project, Health…). */
import type { ContainerSummary } from '../../apitypes/containers.js';
import { ContainerContext } from '../../cli/lib/container-context.js';
import { LABELS } from '../types.js';
import { plainName } from './naming.js';

export const PS_TABLE_FORMAT = 'table {{.Name}}\t{{.Image}}\t{{.Command}}\t{{.Service}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}';

export const PS_HEADERS: Readonly<Record<string, string>> = {
  Name: 'NAME',
  Image: 'IMAGE',
  Command: 'COMMAND',
  Service: 'SERVICE',
  RunningFor: 'CREATED',
  Status: 'STATUS',
  Ports: 'PORTS',
  ID: 'CONTAINER ID',
  Project: 'PROJECT',
  State: 'STATE',
  Health: 'HEALTH',
  ExitCode: 'EXIT CODE',
};

export class ComposeContainerRow extends ContainerContext {
  override readonly goType = '*formatter.ContainerContext';
  protected override readonly jsonFields = ['Command', 'CreatedAt', 'ExitCode', 'Health', 'ID', 'Image', 'Labels', 'LocalVolumes', 'Mounts', 'Name', 'Names', 'Networks', 'Ports', 'Project', 'Publishers', 'RunningFor', 'Service', 'Size', 'State', 'Status'];

  constructor(
    private readonly summary: ContainerSummary,
    trunc: boolean,
  ) {
    super(summary, trunc);
  }

  Name(): string {
    return plainName(this.summary.Names);
  }

  Service(): string {
    return this.summary.Labels?.[LABELS.service] ?? '';
  }

  Project(): string {
    return this.summary.Labels?.[LABELS.project] ?? '';
  }

  /** The health word in the engine's status, `(healthy)` → healthy. */
  Health(): string {
    return /\((healthy|unhealthy|health: starting)\)/.exec(this.summary.Status)?.[1]?.replace('health: ', '') ?? '';
  }

  ExitCode(): number {
    return Number(/^Exited \((\d+)\)/.exec(this.summary.Status)?.[1] ?? 0);
  }

  Publishers(): Array<{ URL: string; TargetPort: number; PublishedPort: number; Protocol: string }> {
    return (this.summary.Ports ?? []).map((p) => ({ URL: p.IP ?? '', TargetPort: p.PrivatePort, PublishedPort: p.PublicPort ?? 0, Protocol: p.Type }));
  }
}

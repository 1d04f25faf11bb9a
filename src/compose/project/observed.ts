/** What the engine holds of a project: its containers, found by their labels alone. */
import type { ContainerStatus, ContainerSummary } from '../../apitypes/containers.js';
import type { ApiClient } from '../../client/client.js';
import { listContainers } from '../../client/containers.js';
import { LABELS } from '../types.js';
import { projectFilter } from './labels.js';
import { plainName } from './naming.js';

export interface ObservedContainer {
  id: string;
  name: string;
  service: string;
  number: number;
  hash: string;
  oneoff: boolean;
  state: ContainerStatus;
  imageId: string;
  summary: ContainerSummary;
}

export function observe(c: ContainerSummary): ObservedContainer {
  const l = c.Labels ?? {};
  return {
    id: c.Id,
    name: plainName(c.Names),
    service: l[LABELS.service] ?? '',
    number: Number(l[LABELS.containerNumber] ?? 0),
    hash: l[LABELS.configHash] ?? '',
    oneoff: l[LABELS.oneoff] === 'True',
    state: c.State,
    imageId: c.ImageID,
    summary: c,
  };
}

export interface ContainerQuery {
  /** Stopped ones too (default true). */
  all?: boolean;
  /** undefined: both; false: the services' own (what `up` manages); true: `run`'s. */
  oneoff?: boolean;
  services?: readonly string[];
}

/** The project's containers, by service then number. */
export async function projectContainers(client: ApiClient, project: string, q: ContainerQuery = {}): Promise<ObservedContainer[]> {
  const label = q.oneoff === undefined ? [] : [`${LABELS.oneoff}=${q.oneoff ? 'True' : 'False'}`];
  const list = await listContainers(client, { all: q.all ?? true, filters: projectFilter(project, { label }) });
  const wanted = q.services && q.services.length > 0 ? new Set(q.services) : undefined;
  return list
    .map(observe)
    .filter((c) => !wanted || wanted.has(c.service))
    .sort((a, b) => a.service.localeCompare(b.service) || a.number - b.number || a.name.localeCompare(b.name));
}

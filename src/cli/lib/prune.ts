/** The container, volume and image parts of prune output, shared by the `prune` commands and `system prune`. */
import type { Filters } from '../../apitypes/containers.js';
import type { ApiClient } from '../../client/client.js';
import { pruneContainers } from '../../client/containers.js';
import { pruneImages } from '../../client/images.js';
import { pruneVolumes } from '../../client/volumes.js';
import { pruneNetworks } from '../../client/networks.js';
import type { Command } from './command.js';
import { humanSize } from '../../util/units.js';

export interface PruneReport {
  output: string;
  spaceReclaimed: number;
}

export async function pruneContainersReport(c: ApiClient, filters: Filters): Promise<PruneReport> {
  const r = await pruneContainers(c, filters);
  const deleted = r.ContainersDeleted ?? [];
  const output = deleted.length > 0 ? `Deleted Containers:\n${deleted.map((id) => `${id}\n`).join('')}\n` : '';
  return { output, spaceReclaimed: r.SpaceReclaimed ?? 0 };
}

export async function pruneVolumesReport(c: ApiClient, filters: Filters): Promise<PruneReport> {
  const r = await pruneVolumes(c, filters);
  const deleted = r.VolumesDeleted ?? [];
  const output = deleted.length > 0 ? `Deleted Volumes:\n${deleted.map((n) => `${n}\n`).join('')}\n` : '';
  return { output, spaceReclaimed: r.SpaceReclaimed ?? 0 };
}

export async function pruneNetworksReport(c: ApiClient, filters: Filters): Promise<string> {
  const deleted = (await pruneNetworks(c, filters)).NetworksDeleted ?? [];
  return deleted.length > 0 ? `Deleted Networks:\n${deleted.map((n) => `${n}\n`).join('')}\n` : '';
}

/** all: every image without a container, else only dangling ones. */
export async function pruneImagesReport(c: ApiClient, filters: Filters, all: boolean): Promise<PruneReport> {
  const r = await pruneImages(c, { ...filters, dangling: [all ? 'false' : 'true'] });
  const items = r.ImagesDeleted ?? [];
  let output = '';
  if (items.length > 0) {
    output = 'Deleted Images:\n';
    for (const i of items) {
      if (i.Untagged) output += `untagged: ${i.Untagged}\n`;
      if (i.Deleted) output += `deleted: ${i.Deleted}\n`;
    }
    output += '\n';
  }
  return { output, spaceReclaimed: r.SpaceReclaimed ?? 0 };
}

export function totalReclaimed(bytes: number): string {
  return `Total reclaimed space: ${humanSize(bytes)}\n`;
}

export const PRUNE_FLAGS: Command['flags'] = [
  { name: 'filter', type: 'list', description: 'Provide filter values (e.g. "until=<timestamp>")' },
  { name: 'force', short: 'f', type: 'bool', description: 'Do not prompt for confirmation' },
];

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

/** `Deleted <Kind>:` and one name a line, then a blank line; nothing when nothing went. */
function deletedList(kind: string, names: readonly string[]): string {
  return names.length > 0 ? `Deleted ${kind}:\n${names.map((n) => `${n}\n`).join('')}\n` : '';
}

export async function pruneContainersReport(c: ApiClient, filters: Filters): Promise<PruneReport> {
  const r = await pruneContainers(c, filters);
  return { output: deletedList('Containers', r.ContainersDeleted ?? []), spaceReclaimed: r.SpaceReclaimed ?? 0 };
}

export async function pruneVolumesReport(c: ApiClient, filters: Filters): Promise<PruneReport> {
  const r = await pruneVolumes(c, filters);
  return { output: deletedList('Volumes', r.VolumesDeleted ?? []), spaceReclaimed: r.SpaceReclaimed ?? 0 };
}

export async function pruneNetworksReport(c: ApiClient, filters: Filters): Promise<string> {
  return deletedList('Networks', (await pruneNetworks(c, filters)).NetworksDeleted ?? []);
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

/**
 * The labels Compose v2 puts on what it creates, and the filters that find a
 * project's objects again by them: the labels are the only state Compose keeps.
 */
import type { Filters } from '../../apitypes/containers.js';
import { LABELS, type Project } from '../types.js';

/** What `com.docker.compose.version` says: the Compose version whose behaviour this follows. */
export const COMPOSE_VERSION = '2.29.0';

export function projectFilter(project: string, extra: Filters = {}): Filters {
  const label = [`${LABELS.project}=${project}`, ...(extra.label ?? [])];
  return { ...extra, label };
}

export function projectLabels(project: Project): Record<string, string> {
  return {
    [LABELS.project]: project.name,
    [LABELS.workingDir]: project.workingDir,
    [LABELS.configFiles]: project.configFiles.join(','),
    [LABELS.version]: COMPOSE_VERSION,
  };
}

export function networkLabels(project: Project, key: string): Record<string, string> {
  return { [LABELS.project]: project.name, [LABELS.network]: key, [LABELS.version]: COMPOSE_VERSION };
}

export function volumeLabels(project: Project, key: string): Record<string, string> {
  return { [LABELS.project]: project.name, [LABELS.volume]: key, [LABELS.version]: COMPOSE_VERSION };
}

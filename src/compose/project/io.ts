/** What every action works with: the API client, the loaded project and where to report. */
import type { ApiClient } from '../../client/client.js';
import { invalidArgument } from '../../errdefs/index.js';
import type { Project, ServiceConfig } from '../types.js';
import type { Progress } from './progress.js';

export interface ComposeIo {
  client: ApiClient;
  project: Project;
  progress: Progress;
  env: Readonly<Record<string, string | undefined>>;
  /** Build and pull logs. */
  log: NodeJS.WriteStream;
  /** Warnings (`WARN[0000] …` in v2): stderr. */
  warn(text: string): void;
}

/**
 * The services named (all enabled ones when none), refusing unknown names as
 * v2 does; a service named on the command line is enabled even when its
 * profiles are not, as in v2.
 */
export function selectServices(project: Project, names: readonly string[]): ServiceConfig[] {
  if (names.length === 0) return Object.values(project.services);
  return names.map((n) => {
    const s = project.services[n] ?? project.disabledServices[n];
    if (!s) throw invalidArgument(`no such service: ${n}`);
    return s;
  });
}

/** How many containers a service wants: `--scale`, else deploy.replicas, else scale, else 1. */
export function replicasOf(s: ServiceConfig, override: Readonly<Record<string, number>> = {}): number {
  return override[s.name] ?? s.deploy?.replicas ?? s.scale ?? 1;
}

/**
 * Secrets and configs whose source is not a file (`content:`, `environment:`)
 * have nothing to bind: as Compose v2 does, they are written into the created
 * container through `PUT /containers/{id}/archive`, before it starts.
 */
import tar from 'tar-stream';
import type { ApiClient } from '../../client/client.js';
import { putContainerArchive } from '../../client/containers.js';
import { invalidArgument } from '../../errdefs/index.js';
import type { FileObjectConfig, Project, ServiceConfig, ServiceObjectRef } from '../types.js';

export interface InjectedFile {
  /** Absolute path in the container. */
  path: string;
  content: string;
  mode: number;
  uid: number;
  gid: number;
}

export type ObjectKind = 'secret' | 'config';

/** Where a secret or config appears: `/run/secrets/<name>` and `/<name>` unless a target says. */
export function objectTarget(kind: ObjectKind, ref: ServiceObjectRef): string {
  if (ref.target?.startsWith('/')) return ref.target;
  return `${kind === 'secret' ? '/run/secrets/' : '/'}${ref.target ?? ref.source}`;
}

/** The definition a service's reference names, refused when the project has none. */
export function objectDefinition(project: Project, s: ServiceConfig, kind: ObjectKind, ref: ServiceObjectRef): FileObjectConfig {
  const def = (kind === 'secret' ? project.secrets : project.configs)[ref.source];
  if (!def) throw invalidArgument(`service "${s.name}" refers to undefined ${kind} ${ref.source}: invalid compose project`);
  if (def.external) throw invalidArgument(`service "${s.name}": external ${kind} "${ref.source}" is not supported by a single engine`);
  return def;
}

export function injectedFiles(project: Project, s: ServiceConfig): InjectedFile[] {
  const files: InjectedFile[] = [];
  for (const [kind, refs] of [['secret', s.secrets], ['config', s.configs]] as const) {
    for (const ref of refs ?? []) {
      const def = objectDefinition(project, s, kind, ref);
      if (def.file) continue;
      const content = def.content ?? (def.environment !== undefined ? project.environment[def.environment] : undefined);
      if (content === undefined) throw invalidArgument(`service "${s.name}": ${kind} "${ref.source}" has no content: environment variable ${def.environment ?? ''} is not set`);
      files.push({ path: objectTarget(kind, ref), content, mode: ref.mode ?? 0o444, uid: Number(ref.uid ?? 0), gid: Number(ref.gid ?? 0) });
    }
  }
  return files;
}

export async function copyInjectedFiles(client: ApiClient, container: string, files: readonly InjectedFile[]): Promise<void> {
  if (files.length === 0) return;
  const pack = tar.pack();
  const dirs = new Set<string>();
  for (const f of files) {
    const parts = f.path.split('/').filter(Boolean);
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (dirs.has(dir)) continue;
      dirs.add(dir);
      pack.entry({ name: `${dir}/`, type: 'directory', mode: 0o755, uid: 0, gid: 0, mtime: new Date() });
    }
    pack.entry({ name: parts.join('/'), type: 'file', mode: f.mode, uid: f.uid, gid: f.gid, mtime: new Date() }, f.content);
  }
  pack.finalize();
  await putContainerArchive(client, container, '/', pack as unknown as NodeJS.ReadableStream);
}

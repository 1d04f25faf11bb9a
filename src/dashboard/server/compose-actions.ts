/**
 * `POST /compose/{project}/{up,down,restart}`: runs compose's own command in
 * this process for a project found by its containers' labels (the files and
 * directory `compose up` recorded), as `docker compose -p P -f … up -d` would.
 */
import type { ApiClient } from '../../client/client.js';
import { listContainers } from '../../client/containers.js';
import { internal, notFound } from '../../errdefs/index.js';

export const COMPOSE_ACTIONS = ['up', 'down', 'restart'] as const;
export type ComposeAction = (typeof COMPOSE_ACTIONS)[number];

const ACTION_ARGS: Readonly<Record<ComposeAction, readonly string[]>> = {
  up: ['up', '--detach'],
  down: ['down'],
  restart: ['restart'],
};

export function isComposeAction(s: string): s is ComposeAction {
  return (COMPOSE_ACTIONS as readonly string[]).includes(s);
}

/** compose's global flags naming the project's files, from the labels of one of its containers. */
async function projectFlags(client: ApiClient, project: string, labels: Readonly<Record<string, string>>): Promise<string[]> {
  const found = await listContainers(client, { all: true, filters: { label: [`${labels.project}=${project}`] } });
  const first = found[0]?.Labels ?? {};
  if (found.length === 0) throw notFound(`no such compose project: ${project}`);
  const flags = ['--project-name', project];
  const dir = first[labels.workingDir];
  if (dir) flags.push('--project-directory', dir);
  for (const f of (first[labels.configFiles] ?? '').split(',').filter(Boolean)) flags.push('--file', f);
  for (const f of (first[labels.environmentFile] ?? '').split(',').filter(Boolean)) flags.push('--env-file', f);
  return flags;
}

/** Runs the action; resolves when compose is done, rejects with its exit code when it fails. */
export async function runComposeAction(client: ApiClient, project: string, action: ComposeAction): Promise<void> {
  const { composeMain, LABELS } = await import('../../compose/index.js');
  const flags = await projectFlags(client, project, LABELS);
  const code = await composeMain([...flags, '--ansi', 'never', ...ACTION_ARGS[action]], { bin: 'wharf compose', host: client.host });
  if (code !== 0) throw internal(`compose ${action} failed for project ${project} (exit code ${code}; its output is in the dashboard's log)`);
}
